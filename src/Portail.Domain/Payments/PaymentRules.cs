using System.Globalization;
using NodaTime;

namespace Portail.Payments;

/// <summary>What an answer of the platform does to an attempt.</summary>
/// <param name="Next">The attempt to write (version + 1), or <see langword="null"/> when nothing is to be written.</param>
/// <param name="Credit">True when the move is to paid: the wallets are credited and the ticket recorded with it.</param>
/// <param name="Outcome">What came of it, for the log.</param>
internal sealed record PaymentDecision(PaymentAttempt? Next, bool Credit, string Outcome);

/// <summary>
/// The states' rules (TIPI.md, R-PAY-3) as a pure function: the attempt, the platform's answer,
/// the instant and the platform's lifetimes give the next attempt. P and V pay (from any state:
/// "paid wins", with an alert for the régie when the attempt had been given up); R and Z refuse a
/// live attempt; A is provisional for 20 minutes, then cancels; P5 keeps it pending for 20 minutes,
/// then expires it (asked again slowly: a late payment is still found); P1 expires it for good;
/// faults change nothing but the back-off.
/// </summary>
internal static class PaymentRules
{
    /// <summary>How soon a live attempt is asked again after an answer that settles nothing.</summary>
    public static readonly Duration Recheck = Duration.FromMinutes(1);

    /// <summary>How often an expired attempt is asked again, in case it was paid late (until the look-back ends).</summary>
    public static readonly Duration SlowRecheck = Duration.FromHours(1);

    /// <summary>The longest back-off after technical faults.</summary>
    public static readonly Duration MaxBackoff = Duration.FromHours(1);

    public static PaymentDecision Decide(PaymentAttempt attempt, PlatformAnswer answer, Instant now, PaymentTimings timings)
    {
        var age = now - attempt.CreatedAt;
        var live = PaymentStates.IsLive(attempt.State);
        switch (answer)
        {
            case PlatformResult r when r.Reference != attempt.Reference || r.Amount != attempt.Total:
                return Fault(attempt, now, $"refused: the platform's result ({r.Reference}, {Euros(r.Amount)}) does not match the attempt ({attempt.Reference}, {Euros(attempt.Total)})");
            case PlatformResult { Outcome: PlatformOutcome.Paid } r:
                if (attempt.State == PaymentState.Paid)
                {
                    return new(null, false, "no change: already paid");
                }

                var late = live ? null : $"Paiement reçu le {r.At.InZone(Paris).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)} alors que la tentative était « {PaymentStates.French(attempt.State)} » : vérifier un éventuel double paiement.";
                return new(
                    Move(attempt, PaymentState.Paid, now, null) with { Authorisation = r.Authorisation, PaidAt = r.At, IsTest = r.IsTest, Alert = late ?? attempt.Alert, LastError = null },
                    true,
                    late is null ? $"paid ({r.Code})" : $"paid ({r.Code}) after {attempt.State}: alert raised");
            case PlatformResult { Outcome: PlatformOutcome.Refused } r:
                return live ? new(Move(attempt, PaymentState.Refused, now, null) with { IsTest = r.IsTest }, false, $"refused ({r.Code})") : new(null, false, $"no change: {r.Code} on a {attempt.State} attempt");
            case PlatformResult r:
                if (!live)
                {
                    return new(null, false, $"no change: {r.Code} on a {attempt.State} attempt");
                }

                return age < timings.AbandonedGrace
                    ? new(Move(attempt, PaymentState.Abandoned, now, Min(attempt.CreatedAt + timings.AbandonedGrace, now + Recheck)), false, "abandoned (provisional)")
                    : new(Move(attempt, PaymentState.Cancelled, now, null), false, "cancelled (abandoned for good)");
            case ResultNotYetKnown:
                if (attempt.State == PaymentState.Expired)
                {
                    return new(Move(attempt, PaymentState.Expired, now, now + SlowRecheck), false, "no change: still no result");
                }

                if (!live)
                {
                    return new(null, false, $"no change: no result for a {attempt.State} attempt");
                }

                return age < timings.ResultWait
                    ? new(Move(attempt, PaymentState.Pending, now, now + Recheck), false, "pending (no result yet)")
                    : new(Move(attempt, PaymentState.Expired, now, now + SlowRecheck), false, "expired (no result after the wait)");
            case UnknownAtPlatform u:
                return live || attempt.State == PaymentState.Expired
                    ? new(Move(attempt, PaymentState.Expired, now, null) with { LastError = Cut(u.Message) }, false, "expired (unknown to the platform, never asked again)")
                    : new(null, false, $"no change: unknown to the platform, {attempt.State}");
            case PlatformFault f:
                return Fault(attempt, now, $"no change: {f.Code} {f.Message}");
            case RejectedAnswer rejected:
                return new(null, false, Cut($"refused: {rejected.Reason}"));
            default:
                return new(null, false, "no change: unknown answer");
        }
    }

    /// <summary>The back-off after <paramref name="failures"/> faults in a row: 1, 2, 4… minutes, at most an hour.</summary>
    public static Duration Backoff(int failures) =>
        failures >= 7 ? MaxBackoff : Duration.Min(MaxBackoff, Duration.FromMinutes(1L << Math.Max(0, failures - 1)));

    internal static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static PaymentDecision Fault(PaymentAttempt attempt, Instant now, string outcome)
    {
        if (attempt.NextCheckAt is null)
        {
            return new(null, false, Cut(outcome));
        }

        var failures = attempt.Failures + 1;
        return new(attempt with { Version = attempt.Version + 1, UpdatedAt = now, Failures = failures, NextCheckAt = now + Backoff(failures), LastError = Cut(outcome) }, false, Cut(outcome));
    }

    private static PaymentAttempt Move(PaymentAttempt attempt, PaymentState state, Instant now, Instant? next) =>
        attempt with { State = state, Version = attempt.Version + 1, UpdatedAt = now, NextCheckAt = next, Failures = 0 };

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static string Euros(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= PaymentCallback.MaxLength ? text : text[..PaymentCallback.MaxLength];
}
