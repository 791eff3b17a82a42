namespace Portail.SampleHost;

/// <summary>
/// The <c>Mail</c> section: how the portal's mails leave. <c>Mail:Provider</c> is <c>Pickup</c> (the
/// default: each mail written as an <c>.eml</c> file in <c>Mail:Pickup:Folder</c>, under the content
/// root unless absolute, nothing to install) or <c>Smtp</c> (<c>Mail:Smtp:Host</c>, <c>Port</c>,
/// <c>Security</c>, <c>UserName</c>, <c>Password</c>, <c>SenderAddress</c>, <c>SenderName</c>, checked
/// by the adapter when the host starts). Either way, the dispatcher and the nightly transmission run
/// in the background.
/// </summary>
internal static class HostMail
{
    public const string Section = "Mail";

    /// <summary>Calls <c>UsePickupFolderMail</c> or <c>UseSmtpMail</c> as the settings say; another provider stops the start-up, naming the setting.</summary>
    public static IPortailBuilder UseConfiguredMail(this IPortailBuilder portail, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(Section);
        var provider = section["Provider"];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Pickup", StringComparison.OrdinalIgnoreCase))
        {
            var folder = section["Pickup:Folder"];
            return portail.UsePickupFolderMail(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(folder) ? "App_Data/courriers" : folder));
        }

        if (provider.Equals("Smtp", StringComparison.OrdinalIgnoreCase))
        {
            return portail.UseSmtpMail(o => section.GetSection("Smtp").Bind(o));
        }

        throw new InvalidOperationException(
            $"{Section}:Provider is '{provider}': write Pickup (the default, .eml files in {Section}:Pickup:Folder) or Smtp (with {Section}:Smtp:Host, Port, SenderAddress…).");
    }
}
