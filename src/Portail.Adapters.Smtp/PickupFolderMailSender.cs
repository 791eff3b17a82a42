using NodaTime;
using Portail.Notifications;

namespace Portail.Adapters.Smtp;

/// <summary>
/// For development: writes each message as <c>{Message-Id}.eml</c> in a folder instead of sending
/// it, atomically (a temporary file renamed), so that a reader never sees half a mail and the same
/// message written twice replaces itself.
/// </summary>
internal sealed class PickupFolderMailSender(string folder, string senderName, string senderAddress, IClock clock) : IMailSender
{
    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count == 0 || MimeMessages.InvalidRecipients(message) is { Count: > 0 })
        {
            return new MailSendResult(MailSendStatus.PermanentFailure, "Invalid recipient address.");
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{message.Id:N}.eml");
        var temporary = path + ".tmp";
        var mime = MimeMessages.Build(message, senderName, senderAddress, clock.GetCurrentInstant());
        await using (var file = File.Create(temporary))
        {
            await mime.WriteToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
        return new MailSendResult(MailSendStatus.Sent, path);
    }
}
