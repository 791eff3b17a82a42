using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.Windows;

namespace Portail.Calendar;

/// <summary>
/// Everything the calendar of one child is drawn from, read once: the catalogue, the instant, the
/// family's standing, what is recorded (bookings, counts) and what is pending (the basket).
/// </summary>
/// <param name="Tenant">The municipality.</param>
/// <param name="Child">The child.</param>
/// <param name="Now">The instant the calendar is drawn at.</param>
/// <param name="Standing">The family's file and account standing (R-WIN-6).</param>
/// <param name="Bookings">The child's recorded bookings over the days drawn (any activity).</param>
/// <param name="Counts">Day counts of the activities drawn over the days drawn.</param>
/// <param name="Basket">The family's pending requests.</param>
public sealed record CalendarFacts(
    Tenant Tenant,
    Child Child,
    Instant Now,
    FamilyStanding Standing,
    IReadOnlyList<ChildBooking> Bookings,
    IReadOnlyList<DayCount> Counts,
    Basket Basket)
{
    /// <summary>The date of <see cref="Now"/> in the tenant's zone.</summary>
    public LocalDate Today { get; } = Now.InZone(Tenant.Zone).Date;
}

/// <summary>One day of one activity's calendar.</summary>
/// <param name="Date">The day.</param>
/// <param name="State">Its state (R-CAL-2).</param>
/// <param name="Why">Why nothing can be done (for <see cref="DayState.NotOpen"/> and the locked states), or <see langword="null"/>.</param>
/// <param name="PlacesLeft">Places left for activities with limited places, indicative ("ce nombre de places peut évoluer"); <see langword="null"/> when unlimited.</param>
/// <param name="Pending">Whether the state shows a request of the basket, not yet recorded.</param>
/// <param name="Booking">The recorded booking of that day, if any.</param>
public readonly record struct DayCell(LocalDate Date, DayState State, Refusal? Why, int? PlacesLeft, bool Pending, ChildBooking? Booking)
{
    /// <summary>Whether the family can do something on this day (book, change, cancel, withdraw).</summary>
    public bool Actionable => State is DayState.Available or DayState.WaitlistOnly or DayState.BookedChangeable or DayState.WaitlistedOrRefusedCancellable;

    /// <summary>Whether the day shows as booked or requested (what the quick tools cancel).</summary>
    public bool Booked => State is DayState.BookedChangeable or DayState.WaitlistedOrRefusedCancellable or DayState.BookedLocked or DayState.WaitlistedOrRefusedLocked;
}

/// <summary>The calendar of one child and one activity over a run of days (R-CAL-2).</summary>
public sealed class ActivityCalendar
{
    private readonly DayCell[] _cells;

    internal ActivityCalendar(Tenant tenant, Child child, Activity activity, DateInterval days, DayCell[] cells)
    {
        Tenant = tenant;
        Child = child;
        Activity = activity;
        Days = days;
        _cells = cells;
    }

    /// <summary>The municipality.</summary>
    public Tenant Tenant { get; }

    /// <summary>The child.</summary>
    public Child Child { get; }

    /// <summary>The activity.</summary>
    public Activity Activity { get; }

    /// <summary>The days drawn, both ends included.</summary>
    public DateInterval Days { get; }

    /// <summary>One cell per day, in order.</summary>
    public IReadOnlyList<DayCell> Cells => _cells;

    /// <summary>The cell of <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is not drawn.</exception>
    public DayCell this[LocalDate date] =>
        Days.Contains(date) ? _cells[Period.DaysBetween(Days.Start, date)] : throw new ArgumentOutOfRangeException(nameof(date), date, $"The calendar covers {Days}.");

    /// <summary>The request key of a day of this calendar.</summary>
    public RequestKey KeyOf(LocalDate date) => new(Child.Id, Activity.Id, date);
}

/// <summary>One day of the calendar of all the child's activities.</summary>
/// <param name="Date">The day.</param>
/// <param name="State">Its state (R-CAL-3).</param>
public readonly record struct OverviewDay(LocalDate Date, OverviewState State);

/// <summary>The calendar of all the child's activities over a run of days (R-CAL-3).</summary>
/// <param name="Child">The child.</param>
/// <param name="Days">The days drawn.</param>
/// <param name="Cells">One per day, in order.</param>
public sealed record OverviewCalendar(Child Child, DateInterval Days, IReadOnlyList<OverviewDay> Cells);
