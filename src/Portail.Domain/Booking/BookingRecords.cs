using NodaTime;

namespace Portail.Booking;

/// <summary>What became of a booking request after final validation (R-BSK-2, R-BSK-5).</summary>
public enum BookingStatus
{
    /// <summary>Accepted: the child has a place ("Acceptée").</summary>
    Accepted,

    /// <summary>Awaiting the service's answer ("En attente réponse").</summary>
    AwaitingAnswer,

    /// <summary>On the day's waiting list ("En liste d'attente").</summary>
    Waitlisted,

    /// <summary>Refused, the activity and its waiting list being full ("Refusée").</summary>
    Refused,
}

/// <summary>A recorded booking of a child.</summary>
/// <param name="Child">The child.</param>
/// <param name="Activity">The activity.</param>
/// <param name="Date">The day of service.</param>
/// <param name="Status">Its state.</param>
/// <param name="Arrival">The arrival entered, for time-entry activities.</param>
/// <param name="Departure">The departure entered, for time-entry activities.</param>
public sealed record ChildBooking(ChildId Child, ActivityId Activity, LocalDate Date, BookingStatus Status, LocalTime? Arrival = null, LocalTime? Departure = null)
{
    /// <summary>The family that made the request.</summary>
    public FamilyId Family { get; init; }

    /// <summary>The order of the final validation that recorded it, increasing per tenant: it orders the waiting lists (R-BSK-3).</summary>
    public long Sequence { get; init; }

    /// <summary>The cost in euros at validation (R-BSK-1), price × units for time-entry activities.</summary>
    public decimal Cost { get; init; }

    /// <summary>Whether the nightly transmission has processed it (R-BSK-5, R-NTF-1).</summary>
    public bool Transmitted { get; init; }

    /// <summary>When it was recorded or last changed state.</summary>
    public Instant RecordedAt { get; init; }

    /// <summary>Its key: child, activity, day.</summary>
    public RequestKey Key => new(Child, Activity, Date);

    /// <summary>Whether the booking holds a place or may still get one by the service's answer (shown as booked).</summary>
    public bool HoldsPlace => Status is BookingStatus.Accepted or BookingStatus.AwaitingAnswer;
}

/// <summary>How many places of an activity are taken on a day.</summary>
/// <param name="Activity">The activity.</param>
/// <param name="Date">The day.</param>
/// <param name="Accepted">Accepted bookings (they use places).</param>
/// <param name="Waitlisted">Requests on the waiting list.</param>
public readonly record struct DayCount(ActivityId Activity, LocalDate Date, int Accepted, int Waitlisted);

/// <summary>The bookings already recorded, as the calendar reads them.</summary>
public interface IBookingReader
{
    /// <summary>The bookings of a child whose day is in <paramref name="days"/>, whatever their state.</summary>
    ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default);

    /// <summary>The counts of the given activities on the days in <paramref name="days"/>; a day with nothing booked may be left out.</summary>
    ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default);
}
