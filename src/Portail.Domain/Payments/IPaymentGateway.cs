using NodaTime;
using OneOf;

namespace Portail.Payments;

/// <summary>
/// The payment platform (TIPI/PayFiP) as the core sees it (ARCHITECTURE.md must 1). Money crosses
/// it in euros; the adapter converts to the platform's integer cents. Only the platform's own answer
/// to a lookup, or for the classic protocol a return checked against the attempt, can change an
/// attempt's state.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The platform's lifetimes.</summary>
    PaymentTimings Timings { get; }

    /// <summary>Registers the payment with the platform; answers where to send the family, or the platform's fault.</summary>
    Task<OneOf<PaymentStart, PlatformFault>> StartAsync(PaymentOrder order, CancellationToken cancellationToken = default);

    /// <summary>The reference a callback carries (the web service's <c>idop</c>, the classic return's token), read case-insensitively; <see langword="null"/> when there is none.</summary>
    string? ProviderReferenceOf(IReadOnlyDictionary<string, string?> parameters);

    /// <summary>
    /// What the platform says of <paramref name="attempt"/>. The web service asks the platform and
    /// ignores <paramref name="returned"/>; the classic protocol, which cannot be asked, checks the
    /// browser's <paramref name="returned"/> parameters against the attempt (amount, client number,
    /// reference) and answers <see cref="ResultNotYetKnown"/> without them.
    /// </summary>
    Task<PlatformAnswer> LookUpAsync(PaymentAttempt attempt, IReadOnlyDictionary<string, string?>? returned, CancellationToken cancellationToken = default);
}

/// <summary>The platform's lifetimes (TIPI.md): settings of the adapter.</summary>
/// <param name="PageLifetime">How long the payment page of an idOp stays open (15 minutes).</param>
/// <param name="ResultWait">How long a "not known yet" (P5) keeps an attempt pending (20 minutes).</param>
/// <param name="AbandonedGrace">How long an abandoned (A) attempt stays provisional (20 minutes).</param>
/// <param name="MaxTotal">The largest total the platform takes, in euros.</param>
public sealed record PaymentTimings(Duration PageLifetime, Duration ResultWait, Duration AbandonedGrace, decimal MaxTotal)
{
    /// <summary>The platform's documented values: 15 and 20 minutes, 100,000 €.</summary>
    public static PaymentTimings Default { get; } = new(Duration.FromMinutes(15), Duration.FromMinutes(20), Duration.FromMinutes(20), 100_000m);
}

/// <summary>What the platform is asked to collect.</summary>
/// <param name="Attempt">The attempt (its reference, total, e-mail).</param>
/// <param name="Year">The financial year (<c>exer</c>).</param>
/// <param name="Label">What the family reads on the platform (<c>objet</c>; the adapter normalises it).</param>
public sealed record PaymentOrder(PaymentAttempt Attempt, int Year, string Label);

/// <summary>The platform took the payment: send the family to <see cref="PaymentPage"/>.</summary>
/// <param name="ProviderReference">The platform's idOp, or the classic protocol's per-attempt token.</param>
/// <param name="PaymentPage">The platform's page for this payment.</param>
public sealed record PaymentStart(string ProviderReference, Uri PaymentPage);

/// <summary>What the platform says of a payment.</summary>
public abstract record PlatformAnswer;

/// <summary>The outcome the platform reports.</summary>
public enum PlatformOutcome
{
    /// <summary>Paid by card (P) or by direct debit (V).</summary>
    Paid,

    /// <summary>Card (R) or debit (Z) refused.</summary>
    Refused,

    /// <summary>Abandoned by the payer (A).</summary>
    Abandoned,
}

/// <summary>A result of the platform.</summary>
/// <param name="Outcome">Paid, refused or abandoned.</param>
/// <param name="Code">The platform's code (P, V, R, Z, A).</param>
/// <param name="Reference">The <c>refdet</c> the platform has.</param>
/// <param name="Amount">The amount it has, in euros.</param>
/// <param name="Authorisation">The authorisation number (<c>numauto</c>), when paid.</param>
/// <param name="At">When it happened (<c>dattrans</c>/<c>heurtrans</c>, read as Europe/Paris local time).</param>
/// <param name="IsTest">True when the platform ran in test mode (<c>saisie</c> T).</param>
public sealed record PlatformResult(PlatformOutcome Outcome, string Code, string Reference, decimal Amount, string? Authorisation, Instant At, bool IsTest) : PlatformAnswer;

/// <summary>The platform has no result yet (P5).</summary>
public sealed record ResultNotYetKnown : PlatformAnswer;

/// <summary>The platform does not know the reference (P1: never received, or cleaned at night): it will never have a result.</summary>
/// <param name="Message">The platform's words.</param>
public sealed record UnknownAtPlatform(string Message) : PlatformAnswer;

/// <summary>The platform could not answer, or refused the request: nothing is known, nothing changes.</summary>
/// <param name="Code">The platform's code (P3, R3, A2…) or a technical one (http-500, timeout, malformed).</param>
/// <param name="Message">What happened, for the log and the agents.</param>
/// <param name="Technical">True for faults worth retrying (the platform down, a timeout, unreadable XML).</param>
public sealed record PlatformFault(string Code, string Message, bool Technical) : PlatformAnswer;

/// <summary>An answer that cannot be trusted (a classic return with a wrong amount, a result of another mode): logged, nothing changes.</summary>
/// <param name="Reason">Why it was refused.</param>
public sealed record RejectedAnswer(string Reason) : PlatformAnswer;
