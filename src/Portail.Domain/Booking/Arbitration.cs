using NodaTime;

namespace Portail.Booking;

/// <summary>What became of one line of a commit (R-BSK-2).</summary>
public enum LineOutcome
{
    /// <summary>Accepted: the child has a place.</summary>
    Accepted,

    /// <summary>Put on the day's waiting list ("Mise en liste d'attente").</summary>
    Waitlisted,

    /// <summary>Refused, the day and its waiting list being full ("Non traitée, activité complète").</summary>
    Refused,

    /// <summary>Recorded, awaiting the service's answer ("En attente réponse").</summary>
    AwaitingAnswer,

    /// <summary>The booking or request was cancelled.</summary>
    Cancelled,

    /// <summary>Nothing was recorded for this line; the remark says why (window closed, already booked…).</summary>
    NotProcessed,
}

/// <summary>The places of one activity (R-ACT-1): its capacity and waiting-list size.</summary>
/// <param name="Capacity">Places per day; <see langword="null"/> for unlimited.</param>
/// <param name="WaitlistSize">Places on each day's waiting list.</param>
/// <param name="ManualApproval">Whether requests await the service's answer.</param>
public readonly record struct ActivityLimits(int? Capacity, int WaitlistSize, bool ManualApproval);

/// <summary>A booking request to arbitrate.</summary>
/// <param name="Key">Child, activity, day.</param>
/// <param name="Arrival">Arrival for time-entry activities.</param>
/// <param name="Departure">Departure for time-entry activities.</param>
/// <param name="Cost">Cost in euros shown in the summary.</param>
public sealed record BookingLine(RequestKey Key, LocalTime? Arrival, LocalTime? Departure, decimal Cost);

/// <summary>The service's answer to a request awaiting one (issue 3, item 4).</summary>
/// <param name="Key">The request.</param>
/// <param name="Accept">Accept (arbitrated like any request) or refuse.</param>
public sealed record Answer(RequestKey Key, bool Accept);

