using Microsoft.Extensions.Options;

namespace Portail.Adapters.Smtp;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it, plain otherwise (MailKit's <c>Auto</c>).</summary>
    Auto,

    /// <summary>No TLS: for a relay on the same machine or a test server only.</summary>
    None,

    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The SMTP server and the sender of Portail's mails; checked at start-up.</summary>
public sealed class SmtpMailOptions
{
    /// <summary>The server's host name.</summary>
    public string Host { get; set; } = "";

    /// <summary>The server's port.</summary>
    /// <value>587.</value>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured.</summary>
    /// <value><see cref="SmtpSecurity.StartTls"/>.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The account to authenticate with; empty for a server that needs none.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password.</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. <c>portail-famille@ville-cestas.fr</c>.</summary>
    public string SenderAddress { get; set; } = "";

    /// <summary>The sender's name, e.g. <c>Portail Famille de Cestas</c>.</summary>
    public string SenderName { get; set; } = "Portail Famille";

    /// <summary>How long one send may take before it counts as a temporary failure.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks <see cref="SmtpMailOptions"/>, naming each faulty property.</summary>
internal sealed class SmtpMailOptionsValidation : IValidateOptions<SmtpMailOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpMailOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("SmtpMailOptions.Host is empty: set the SMTP server's host name.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"SmtpMailOptions.Port is {options.Port}: a port is 1 to 65535 (587 for STARTTLS, 465 for SSL).");
        }

        if (!Enum.IsDefined(options.Security))
        {
            errors.Add($"SmtpMailOptions.Security is {(int)options.Security}: use Auto, None, StartTls or SslOnConnect.");
        }

        if (!MimeKit.MailboxAddress.TryParse(options.SenderAddress, out var sender) || !sender.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add($"SmtpMailOptions.SenderAddress is '{options.SenderAddress}': set the address Portail's mails come from (portail-famille@ville.fr).");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            errors.Add("SmtpMailOptions.UserName and SmtpMailOptions.Password go together: set both to authenticate, or neither.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"SmtpMailOptions.Timeout is {options.Timeout}: between 1 second and 10 minutes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
