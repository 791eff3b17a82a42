using Portail.Billing;
using NodaTime;

namespace Portail.Catalog;

/// <summary>
/// A bookable service (R-ACT-1): its days and hours, who may book it, its capacity and waiting
/// list, its booking window (R-WIN-2..5) and its price until tariffs replace it.
/// </summary>
public sealed class Activity
{
    internal Activity(
        ActivityId id,
        string name,
        StructureId structure,
        WalletTypeId wallet,
        WeekDays days,
        LocalTime start,
        LocalTime end,
        ServiceSchedule schedule,
        Eligibility eligibility,
        int? capacity,
        int waitlistSize,
        bool manualApproval,
        TimeEntry? timeEntry,
        IReadOnlySet<ActivityId> exclusiveOf,
        BookingUnit bookingUnit,
        BookingDeadline deadline,
        BookingDeadline cancelDeadline,
        int? maxAdvanceDays,
        decimal price,
        Tariff? tariff = null)
    {
        Id = id;
        Name = name;
        Structure = structure;
        Wallet = wallet;
        Days = days;
        Start = start;
        End = end;
        Schedule = schedule;
        Eligibility = eligibility;
        Capacity = capacity;
        WaitlistSize = waitlistSize;
        ManualApproval = manualApproval;
        TimeEntry = timeEntry;
        ExclusiveOf = exclusiveOf;
        BookingUnit = bookingUnit;
        Deadline = deadline;
        CancelDeadline = cancelDeadline;
        MaxAdvanceDays = maxAdvanceDays;
        Price = price;
        Tariff = tariff;
    }

    /// <summary>The activity's code.</summary>
    public ActivityId Id { get; }

    /// <summary>The name families see, e.g. "Restauration scolaire".</summary>
    public string Name { get; }

    /// <summary>The structure that runs it.</summary>
    public StructureId Structure { get; }

    /// <summary>The wallet type it is paid from.</summary>
    public WalletTypeId Wallet { get; }

    /// <summary>The days of the week it runs.</summary>
    public WeekDays Days { get; }

    /// <summary>The usual start time (the arrival shown when the activity has no time entry).</summary>
    public LocalTime Start { get; }

    /// <summary>The usual end time (the departure shown when the activity has no time entry).</summary>
    public LocalTime End { get; }

    /// <summary>Whether it runs in school time, in the school holidays, or both (R-ACT-2).</summary>
    public ServiceSchedule Schedule { get; }

    /// <summary>The children it is open to.</summary>
    public Eligibility Eligibility { get; }

    /// <summary>Places per day; <see langword="null"/> when unlimited.</summary>
    public int? Capacity { get; }

    /// <summary>Places on each day's waiting list; 0 when the activity has no waiting list.</summary>
    public int WaitlistSize { get; }

    /// <summary>Whether the service approves each request by hand ("En attente réponse", R-BSK-2).</summary>
    public bool ManualApproval { get; }

    /// <summary>Arrival and departure times to enter per day (R-ACT-3), or <see langword="null"/>.</summary>
    public TimeEntry? TimeEntry { get; }

    /// <summary>Activities that cannot be booked the same day as this one (R-ACT-4); the relation is symmetric.</summary>
    public IReadOnlySet<ActivityId> ExclusiveOf { get; }

    /// <summary>Whether it is booked by the day, the week or the whole holiday period (R-WIN-5).</summary>
    public BookingUnit BookingUnit { get; }

    /// <summary>The minimum notice to book (R-WIN-2).</summary>
    public BookingDeadline Deadline { get; }

    /// <summary>The minimum notice to cancel or change; the booking deadline unless set (R-WIN-4).</summary>
    public BookingDeadline CancelDeadline { get; }

    /// <summary>How many days ahead a booking may be made (R-WIN-3); <see langword="null"/> for no limit.</summary>
    public int? MaxAdvanceDays { get; }

    /// <summary>The single unit price in euros, for an activity without <see cref="Tariff"/>.</summary>
    public decimal Price { get; }

    /// <summary>Its prices by date and quotient (R-TAR-1), or <see langword="null"/> when <see cref="Price"/> applies to everyone.</summary>
    public Tariff? Tariff { get; }

    /// <summary>
    /// How many billing units a booking counts (R-ACT-3, R-TAR-2): 1 without time entry; otherwise the
    /// started units of <see cref="TimeEntry.BillingUnit"/> between arrival and departure (the
    /// activity's start and end when not entered), at least 1.
    /// </summary>
    public int UnitsBetween(LocalTime? arrival, LocalTime? departure)
    {
        if (TimeEntry is null)
        {
            return 1;
        }

        var minutes = Math.Max(0, Period.Between(arrival ?? Start, departure ?? End, PeriodUnits.Minutes).Minutes);
        var unit = (int)TimeEntry.BillingUnit.ToDuration().TotalMinutes;
        return Math.Max(1, (int)((minutes + unit - 1) / unit));
    }