/// <summary>
/// One atomic change to the bookings of a tenant: a family's final validation, a cancellation by an
/// agent, or an agent's answers. The store applies it all or not at all (R-BSK-3).
/// </summary>
/// <param name="SubmissionId">Unique per submission: a second commit with the same id returns the first result and records nothing (double click).</param>
/// <param name="Family">The family whose bookings change.</param>
/// <param name="At">The instant of the validation.</param>
/// <param name="Bookings">New booking requests, in the order the family made them.</param>
/// <param name="Cancellations">Bookings or requests to cancel.</param>
/// <param name="Answers">Answers to requests awaiting one.</param>
/// <param name="CapacityChanges">Agents' changes of a day's capacity; the store keeps them as the day's capacity.</param>
/// <param name="Limits">The limits of every activity the commit touches, from the catalogue.</param>
/// <param name="Rejected">Lines the use case already refused (window closed, time not allowed…): recorded with the result, nothing written for them.</param>
public sealed record BookingCommit(
    Guid SubmissionId,
    FamilyId Family,
    Instant At,
    IReadOnlyList<BookingLine> Bookings,
    IReadOnlyList<RequestKey> Cancellations,
    IReadOnlyList<Answer> Answers,
    IReadOnlyList<CapacityChange> CapacityChanges,
    IReadOnlyDictionary<ActivityId, ActivityLimits> Limits,
    IReadOnlyList<LineResult> Rejected)
{
    /// <summary>The days the commit touches, in the one fixed order stores lock them in (activity, then date); computed from the lines on each call.</summary>
    public IReadOnlyList<DayKey> Days =>
        Keys.Select(k => new DayKey(k.Activity, k.Date)).Concat(CapacityChanges.Select(c => c.Day)).Distinct()
            .OrderBy(d => d.Activity.Value, StringComparer.Ordinal).ThenBy(d => d.Date).ToList();

    /// <summary>The requests the commit names (bookings, cancellations, answers), each once.</summary>
    public IReadOnlyList<RequestKey> Keys =>
        Bookings.Select(b => b.Key).Concat(Cancellations).Concat(Answers.Select(a => a.Key)).Distinct().ToList();

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the commit cannot be stored:
    /// an empty submission id, an invalid id (<see cref="Identifier.Check"/>), a family missing from a
    /// commit with bookings, a cost that is negative or not whole cents, a negative capacity, an
    /// activity without its <see cref="Limits"/>. Every store calls it before writing anything, so
    /// that all stores accept and refuse the same commits. A commit made by an agent (cancellation,
    /// answer, capacity) may leave <see cref="Family"/> as <c>default</c>.
    /// </summary>
    public void ThrowIfMalformed()
    {
        ArgumentNullException.ThrowIfNull(Bookings, "commit.Bookings");
        ArgumentNullException.ThrowIfNull(Cancellations, "commit.Cancellations");
        ArgumentNullException.ThrowIfNull(Answers, "commit.Answers");
        ArgumentNullException.ThrowIfNull(CapacityChanges, "commit.CapacityChanges");
        ArgumentNullException.ThrowIfNull(Limits, "commit.Limits");
        ArgumentNullException.ThrowIfNull(Rejected, "commit.Rejected");
        if (SubmissionId == Guid.Empty)
        {
            throw new ArgumentException("commit.SubmissionId is empty: every submission needs its own id (Guid.NewGuid()), or all of them would be taken for the first.", "commit.SubmissionId");
        }

        if (Bookings.Count > 0 || Family.Value is not null)
        {
            Identifier.Check(Family.Value, "commit.Family");
        }

        for (var i = 0; i < Bookings.Count; i++)
        {
            var line = Bookings[i] ?? throw new ArgumentException($"commit.Bookings[{i}] is null.", $"commit.Bookings[{i}]");
            CheckKey(line.Key, $"commit.Bookings[{i}].Key");
            if (line.Cost < 0 || decimal.Round(line.Cost, 2) != line.Cost || line.Cost >= 100_000_000m)
            {
                throw new ArgumentException($"commit.Bookings[{i}].Cost is {line.Cost}: a cost is whole cents, from 0 to 99,999,999.99 euros; round it with decimal.Round(cost, 2).", $"commit.Bookings[{i}].Cost");
            }
        }

        for (var i = 0; i < Cancellations.Count; i++)
        {
            CheckKey(Cancellations[i], $"commit.Cancellations[{i}]");
        }

        for (var i = 0; i < Answers.Count; i++)
        {
            var answer = Answers[i] ?? throw new ArgumentException($"commit.Answers[{i}] is null.", $"commit.Answers[{i}]");
            CheckKey(answer.Key, $"commit.Answers[{i}].Key");
        }

        for (var i = 0; i < CapacityChanges.Count; i++)
        {
            var change = CapacityChanges[i] ?? throw new ArgumentException($"commit.CapacityChanges[{i}] is null.", $"commit.CapacityChanges[{i}]");
            Identifier.Check(change.Day.Activity.Value, $"commit.CapacityChanges[{i}].Day.Activity");
            if (change.Capacity < 0)
            {
                throw new ArgumentException($"commit.CapacityChanges[{i}].Capacity is {change.Capacity}: a day's capacity is 0 or more, or null to go back to the activity's.", $"commit.CapacityChanges[{i}].Capacity");
            }
        }

        for (var i = 0; i < Rejected.Count; i++)
        {
            var line = Rejected[i] ?? throw new ArgumentException($"commit.Rejected[{i}] is null.", $"commit.Rejected[{i}]");
            CheckKey(line.Key, $"commit.Rejected[{i}].Key");
        }

        foreach (var day in Days)
        {
            if (!Limits.TryGetValue(day.Activity, out var limits))
            {
                throw new ArgumentException($"commit.Limits has no entry for activity '{day.Activity}', which the commit touches on {day.Date:uuuu-MM-dd}: pass the catalogue's limits of every activity the commit names.", "commit.Limits");
            }

            if (limits.Capacity < 0 || limits.WaitlistSize < 0)
            {
                throw new ArgumentException($"commit.Limits of activity '{day.Activity}' are {limits}: a capacity and a waiting-list size are 0 or more.", "commit.Limits");
            }
        }
    }

    private static void CheckKey(RequestKey key, string field)
    {
        Identifier.Check(key.Child.Value, field + ".Child");
        Identifier.Check(key.Activity.Value, field + ".Activity");
    }
}

/// <summary>One activity on one day.</summary>
/// <param name="Activity">The activity.</param>
/// <param name="Date">The day.</param>
public readonly record struct DayKey(ActivityId Activity, LocalDate Date);

/// <summary>
/// A day of an activity as the store hands it to <see cref="Arbitration.Plan"/>: current, and held
/// (locked) until the plan is written (ARCHITECTURE.md must 4).
/// </summary>
/// <param name="Key">Activity and day.</param>
/// <param name="Capacity">The day's capacity: the agent's override for that day, or the activity's.</param>
/// <param name="WaitlistSize">The day's waiting-list size.</param>
/// <param name="Accepted">Accepted bookings.</param>
/// <param name="Waiting">The waiting list, in validation order (<see cref="ChildBooking.Sequence"/>).</param>
public sealed record DayLedger(DayKey Key, int? Capacity, int WaitlistSize, int Accepted, IReadOnlyList<ChildBooking> Waiting);

