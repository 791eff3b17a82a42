using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace Portail.Notifications;

/// <summary>What a mail of the outbox is about; it picks the template that renders it (R-NTF-1, R-NTF-2).</summary>
/// <param name="Value">The kind's code, kept in the stores (at most <see cref="Identifier.MaxLength"/> characters).</param>
public readonly record struct MailKind(string Value)
{
    /// <summary>The nightly report of a family's booking requests (R-NTF-1).</summary>
    public static MailKind TransmissionReport { get; } = new("transmission-report");

    /// <summary>A waiting-list request accepted because a place became free (R-BSK-4).</summary>
    public static MailKind WaitlistPromoted { get; } = new("waitlist-promoted");

    /// <summary>The ticket of an online payment, to the first address only (R-PAY-4, R-ACC-5).</summary>
    public static MailKind PaymentTicket { get; } = new("payment-ticket");

    /// <summary>A fiche of the family file validated or rejected by the service (R-DOS-4).</summary>
    public static MailKind FicheReviewed { get; } = new("fiche-reviewed");

    /// <summary>The single-use link to choose a new password (R-ACC-4).</summary>
    public static MailKind PasswordReset { get; } = new("password-reset");

    /// <summary>Information from the service to the families of a structure (R-NTF-2).</summary>
    public static MailKind ServiceInformation { get; } = new("service-information");

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// A mail recorded in the outbox (ARCHITECTURE.md must 6), in the transaction of the change that
/// causes it. It holds the facts the mail tells (<see cref="Payload"/>), not its text: the
/// dispatcher renders it when it sends it (<see cref="MailRenderer"/>), with the tenant's texts and
/// the family's addresses of that moment.
/// </summary>
/// <param name="Id">Unique in the tenant, and derived from what caused the mail (<see cref="DeriveId"/>), so that recording the same cause twice records one mail; the Message-Id comes from it.</param>
/// <param name="Tenant">The municipality that sends it.</param>
/// <param name="Family">The family it is written to.</param>
/// <param name="Kind">Which template renders it.</param>
/// <param name="Payload">The facts, as JSON (at most <see cref="MaxPayloadLength"/> characters); its shape belongs to the kind.</param>
/// <param name="CreatedAt">When it was recorded: it is due from then.</param>
public sealed record OutboxMail(Guid Id, TenantId Tenant, FamilyId Family, MailKind Kind, string Payload, Instant CreatedAt)
{
    /// <summary>The longest payload kept.</summary>
    public const int MaxPayloadLength = 1_000_000;

    /// <summary>
    /// A stable id for the mail of one cause: the same tenant, kind and parts give the same id on every
    /// run and in every process (a name-based UUID from SHA-256, version 8), so that a store that is
    /// asked twice to record it keeps one.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="kind">The kind of mail.</param>
    /// <param name="parts">What identifies the cause (a booking's key and sequence, a report's movements…).</param>
    public static Guid DeriveId(TenantId tenant, MailKind kind, params IEnumerable<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var name = string.Join('\u001f', new[] { tenant.Value, kind.Value }.Concat(parts));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the mail cannot be recorded: an
    /// empty id, an invalid tenant, family or kind (<see cref="Identifier.Check"/>), a payload that is
    /// missing, too long or not JSON. Every store calls it before writing anything.
    /// </summary>
    /// <param name="field">How the caller names the mail (<c>mails[2]</c>).</param>
    public void ThrowIfMalformed(string field)
    {
        if (Id == Guid.Empty)
        {
            throw new ArgumentException($"{field}.Id is empty: derive it from the mail's cause (OutboxMail.DeriveId).", $"{field}.Id");
        }

        Identifier.Check(Tenant.Value, $"{field}.Tenant");
        Identifier.Check(Family.Value, $"{field}.Family");
        Identifier.Check(Kind.Value, $"{field}.Kind");
        if (string.IsNullOrEmpty(Payload) || Payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException($"{field}.Payload is {(string.IsNullOrEmpty(Payload) ? "empty" : $"{Payload.Length} characters long")}: a payload is JSON of 1 to {MaxPayloadLength} characters.", $"{field}.Payload");
        }

        try
        {
            using var document = JsonDocument.Parse(Payload);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{field}.Payload is not JSON: {e.Message}", $"{field}.Payload", e);
        }
    }
}

/// <summary>Where a mail of the outbox stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxEntry.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Claimed by a dispatcher, which holds it until <see cref="OutboxEntry.LeaseUntil"/>; after that, another may claim it.</summary>
    Sending,

    /// <summary>Accepted by the mail server. Never claimed again.</summary>
    Sent,

    /// <summary>Given up: the server refused it for good, it could not be rendered (no address), or its attempts ran out. <see cref="OutboxEntry.LastError"/> says why.</summary>
    Failed,
}

/// <summary>A mail of the outbox and where it stands (the agents' view).</summary>
/// <param name="Mail">The mail as recorded.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">How many times a dispatcher has claimed it.</param>
/// <param name="NextAttemptAt">When it is due (pending), or was last due.</param>
/// <param name="LeaseUntil">While <see cref="OutboxState.Sending"/>, until when the dispatcher that claimed it holds it.</param>
/// <param name="LastError">The server's last answer, or why it could not be sent; <see langword="null"/> once sent.</param>
/// <param name="SettledAt">When it was sent or given up.</param>
public sealed record OutboxEntry(OutboxMail Mail, OutboxState State, int Attempts, Instant NextAttemptAt, Instant? LeaseUntil, string? LastError, Instant? SettledAt);

/// <summary>A mail a dispatcher has claimed: nobody else claims it until <see cref="LeaseUntil"/>, and only this claim can settle it.</summary>
/// <param name="Mail">The mail.</param>
/// <param name="Attempt">Which attempt this is (1 for the first).</param>
/// <param name="Lease">The claim's token, which settling it must present.</param>
/// <param name="LeaseUntil">Until when the claim holds it.</param>
public sealed record ClaimedMail(OutboxMail Mail, int Attempt, Guid Lease, Instant LeaseUntil)
{
    /// <summary>The most mails one claim may take.</summary>
    public const int MaxBatch = 1000;

    /// <summary>Throws an <see cref="ArgumentException"/> for a claim no store accepts: a lease that is not positive, a batch outside 1 to <see cref="MaxBatch"/>, an invalid tenant. Every store calls it.</summary>
    public static void ThrowIfBadClaim(Duration lease, int max, TenantId? tenant)
    {
        if (tenant is { } t)
        {
            Identifier.Check(t.Value, nameof(tenant));
        }

        if (lease <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A lease must be positive: it is how long a dispatcher holds the mails it claims.");
        }

        if (max is < 1 or > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"A claim takes 1 to {MaxBatch} mails.");
        }
    }
}

