using NodaTime;

namespace Portail.Catalog;

/// <summary>How a deadline's amount is counted (R-WIN-2).</summary>
public enum DeadlineUnit
{
    /// <summary>Calendar days before the reference day, closing at the cut-off time of the last day.</summary>
    CalendarDays,

    /// <summary>Working days (Monday to Friday, public holidays excluded) before the reference day, closing at the cut-off.</summary>
    WorkingDays,

    /// <summary>Elapsed hours before the activity starts on the reference day (real hours, across clock changes).</summary>
    Hours,
}

/// <summary>The day a deadline is counted back from (R-WIN-2).</summary>
public enum DeadlineAnchor
{
    /// <summary>The day of service itself.</summary>
    ServiceDay,

    /// <summary>The first day of the school holidays that contain the day of service ("7 jours avant le début de toute la période de vacances").</summary>
    HolidayStart,
}

/// <summary>
/// A minimum notice (délai de réservation, R-WIN-2). With <see cref="DeadlineUnit.CalendarDays"/>
/// and 3 days, Monday 4 September can be booked until Friday 1 September at the cut-off; without
/// a cut-off the whole of that Friday is allowed (the deadline is the Saturday's first instant).
/// </summary>
/// <param name="Amount">How many days or hours; 0 allows booking until the reference day itself.</param>
/// <param name="Unit">What <paramref name="Amount"/> counts.</param>
/// <param name="CutOff">The time of day the last day closes; <see langword="null"/> for its end (midnight). Ignored for hours.</param>
/// <param name="Anchor">The day counted back from.</param>
public sealed record BookingDeadline(int Amount, DeadlineUnit Unit, LocalTime? CutOff, DeadlineAnchor Anchor)
{
    /// <summary>No notice at all: booking stays open until the day itself ends.</summary>
    public static BookingDeadline None { get; } = new(0, DeadlineUnit.CalendarDays, null, DeadlineAnchor.ServiceDay);
}
