using NodaTime;

namespace Portail.Payments;

/// <summary>
/// Where an online payment attempt stands (R-PAY, TIPI.md "What Portail should do"). Live states
/// (<see cref="Created"/>, <see cref="AwaitingPayment"/>, <see cref="Pending"/>, <see cref="Abandoned"/>)
/// can still become paid; a family has at most one live attempt. "Paid wins": an authoritative paid
/// result turns any state into <see cref="Paid"/>, with an alert when the attempt had been given up.
/// </summary>
public enum PaymentState
{
    /// <summary>Recorded; the platform has not yet given it a reference (idOp).</summary>
    Created,

    /// <summary>The family was sent to the platform's payment page, which stays open 15 minutes.</summary>
    AwaitingPayment,

    /// <summary>The platform does not know the result yet (P5); asked again until 20 minutes have passed.</summary>
    Pending,

    /// <summary>Paid (card P or direct debit V): the wallets were credited, once. Final.</summary>
    Paid,

    /// <summary>Card or debit refused (R, Z). Final unless a later paid result arrives.</summary>
    Refused,

    /// <summary>Abandoned by the payer (A) less than 20 minutes ago: the payer may still come back; provisional.</summary>
    Abandoned,

    /// <summary>Abandoned for good (A older than 20 minutes). Final unless a later paid result arrives.</summary>
    Cancelled,

    /// <summary>No result came in time (P5 after 20 minutes), the platform forgot it (P1), or it never reached the platform.</summary>
    Expired,
}

/// <summary>The states' groups.</summary>
public static class PaymentStates
{
    /// <summary>True for the states that can still be paid and block a second attempt of the family.</summary>
    public static bool IsLive(PaymentState state) => state is PaymentState.Created or PaymentState.AwaitingPayment or PaymentState.Pending or PaymentState.Abandoned;

    /// <summary>The French name of a state, for the family and the agents.</summary>
    public static string French(PaymentState state) => state switch
    {
        PaymentState.Created => "Créé",
        PaymentState.AwaitingPayment => "En attente de paiement",
        PaymentState.Pending => "En cours de vérification",
        PaymentState.Paid => "Payé",
        PaymentState.Refused => "Refusé",
        PaymentState.Abandoned => "Abandonné (provisoire)",
        PaymentState.Cancelled => "Annulé",
        _ => "Expiré",
    };
}

/// <summary>The amount one wallet receives from a payment (R-WAL-5, R-PAY-2).</summary>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Amount">Euros, two decimals, zero or more.</param>
public sealed record PaymentLine(WalletTypeId Wallet, decimal Amount);

/// <summary>
/// One click on <i>Paiement CB</i> (R-PAY-1): the amounts per wallet, the e-mail, the reference sent
/// to the platform (<see cref="Reference"/>, TIPI's <c>refdet</c>) and the one it gave back
/// (<see cref="ProviderReference"/>, the web service's <c>idOp</c> or the classic protocol's per-attempt token).
/// Changed only by conditional updates (<see cref="Version"/>).
/// </summary>
/// <param name="Id">The attempt's id.</param>
/// <param name="Tenant">The municipality.</param>
/// <param name="Family">The family paying.</param>
/// <param name="Reference">Alphanumeric, 6 to 30 characters, unique per attempt (<c>refdet</c>).</param>
/// <param name="Lines">The amount per wallet; lines of zero credit nothing.</param>
/// <param name="Email">Where the platform sends its receipt (R-PAY-1).</param>
/// <param name="CreatedAt">When the family clicked.</param>
public sealed record PaymentAttempt(Guid Id, TenantId Tenant, FamilyId Family, string Reference, IReadOnlyList<PaymentLine> Lines, string Email, Instant CreatedAt)
{
    /// <summary>The total paid: the sum of the lines, in euros.</summary>
    public decimal Total => Lines.Sum(l => l.Amount);

    /// <summary>Where it stands.</summary>
    public PaymentState State { get; init; } = PaymentState.Created;

    /// <summary>Starts at 1; every update writes the next number, on the condition that the stored one is the previous.</summary>
    public long Version { get; init; } = 1;

    /// <summary>The platform's reference (idOp), or the classic protocol's per-attempt token; <see langword="null"/> before the platform answered.</summary>
    public string? ProviderReference { get; init; }

    /// <summary>When it last changed.</summary>
    public Instant UpdatedAt { get; init; }

