using NodaTime;

namespace Portail.Windows;

/// <summary>Why a booking, change or cancellation is refused (R-WIN-7).</summary>
public enum RefusalReason
{
    /// <summary>The activity does not run that day (weekday, holidays, closure, strike).</summary>
    NoService,

    /// <summary>The child is not among those the activity is open to.</summary>
    NotEligible,

    /// <summary>The family's file is not validated (R-WIN-6).</summary>
    FileNotValidated,

    /// <summary>The family's account is in debit (R-WIN-6).</summary>
    AccountInDebit,

    /// <summary>No booking period covers the day.</summary>
    NoPeriod,

    /// <summary>The period of the day has not opened yet (R-WIN-1).</summary>
    NotOpenYet,

    /// <summary>The day is further ahead than the activity allows (R-WIN-3).</summary>
    TooFarAhead,

    /// <summary>The deadline has passed (R-WIN-2, R-WIN-4).</summary>
    TooLate,

    /// <summary>An exclusive activity is booked the same day (R-ACT-4).</summary>
    Excluded,
}

/// <summary>
/// A refusal with its reason code and the French sentence a family reads (R-WIN-7). The sentence
/// is written on first use, so refusals are cheap to produce in bulk (a month calendar).
/// </summary>
public sealed class Refusal
{
    private string? _message;

    internal Refusal(RefusalReason reason, LocalDate date, BookingAction action, string? subject = null, Instant? at = null, LocalDateTime? atLocal = null)
    {
        Reason = reason;
        Date = date;
        Action = action;
        Subject = subject;
        At = at;
        AtLocal = atLocal;
    }

    /// <summary>The reason code.</summary>
    public RefusalReason Reason { get; }

    /// <summary>The day the request was for.</summary>
    public LocalDate Date { get; }

    /// <summary>What was asked.</summary>
    public BookingAction Action { get; }

    /// <summary>What the message names: the period, the closure, the excluding activity, the eligibility rule; or <see langword="null"/>.</summary>
    public string? Subject { get; }

    /// <summary>The instant that matters: the opening (not open yet, too far ahead) or the deadline (too late); otherwise <see langword="null"/>.</summary>
    public Instant? At { get; }

    /// <summary><see cref="At"/> in the tenant's zone.</summary>
    public LocalDateTime? AtLocal { get; }

    /// <summary>The sentence a family reads, in French.</summary>
    public string Message => _message ??= RefusalMessages.Write(this);

    /// <inheritdoc />
    public override string ToString() => $"{Reason}: {Message}";
}