/// <summary>How a claimed mail ends its attempt.</summary>
/// <param name="State"><see cref="OutboxState.Sent"/>, <see cref="OutboxState.Pending"/> (try again at <see cref="RetryAt"/>) or <see cref="OutboxState.Failed"/>.</param>
/// <param name="At">When the attempt ended.</param>
/// <param name="RetryAt">When to try again, for <see cref="OutboxState.Pending"/>.</param>
/// <param name="Error">The server's answer or the reason, for a retry or a failure (at most <see cref="MaxErrorLength"/> characters are kept).</param>
public sealed record MailSettlement(OutboxState State, Instant At, Instant? RetryAt, string? Error)
{
    /// <summary>The longest error text kept; a longer one is cut.</summary>
    public const int MaxErrorLength = 2000;

    /// <summary>The server accepted the mail.</summary>
    public static MailSettlement Sent(Instant at) => new(OutboxState.Sent, at, null, null);

    /// <summary>It may work later: due again at <paramref name="retryAt"/>.</summary>
    public static MailSettlement Retry(Instant at, Instant retryAt, string error) => new(OutboxState.Pending, at, retryAt, Cut(error));

    /// <summary>Given up, with the reason agents will read.</summary>
    public static MailSettlement Failed(Instant at, string error) => new(OutboxState.Failed, at, null, Cut(error));

