using MimeKit;
using NodaTime;
using Portail.Notifications;

namespace Portail.Adapters.Smtp;

/// <summary>Turns a <see cref="MailMessage"/> into MIME: multipart/alternative (plain text, then HTML), UTF-8, the stable Message-Id, the date from the clock.</summary>
internal static class MimeMessages
{
    /// <summary>The recipients that are not valid addresses, to refuse before connecting.</summary>
    public static IReadOnlyList<string> InvalidRecipients(MailMessage message) =>
        message.To.Where(to => !MailboxAddress.TryParse(to, out var box) || !box.Address.Contains('@', StringComparison.Ordinal)).ToList();

    public static MimeMessage Build(MailMessage message, string senderName, string senderAddress, Instant now)
    {
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject, Date = now.ToDateTimeOffset() };
        mime.From.Add(new MailboxAddress(senderName, senderAddress));
        foreach (var to in message.To)
        {
            mime.To.Add(MailboxAddress.Parse(to));
        }

        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }
}