    /// <summary>When the reconciliation should ask the platform again; <see langword="null"/>: never (paid, refused, cancelled, unknown to the platform).</summary>
    public Instant? NextCheckAt { get; init; }

    /// <summary>Technical faults in a row when asking the platform (the back-off grows with them).</summary>
    public int Failures { get; init; }

    /// <summary>The authorisation number of a paid attempt (<c>numauto</c>, the history's "N° pièce").</summary>
    public string? Authorisation { get; init; }

    /// <summary>When the platform says it was paid.</summary>
    public Instant? PaidAt { get; init; }

    /// <summary>True when the platform answered in test mode (<c>saisie</c> T): no money moved.</summary>
    public bool IsTest { get; init; }

    /// <summary>For the régie: a paid result that came after the attempt had been given up (a possible double payment).</summary>
    public string? Alert { get; init; }

    /// <summary>The platform's last error or refusal, for the agents.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when no store may record the attempt:
    /// empty id, bad ids, a reference that is not 6 to 30 letters and digits, no line, a negative or
    /// over-precise amount, a total under 1.00 €, an e-mail without '@' or longer than 80 characters.
    /// </summary>
    public void ThrowIfMalformed(string field)
    {
        if (Id == Guid.Empty)
        {
            throw new ArgumentException($"{field}.Id is empty.", $"{field}.Id");
        }

        Identifier.Check(Tenant.Value, $"{field}.Tenant");
        Identifier.Check(Family.Value, $"{field}.Family");
        if (Reference is null || Reference.Length is < 6 or > 30 || !Reference.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"{field}.Reference is '{Reference}': 6 to 30 ASCII letters and digits (the platform's refdet).", $"{field}.Reference");
        }

        if (Lines is null || Lines.Count == 0 || Lines.Any(l => l is null || l.Amount < 0 || decimal.Round(l.Amount, 2) != l.Amount) || Total < 1m || Total >= 100_000_000m
            || Lines.Select(l => l.Wallet).Distinct().Count() != Lines.Count)
        {
            throw new ArgumentException($"{field}.Lines: one line per wallet, each zero or more whole cents, at least 1.00 € in all.", $"{field}.Lines");
        }

        foreach (var line in Lines)
        {
            Identifier.Check(line.Wallet.Value, $"{field}.Lines.Wallet");
        }

        if (Email is null || Email.Length is < 6 or > 80 || !Email.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field}.Email is '{Email}': 6 to 80 characters with an '@'.", $"{field}.Email");
        }

        if (Version < 1)
        {
            throw new ArgumentException($"{field}.Version is {Version}: versions start at 1.", $"{field}.Version");
        }

        foreach (var (value, name) in new[] { (ProviderReference, nameof(ProviderReference)), (Authorisation, nameof(Authorisation)), (Alert, nameof(Alert)), (LastError, nameof(LastError)) })
        {
            if (value is { Length: > 500 })
            {
                throw new ArgumentException($"{field}.{name} is longer than 500 characters.", $"{field}.{name}");
            }
        }
    }
}

/// <summary>Who made Portail look at an attempt.</summary>
public enum PaymentCheckSource
{
    /// <summary>The platform's server-to-server notification (<c>urlnotif</c>).</summary>
    Notification,

    /// <summary>The family's browser coming back (<c>urlredirect</c>, <c>urlcl</c>).</summary>
    Return,

    /// <summary>The reconciliation job.</summary>
    Reconciliation,

    /// <summary>An agent's "re-check now", or a new attempt of the family checking the previous one.</summary>
    OnDemand,
}

/// <summary>One entry of the payment log: every callback and every check, with what came of it (R-PAY-3).</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Tenant">The municipality.</param>
/// <param name="At">When it was received.</param>
/// <param name="Source">Who called.</param>
/// <param name="ProviderReference">The reference the call carried (idOp, token), if any.</param>
/// <param name="Attempt">The attempt it was about, when one was found.</param>
/// <param name="Outcome">What came of it ("paid", "no change", "refused: the amount differs"…).</param>
public sealed record PaymentCallback(Guid Id, TenantId Tenant, Instant At, PaymentCheckSource Source, string? ProviderReference, Guid? Attempt, string Outcome)
{
    /// <summary>The longest outcome or reference kept.</summary>
    public const int MaxLength = 500;
}
