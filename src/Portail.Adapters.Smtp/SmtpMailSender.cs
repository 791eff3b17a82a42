using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using NodaTime;
using Portail.Notifications;

namespace Portail.Adapters.Smtp;

/// <summary>
/// Sends through an SMTP server with MailKit, one connection per message (simple and correct; the
/// outbox dispatcher sends in small batches). Failures are answers, not exceptions: a refused
/// recipient (5xx) or an invalid address is permanent, everything else (server down, timeout, 4xx)
/// temporary, so that the dispatcher retries.
/// </summary>
internal sealed class SmtpMailSender(SmtpMailOptions options, IClock clock) : IMailSender
{
    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count == 0 || MimeMessages.InvalidRecipients(message) is { Count: > 0 })
        {
            return new MailSendResult(MailSendStatus.PermanentFailure, $"Invalid recipient address: '{string.Join("', '", message.To.Count == 0 ? ["(none)"] : MimeMessages.InvalidRecipients(message))}'.");
        }

        var mime = MimeMessages.Build(message, options.SenderName, options.SenderAddress, clock.GetCurrentInstant());
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, Security(options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            var answer = await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            return new MailSendResult(MailSendStatus.Sent, answer);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return new MailSendResult(MailSendStatus.PermanentFailure, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpCommandException e)
        {
            return new MailSendResult(MailSendStatus.TemporaryFailure, $"{(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new MailSendResult(MailSendStatus.TemporaryFailure, e.Message);
        }
        catch (AuthenticationException e)
        {
            return new MailSendResult(MailSendStatus.TemporaryFailure, $"Authentication refused: {e.Message} (check SmtpMailOptions.UserName and Password).");
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
