namespace Portail.Notifications;

/// <summary>
/// A mail ready to go out (R-NTF): rendered, addressed, with a stable identity. The same message
/// handed to a sender twice (a retry after a crash between sending and marking it sent) carries the
/// same <see cref="MessageId"/>, so that the receiving side can drop the duplicate.
/// </summary>
/// <param name="Id">The outbox id of the mail; <see cref="MessageId"/> is derived from it.</param>
/// <param name="Tenant">The municipality that sends it (its sender name and address come from the sender's options).</param>
/// <param name="To">The recipients, at least one; every one receives it (R-ACC-5: reports go to all the family's addresses, the payment ticket to the first).</param>
/// <param name="Subject">The subject line, in French.</param>
/// <param name="Text">The plain-text part.</param>
/// <param name="Html">The HTML part.</param>
public sealed record MailMessage(Guid Id, TenantId Tenant, IReadOnlyList<string> To, string Subject, string Text, string Html)
{
    /// <summary>The RFC 5322 Message-Id, without angle brackets: <c>{Id:N}@{tenant}.portail</c>, stable across attempts.</summary>
    public string MessageId => $"{Id:N}@{Tenant.Value}.portail";
}

/// <summary>How a send attempt ended, as the dispatcher needs it to decide what comes next.</summary>
public enum MailSendStatus
{
    /// <summary>The server accepted the mail for every recipient.</summary>
    Sent,

    /// <summary>It may work later (server down, timeout, 4xx answer): try again after a back-off.</summary>
    TemporaryFailure,

    /// <summary>It will never work as it is (bad address, 5xx answer): mark it failed, visible to agents.</summary>
    PermanentFailure,
}

/// <summary>What a send attempt gave.</summary>
/// <param name="Status">Sent, or how it failed.</param>
/// <param name="ServerAnswer">The server's answer (or the error) for the agents' view; <see langword="null"/> when sent.</param>
public sealed record MailSendResult(MailSendStatus Status, string? ServerAnswer = null)
{
    /// <summary>The result of a mail accepted by the server.</summary>
    public static MailSendResult Sent { get; } = new(MailSendStatus.Sent);
}

/// <summary>
/// The port through which mails leave (SMTP through MailKit in <c>Portail.Adapters.Smtp</c>, or a
/// pickup folder for development). Only the outbox dispatcher calls it; everything else records
/// mails in the outbox, in the transaction of the change that causes them (ARCHITECTURE.md must 6).
/// </summary>
public interface IMailSender
{
    /// <summary>Sends one message; never throws for a failure of the server or the address, which it reports in the result.</summary>
    Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}