    /// <summary>
    /// Why the times of a request are not acceptable (R-ACT-3), in French, or <see langword="null"/>:
    /// a time-entry activity needs each entered time among those allowed; another takes no times.
    /// </summary>
    public string? TimesProblem(LocalTime? arrival, LocalTime? departure)
    {
        if (TimeEntry is not { } entry)
        {
            return arrival is null && departure is null ? null : $"L'activité « {Name} » ne demande pas d'horaires";
        }

        if (entry.Arrivals.Count > 0 && (arrival is not { } a || !entry.Arrivals.Contains(a)))
        {
            return $"Heure d'arrivée à choisir parmi : {string.Join(", ", entry.Arrivals.Select(French.Time))}";
        }

        if (entry.Departures.Count > 0 && (departure is not { } d || !entry.Departures.Contains(d)))
        {
            return $"Heure de départ à choisir parmi : {string.Join(", ", entry.Departures.Select(French.Time))}";
        }

        return null;
    }

    /// <summary>Whether places are limited (and so shown as indicative, R-CAL-1).</summary>
    public bool HasLimitedPlaces => Capacity is not null;
}

/// <summary>When, in the school year, an activity runs (R-ACT-2).</summary>
public enum ServiceSchedule
{
    /// <summary>School days only: not in school holidays (canteen, before/after-school care, Wednesday centre).</summary>
    SchoolTime,

    /// <summary>School holidays only (the holiday centre).</summary>
    SchoolHolidays,

    /// <summary>Both (e.g. a music school's lessons).</summary>
    AllYear,
}

/// <summary>The unit in which an activity is booked (R-WIN-5).</summary>
public enum BookingUnit
{
    /// <summary>Each day on its own.</summary>
    Day,

    /// <summary>All service days of the week (Monday to Sunday) together.</summary>
    Week,

    /// <summary>All service days of the school holiday period together.</summary>
    HolidayPeriod,
}

/// <summary>A set of days of the week.</summary>
[Flags]
public enum WeekDays
{
    /// <summary>No day.</summary>
    None = 0,

    /// <summary>Monday.</summary>
    Monday = 1 << 0,

    /// <summary>Tuesday.</summary>
    Tuesday = 1 << 1,

    /// <summary>Wednesday.</summary>
    Wednesday = 1 << 2,

    /// <summary>Thursday.</summary>
    Thursday = 1 << 3,

    /// <summary>Friday.</summary>
    Friday = 1 << 4,

    /// <summary>Saturday.</summary>
    Saturday = 1 << 5,

    /// <summary>Sunday.</summary>
    Sunday = 1 << 6,
}

/// <summary>Helpers over <see cref="WeekDays"/>.</summary>
public static class WeekDaysExtensions
{
    /// <summary>Whether the set includes the day of the week of <paramref name="date"/>.</summary>
    public static bool Includes(this WeekDays days, LocalDate date) =>
        ((int)days & (1 << ((int)date.DayOfWeek - 1))) != 0;
}

/// <summary>
/// Who may book an activity (R-ACT-1). Age is counted in whole years on the day of service:
/// <see cref="MinAge"/> is included, <see cref="MaxAge"/> excluded, so a band "3-6" admits
/// children aged 3, 4 and 5.
/// </summary>
/// <param name="MinAge">The youngest age admitted, or <see langword="null"/>.</param>
/// <param name="MaxAge">The first age no longer admitted, or <see langword="null"/>.</param>
/// <param name="Schools">The schools whose pupils are admitted; empty for every school.</param>
/// <param name="RequiresEnrolment">Whether the child must have been enrolled in the activity by the service.</param>
public sealed record Eligibility(int? MinAge, int? MaxAge, IReadOnlySet<string> Schools, bool RequiresEnrolment)
{
    /// <summary>Open to every child.</summary>
    public static Eligibility Everyone { get; } = new(null, null, new HashSet<string>(), false);
}

/// <summary>
/// Arrival and departure times a family enters for each day (R-ACT-3), and how the duration is billed.
/// </summary>
/// <param name="Arrivals">The arrival times allowed, ascending; empty when arrival is not entered.</param>
/// <param name="Departures">The departure times allowed, ascending; empty when departure is not entered.</param>
/// <param name="BillingUnit">The billed unit of presence (a started unit is due in full), e.g. 30 minutes.</param>
public sealed record TimeEntry(IReadOnlyList<LocalTime> Arrivals, IReadOnlyList<LocalTime> Departures, Period BillingUnit);