/// <summary>The outcome of one line of a commit, with the family's remark in the guides' words.</summary>
/// <param name="Key">Child, activity, day.</param>
/// <param name="Kind">Booking or cancellation.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Remark">The remark shown for a line not accepted ("Mise en liste d'attente"…), or <see langword="null"/>.</param>
public sealed record LineResult(RequestKey Key, RequestKind Kind, LineOutcome Outcome, string? Remark);

/// <summary>What a store writes for a commit: all of it, in one transaction.</summary>
/// <param name="Inserted">New bookings (accepted, waiting-listed, refused or awaiting answer), with their sequence.</param>
/// <param name="Deleted">Bookings cancelled.</param>
/// <param name="Updated">Bookings whose state changed (promotions from the waiting list, answers).</param>
/// <param name="Promoted">The bookings promoted from a waiting list (R-BSK-4), to notify.</param>
/// <param name="Days">The days after the commit.</param>
/// <param name="Results">One result per line of the commit: rejected lines, cancellations, answers, then bookings.</param>
public sealed record CommitPlan(
    IReadOnlyList<ChildBooking> Inserted,
    IReadOnlyList<ChildBooking> Deleted,
    IReadOnlyList<ChildBooking> Updated,
    IReadOnlyList<ChildBooking> Promoted,
    IReadOnlyList<DayLedger> Days,
    IReadOnlyList<LineResult> Results);

/// <summary>
/// Capacity arbitration (R-BSK-2..4), written once, as pure functions of the days' counts. Stores
/// call <see cref="Plan"/> with days they hold locked and write what it returns.
/// </summary>
public static class Arbitration
{
    /// <summary>The guides' remark for a request put on the waiting list.</summary>
    public const string WaitlistedRemark = "Mise en liste d'attente";

    /// <summary>The guides' remark for a request refused because the day and its waiting list are full.</summary>
    public const string RefusedRemark = "Non traitée, activité complète";

    /// <summary>The guides' remark for a request awaiting the service's answer.</summary>
    public const string AwaitingRemark = "En attente réponse";

    /// <summary>The outcome of one new request on a day (R-BSK-2): accepted while places are left, then waiting list while it has room, then refused.</summary>
    public static LineOutcome Decide(int? capacity, int waitlistSize, int accepted, int waiting) =>
        capacity is null || accepted < capacity ? LineOutcome.Accepted
        : waiting < waitlistSize ? LineOutcome.Waitlisted
        : LineOutcome.Refused;

    /// <summary>
    /// Plans a commit against the current days: cancellations first (they free places), then
    /// answers, then promotions from the waiting lists in validation order (R-BSK-4), then the new
    /// requests in their order (R-BSK-3). Each line is arbitrated on its own.
    /// </summary>
    /// <param name="commit">The commit.</param>
    /// <param name="days">Every day of <see cref="BookingCommit.Days"/>, current and locked.</param>
    /// <param name="existing">The stored bookings of every key the commit names (absent when none).</param>
    /// <param name="nextSequence">Hands out the sequence number of each new booking, increasing (a database sequence will do).</param>
    public static CommitPlan Plan(BookingCommit commit, IReadOnlyDictionary<DayKey, DayLedger> days, IReadOnlyDictionary<RequestKey, ChildBooking> existing, Func<long> nextSequence)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(nextSequence);
        var work = commit.Days.ToDictionary(d => d, d => new WorkDay(days.TryGetValue(d, out var l) ? l : throw new ArgumentException($"The store did not hand over day {d}.", nameof(days))));
        foreach (var change in commit.CapacityChanges)
        {
            // Lowering below the accepted count cancels no one; promotions wait until the count is under it again.
            work[change.Day].Capacity = change.Capacity ?? commit.Limits.GetValueOrDefault(change.Day.Activity).Capacity;
        }

        var current = new Dictionary<RequestKey, ChildBooking>(existing);
        var inserted = new List<ChildBooking>();
        var deleted = new List<ChildBooking>();
        var updated = new Dictionary<RequestKey, ChildBooking>();
        var promoted = new List<ChildBooking>();
        var results = new List<LineResult>(commit.Rejected);

        foreach (var key in commit.Cancellations)
        {
            if (!current.TryGetValue(key, out var booking) || booking.Family != commit.Family)
            {
                results.Add(new LineResult(key, RequestKind.Cancel, LineOutcome.NotProcessed, "Aucune réservation à annuler ce jour"));
                continue;
            }

            var day = work[new DayKey(key.Activity, key.Date)];
            if (booking.Status == BookingStatus.Accepted)
            {
                day.Accepted--;
            }

            day.Waiting.RemoveAll(w => w.Key == key);
            current.Remove(key);
            updated.Remove(key);
            deleted.Add(booking);

            results.Add(new LineResult(key, RequestKind.Cancel, LineOutcome.Cancelled, null));
        }

