using NodaTime;

namespace Portail.Booking;

/// <summary>
/// The rule that turns a commit into writes: <see cref="Arbitration.Plan"/>. Stores receive it from
/// the use case and call it while they hold the days, so that no rule lives in a store.
/// </summary>
public delegate CommitPlan CommitPlanner(BookingCommit commit, IReadOnlyDictionary<DayKey, DayLedger> days, IReadOnlyDictionary<RequestKey, ChildBooking> existing, Func<long> nextSequence);

/// <summary>What a store answers to a commit.</summary>
/// <param name="SubmissionId">The commit's submission id.</param>
/// <param name="Replayed">Whether the submission had already been committed: nothing new was written and <see cref="Results"/> are the first commit's.</param>
/// <param name="Results">One result per line.</param>
/// <param name="Promoted">Bookings promoted from a waiting list by this commit (R-BSK-4).</param>
public sealed record CommitReceipt(Guid SubmissionId, bool Replayed, IReadOnlyList<LineResult> Results, IReadOnlyList<ChildBooking> Promoted);

/// <summary>An agent's change of one day's capacity (issue 3, item 3).</summary>
/// <param name="Day">Activity and day.</param>
/// <param name="Capacity">The new capacity of that day; <see langword="null"/> to go back to the activity's.</param>
public sealed record CapacityChange(DayKey Day, int? Capacity);

/// <summary>
/// Where bookings live (ARCHITECTURE.md must 4). A store applies a commit atomically: it holds every
/// day of <see cref="BookingCommit.Days"/> (locks taken in that order), reads them and the existing
/// bookings, calls the <see cref="CommitPlanner"/>, and writes the plan — all of it or nothing —
/// keeping each <see cref="BookingCommit.CapacityChanges"/> as that day's capacity, and, in the same
/// transaction, the plan's <see cref="CommitJournal"/>: its movements and the mails of its promotions
/// (ARCHITECTURE.md must 6). Sequence numbers it hands the planner increase over the tenant's
/// commits: they order the waiting lists. Every read and write is scoped to one tenant.
/// </summary>
public interface IBookingStore : IBookingReader
{
    /// <summary>Applies a commit; a commit whose submission id was already applied is not applied again (<see cref="CommitReceipt.Replayed"/>).</summary>
    ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default);

    /// <summary>The receipt of a submission already committed, marked <see cref="CommitReceipt.Replayed"/>; <see langword="null"/> when the tenant has none with that id.</summary>
    ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default);

    /// <summary>The bookings of a family's children whose day is in <paramref name="days"/> (the follow-up, R-HIS-3).</summary>
    ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default);

    /// <summary>One day as arbitration sees it: capacity, accepted count, waiting list in order (the agents' view).</summary>
    ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey day, ActivityLimits limits, CancellationToken cancellationToken = default);

    /// <summary>Every booking of one activity on one day, whatever its state, in validation order (the agents' list of the day).</summary>
    ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey day, CancellationToken cancellationToken = default);

    /// <summary>The requests awaiting the service's answer, in validation order.</summary>
    ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// The nightly transmission (R-NTF-1, R-BSK-5), in one transaction that only one transmission of
    /// the tenant holds at a time, whatever the number of processes: reads the movements not yet
    /// transmitted recorded before <paramref name="until"/> and the contacts of their families, calls
    /// <paramref name="planner"/>, records the mails it returns in the outbox (ids already there are
    /// left alone), marks those movements transmitted, and marks transmitted every booking recorded
    /// before <paramref name="until"/>. All or nothing; a second run finds nothing left to do.
    /// </summary>
    ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default);
}
