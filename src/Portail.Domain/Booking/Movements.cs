using NodaTime;
using Portail.Families;
using Portail.Notifications;

namespace Portail.Booking;

/// <summary>
/// One request a commit recorded — a new booking request with the state it got, or a cancellation —
/// kept by the store until the nightly transmission reports it (R-NTF-1): a cancellation deletes
/// its booking, so the movement is what remembers it.
/// </summary>
/// <param name="Submission">The commit that recorded it.</param>
/// <param name="Family">The family whose request it was.</param>
/// <param name="Key">Child, activity, day.</param>
/// <param name="Kind">A booking request or a cancellation.</param>
/// <param name="Status">For a booking request, the state it got (accepted, waiting list, refused, awaiting answer); for a cancellation, the state of what was cancelled.</param>
/// <param name="At">When it was recorded (the commit's instant).</param>
public sealed record BookingMovement(Guid Submission, FamilyId Family, RequestKey Key, RequestKind Kind, BookingStatus Status, Instant At);

/// <summary>
/// What a commit records besides its bookings, in the same transaction (ARCHITECTURE.md must 6): the
/// movements the nightly report will tell (R-NTF-1) and the mails of the families whose waiting-list
/// request got a place (R-BSK-4, R-NTF-2). Written once, here, so that every store records the same.
/// </summary>
/// <param name="Movements">One per booking inserted and per booking cancelled.</param>
/// <param name="Mails">One per booking promoted from a waiting list, its id derived from the booking (a store asked twice keeps one).</param>
public sealed record CommitJournal(IReadOnlyList<BookingMovement> Movements, IReadOnlyList<OutboxMail> Mails)
{
    /// <summary>What <paramref name="plan"/>, the plan of <paramref name="commit"/> in <paramref name="tenant"/>, records besides its bookings.</summary>
    public static CommitJournal Of(TenantId tenant, BookingCommit commit, CommitPlan plan)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(plan);
        var movements = plan.Inserted.Select(b => new BookingMovement(commit.SubmissionId, b.Family, b.Key, RequestKind.Book, b.Status, commit.At))
            .Concat(plan.Deleted.Select(b => new BookingMovement(commit.SubmissionId, b.Family, b.Key, RequestKind.Cancel, b.Status, commit.At)))
            .ToList();
        var mails = plan.Promoted.Select(b => OutboxMails.WaitlistPromoted(tenant, b, commit.At)).ToList();
        return new CommitJournal(movements, mails);
    }
}

/// <summary>
/// The rule of the nightly transmission (<see cref="NightlyTransmission"/>): from the movements to
/// transmit and the contacts of their families, the report mails to record. The store calls it
/// while it holds the transmission (one at a time per tenant), so that no rule lives in a store.
/// </summary>
/// <param name="movements">The tenant's movements not transmitted yet, recorded before the end of the day transmitted, in the order they were recorded.</param>
/// <param name="contacts">The recorded contact of each of their families that has one.</param>
public delegate IReadOnlyList<OutboxMail> TransmissionPlanner(IReadOnlyList<BookingMovement> movements, IReadOnlyDictionary<FamilyId, FamilyContact> contacts);

/// <summary>What a transmission did (R-NTF-1, R-BSK-5).</summary>
/// <param name="Movements">Movements reported (now transmitted).</param>
/// <param name="Bookings">Bookings that became <see cref="ChildBooking.Transmitted"/>.</param>
/// <param name="Reports">Report mails recorded in the outbox.</param>
public sealed record TransmissionResult(int Movements, int Bookings, int Reports);