        foreach (var answer in commit.Answers)
        {
            if (!current.TryGetValue(answer.Key, out var booking) || booking.Status != BookingStatus.AwaitingAnswer)
            {
                results.Add(new LineResult(answer.Key, RequestKind.Book, LineOutcome.NotProcessed, "Aucune demande en attente de réponse ce jour"));
                continue;
            }

            var day = work[new DayKey(answer.Key.Activity, answer.Key.Date)];
            var outcome = answer.Accept ? Decide(day.Capacity, day.WaitlistSize, day.Accepted, day.Waiting.Count) : LineOutcome.Refused;
            var changed = booking with { Status = StatusOf(outcome), RecordedAt = commit.At };
            Count(changed, day);
            current[answer.Key] = changed;
            updated[answer.Key] = changed;
            results.Add(new LineResult(answer.Key, RequestKind.Book, outcome, RemarkOf(outcome)));
        }

        foreach (var day in work.Values)
        {
            while (day.Waiting.Count > 0 && (day.Capacity is null || day.Accepted < day.Capacity))
            {
                var first = day.Waiting[0];
                day.Waiting.RemoveAt(0);
                day.Accepted++;
                var accepted = first with { Status = BookingStatus.Accepted, RecordedAt = commit.At, Transmitted = false };
                current[first.Key] = accepted;
                updated[first.Key] = accepted;
                promoted.Add(accepted);
            }
        }

        foreach (var line in commit.Bookings)
        {
            if (current.ContainsKey(line.Key))
            {
                results.Add(new LineResult(line.Key, RequestKind.Book, LineOutcome.NotProcessed, "Déjà réservée ou demandée ce jour"));
                continue;
            }

            var day = work[new DayKey(line.Key.Activity, line.Key.Date)];
            var manual = commit.Limits.TryGetValue(line.Key.Activity, out var limits) && limits.ManualApproval;
            var outcome = manual ? LineOutcome.AwaitingAnswer : Decide(day.Capacity, day.WaitlistSize, day.Accepted, day.Waiting.Count);
            var booking = new ChildBooking(line.Key.Child, line.Key.Activity, line.Key.Date, StatusOf(outcome), line.Arrival, line.Departure)
            {
                Family = commit.Family,
                Sequence = nextSequence(),
                Cost = line.Cost,
                RecordedAt = commit.At,
            };
            Count(booking, day);
            current[line.Key] = booking;
            inserted.Add(booking);
            results.Add(new LineResult(line.Key, RequestKind.Book, outcome, RemarkOf(outcome)));
        }

        // Cancellations run first and promotions and answers touch stored bookings only: no booking is both inserted and updated.
        return new CommitPlan(
            inserted,
            deleted,
            updated.Values.ToList(),
            promoted,
            work.Values.Select(w => w.ToLedger()).ToList(),
            results);
    }

    /// <summary>The remark the family reads for an outcome, in the guides' words; <see langword="null"/> when accepted.</summary>
    public static string? RemarkOf(LineOutcome outcome) => outcome switch
    {
        LineOutcome.Waitlisted => WaitlistedRemark,
        LineOutcome.Refused => RefusedRemark,
        LineOutcome.AwaitingAnswer => AwaitingRemark,
        _ => null,
    };

    private static BookingStatus StatusOf(LineOutcome outcome) => outcome switch
    {
        LineOutcome.Accepted => BookingStatus.Accepted,
        LineOutcome.Waitlisted => BookingStatus.Waitlisted,
        LineOutcome.Refused => BookingStatus.Refused,
        _ => BookingStatus.AwaitingAnswer,
    };

    // A booking takes its place in the day: a place, or the end of the waiting list.
    private static void Count(ChildBooking booking, WorkDay day)
    {
        if (booking.Status == BookingStatus.Accepted)
        {
            day.Accepted++;
        }
        else if (booking.Status == BookingStatus.Waitlisted)
        {
            day.Waiting.Add(booking);
        }
    }

    private sealed class WorkDay(DayLedger ledger)
    {
        public DayKey Key { get; } = ledger.Key;

        public int? Capacity { get; set; } = ledger.Capacity;

        public int WaitlistSize { get; } = ledger.WaitlistSize;

        public int Accepted { get; set; } = ledger.Accepted;

        public List<ChildBooking> Waiting { get; } = ledger.Waiting.OrderBy(w => w.Sequence).ToList();

        public DayLedger ToLedger() => new(Key, Capacity, WaitlistSize, Accepted, Waiting);
    }
}
