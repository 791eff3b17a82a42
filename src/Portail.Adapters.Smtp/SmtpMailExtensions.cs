using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Adapters.Smtp;
using Portail.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses how Portail's mails leave.</summary>
public static class SmtpMailExtensions
{
    /// <summary>
    /// Sends Portail's mails through the SMTP server <paramref name="configure"/> describes (MailKit).
    /// The options are checked when the host starts, each faulty property named. The last
    /// <c>Use…Mail</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="configure">Sets <see cref="SmtpMailOptions"/>.</param>
    public static IPortailBuilder UseSmtpMail(this IPortailBuilder builder, Action<SmtpMailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.RemoveAll<IMailSender>();
        services.RemoveAll<IConfigureOptions<SmtpMailOptions>>();
        services.AddOptions<SmtpMailOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpMailOptions>, SmtpMailOptionsValidation>());
        services.AddSingleton<IMailSender>(sp => new SmtpMailSender(sp.GetRequiredService<IOptions<SmtpMailOptions>>().Value, sp.GetRequiredService<IClock>()));
        return builder;
    }

    /// <summary>
    /// For development: writes Portail's mails as <c>.eml</c> files in <paramref name="folder"/>
    /// (created if missing) instead of sending them. The last <c>Use…Mail</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="folder">A folder path; a relative path is relative to the current folder.</param>
    /// <param name="senderAddress">The From address written in the files.</param>
    public static IPortailBuilder UsePickupFolderMail(this IPortailBuilder builder, string folder, string senderAddress = "portail-famille@localhost")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderAddress);
        builder.Services.RemoveAll<IMailSender>();
        builder.Services.AddSingleton<IMailSender>(sp => new PickupFolderMailSender(Path.GetFullPath(folder), "Portail Famille", senderAddress, sp.GetRequiredService<IClock>()));
        return builder;
    }
}
