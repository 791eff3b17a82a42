using NodaTime;
using Portail.Billing;
using Portail.Notifications;

namespace Portail.Payments;

/// <summary>
/// The payment attempts and their log (R-PAY-3). Every change is a conditional update on the
/// attempt's <see cref="PaymentAttempt.Version"/>; the wallet credit and the ticket mail of the move
/// to paid are written in the same transaction, under ids derived from the attempt, so that a second
/// delivery records nothing. A family has at most one live attempt (<see cref="PaymentStates.IsLive"/>).
/// </summary>
public interface IPaymentStore
{
    /// <summary>Records a new attempt; answers <see langword="false"/> (and records nothing) when the family already has a live attempt.</summary>
    ValueTask<bool> CreateAsync(PaymentAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the attempt by <paramref name="next"/> if the stored one is at version <c>next.Version − 1</c>,
    /// and in the same transaction appends <paramref name="credit"/> to the wallet ledger and
    /// <paramref name="mails"/> to the outbox (ids already there are skipped). Answers <see langword="false"/>,
    /// writing nothing, when the version differs or the move would give the family a second live attempt.
    /// </summary>
    ValueTask<bool> UpdateAsync(PaymentAttempt next, IReadOnlyList<WalletMovement> credit, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default);

    /// <summary>The attempt, or <see langword="null"/>.</summary>
    ValueTask<PaymentAttempt?> GetAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>The attempt the platform knows by <paramref name="providerReference"/> (idOp or token), or <see langword="null"/>.</summary>
    ValueTask<PaymentAttempt?> FindAsync(TenantId tenant, string providerReference, CancellationToken cancellationToken = default);

    /// <summary>The attempt sent to the platform as <paramref name="reference"/> (<c>refdet</c>), or <see langword="null"/>.</summary>
    ValueTask<PaymentAttempt?> FindByReferenceAsync(TenantId tenant, string reference, CancellationToken cancellationToken = default);

    /// <summary>The family's live attempt, or <see langword="null"/>.</summary>
    ValueTask<PaymentAttempt?> GetLiveAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>The tenant's attempts (of one family when given), newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<PaymentAttempt>> ListAsync(TenantId tenant, FamilyId? family, int limit, CancellationToken cancellationToken = default);

    /// <summary>Attempts of every tenant whose <see cref="PaymentAttempt.NextCheckAt"/> is at or before <paramref name="now"/> and that were created at or after <paramref name="createdSince"/>, oldest check first, at most <paramref name="max"/>.</summary>
    ValueTask<IReadOnlyList<PaymentAttempt>> ListDueAsync(Instant now, Instant createdSince, int max, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry to the payment log.</summary>
    ValueTask LogAsync(PaymentCallback entry, CancellationToken cancellationToken = default);

    /// <summary>The tenant's log entries (of one attempt when given), oldest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<PaymentCallback>> ListLogAsync(TenantId tenant, Guid? attempt, int limit, CancellationToken cancellationToken = default);
}

/// <summary>The checks every payment store makes before writing.</summary>
public static class PaymentStoreChecks
{
    /// <summary>The most rows a list returns.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Throws when an update cannot be recorded: a malformed attempt, movements or mails of another family or tenant, a version below 2.</summary>
    public static void ThrowIfMalformed(PaymentAttempt next, IReadOnlyList<WalletMovement> credit, IReadOnlyList<OutboxMail> mails)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(credit);
        ArgumentNullException.ThrowIfNull(mails);
        next.ThrowIfMalformed(nameof(next));
        if (next.Version < 2)
        {
            throw new ArgumentException($"next.Version is {next.Version}: an update writes the version after the stored one (2 or more).", "next.Version");
        }

        for (var i = 0; i < credit.Count; i++)
        {
            var m = credit[i] ?? throw new ArgumentException($"credit[{i}] is null.", nameof(credit));
            m.ThrowIfMalformed($"credit[{i}]");
            if (m.Family != next.Family || m.Kind != MovementKind.Payment)
            {
                throw new ArgumentException($"credit[{i}] is not a payment of family {next.Family}.", $"credit[{i}]");
            }
        }

        for (var i = 0; i < mails.Count; i++)
        {
            var mail = mails[i] ?? throw new ArgumentException($"mails[{i}] is null.", nameof(mails));
            mail.ThrowIfMalformed($"mails[{i}]");
            if (mail.Tenant != next.Tenant)
            {
                throw new ArgumentException($"mails[{i}] is of tenant {mail.Tenant}, the attempt of {next.Tenant}.", $"mails[{i}]");
            }
        }
    }

    /// <summary>Throws when a log entry cannot be recorded.</summary>
    public static void ThrowIfMalformed(PaymentCallback entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Id == Guid.Empty)
        {
            throw new ArgumentException("entry.Id is empty.", "entry.Id");
        }

        Identifier.Check(entry.Tenant.Value, "entry.Tenant");
        if (string.IsNullOrEmpty(entry.Outcome) || entry.Outcome.Length > PaymentCallback.MaxLength || entry.ProviderReference is { Length: > PaymentCallback.MaxLength })
        {
            throw new ArgumentException($"entry.Outcome is empty, or it or entry.ProviderReference is longer than {PaymentCallback.MaxLength} characters.", "entry.Outcome");
        }
    }

    /// <summary>Throws when a limit is outside 1 to <see cref="MaxLimit"/>.</summary>
    public static void ThrowIfBadLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A limit is 1 to {MaxLimit}.");
        }
    }
}