    /// <summary>Throws an <see cref="ArgumentException"/> when the settlement is not one of the three above.</summary>
    public void ThrowIfMalformed()
    {
        var valid = State switch
        {
            OutboxState.Sent => RetryAt is null,
            OutboxState.Pending => RetryAt is not null && Error is not null,
            OutboxState.Failed => RetryAt is null && Error is not null,
            _ => false,
        };
        if (!valid || (Error?.Length ?? 0) > MaxErrorLength)
        {
            throw new ArgumentException($"settlement {this} is not a settlement: use MailSettlement.Sent, Retry or Failed.", "settlement");
        }
    }

    private static string Cut(string error) => error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
}

/// <summary>Which mails of a tenant to list for agents.</summary>
/// <param name="State">Only the mails in this state, or all.</param>
/// <param name="Family">Only one family's, or all.</param>
/// <param name="Limit">At most this many, newest first.</param>
public sealed record OutboxQuery(OutboxState? State = null, FamilyId? Family = null, int Limit = 100)
{
    /// <summary>Throws an <see cref="ArgumentException"/> for a limit outside 1 to <see cref="ClaimedMail.MaxBatch"/> or an invalid family id. Every store calls it.</summary>
    public void ThrowIfMalformed()
    {
        if (Limit is < 1 or > ClaimedMail.MaxBatch)
        {
            throw new ArgumentException($"query.Limit is {Limit}: list 1 to {ClaimedMail.MaxBatch} mails at a time.", "query.Limit");
        }

        if (Family is { } family)
        {
            Identifier.Check(family.Value, "query.Family");
        }
    }
}

/// <summary>
/// The outbox (ARCHITECTURE.md must 6): mails recorded with the change that causes them and sent by
/// <see cref="OutboxDispatcher"/>. Mails a booking commit causes (a waiting list promoted, R-BSK-4)
/// and the nightly reports (R-NTF-1) are written by <c>IBookingStore</c> in its own transaction;
/// this port records the others and serves the dispatchers and the agents. A claim is exclusive:
/// two dispatchers, in one process or several, never hold the same mail at once.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Records mails, pending and due at their <see cref="OutboxMail.CreatedAt"/>; a mail whose id the tenant already has is left as it is. Answers how many were new.</summary>
    ValueTask<int> AddAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> mails that are due at <paramref name="now"/> (pending with
    /// <see cref="OutboxEntry.NextAttemptAt"/> ≤ now, or sending with an expired lease), the longest
    /// due first, of every tenant or of <paramref name="tenant"/> only (an installation partitioned by
    /// tenant runs a dispatcher per partition): each becomes <see cref="OutboxState.Sending"/> until
    /// now + <paramref name="lease"/>, with its attempts counted one more. Two concurrent claims never
    /// return the same mail. The claimed mails come in due order.
    /// </summary>
    ValueTask<IReadOnlyList<ClaimedMail>> ClaimAsync(Instant now, Duration lease, int max, TenantId? tenant = null, CancellationToken cancellationToken = default);

    /// <summary>Ends a claim's attempt; answers <see langword="false"/>, changing nothing, when the mail is no longer held by that claim (its lease expired and another dispatcher claimed it).</summary>
    ValueTask<bool> SettleAsync(ClaimedMail claim, MailSettlement settlement, CancellationToken cancellationToken = default);

    /// <summary>A tenant's mails and where they stand, newest first (the agents' view of what was sent and what failed).</summary>
    ValueTask<IReadOnlyList<OutboxEntry>> ListAsync(TenantId tenant, OutboxQuery query, CancellationToken cancellationToken = default);
}
