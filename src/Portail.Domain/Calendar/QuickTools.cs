using NodaTime;
using Portail.Booking;
using Portail.Catalog;

namespace Portail.Calendar;

/// <summary>Which days a quick tool acts on (R-CAL-5).</summary>
public enum QuickToolKind
{
    /// <summary>The week (arrow left of the week).</summary>
    Week,

    /// <summary>Every same weekday of the month (arrow under the weekday).</summary>
    Weekday,

    /// <summary>The whole month (icon right of the month).</summary>
    Month,
}

/// <summary>A quick tool of the one-activity calendar (R-CAL-5).</summary>
/// <param name="Kind">Which set of days.</param>
/// <param name="Month">The month shown.</param>
/// <param name="WeekOf">For <see cref="QuickToolKind.Week"/>: any day of the week.</param>
/// <param name="Weekday">For <see cref="QuickToolKind.Weekday"/>: the weekday.</param>
public sealed record QuickTool(QuickToolKind Kind, YearMonth Month, LocalDate? WeekOf = null, IsoDayOfWeek? Weekday = null)
{
    /// <summary>The week containing <paramref name="day"/>, within the month shown.</summary>
    public static QuickTool Week(YearMonth month, LocalDate day) => new(QuickToolKind.Week, month, WeekOf: day);

    /// <summary>Every <paramref name="weekday"/> of the month.</summary>
    public static QuickTool EveryWeekday(YearMonth month, IsoDayOfWeek weekday) => new(QuickToolKind.Weekday, month, Weekday: weekday);

    /// <summary>The whole month.</summary>
    public static QuickTool WholeMonth(YearMonth month) => new(QuickToolKind.Month, month);

    /// <summary>Whether <paramref name="date"/> is in the tool's set.</summary>
    public bool Covers(LocalDate date) =>
        date.Year == Month.Year && date.Month == Month.Month && Kind switch
        {
            QuickToolKind.Week => WeekOf is { } w && MondayOf(date) == MondayOf(w),
            QuickToolKind.Weekday => date.DayOfWeek == Weekday,
            _ => true,
        };

    private static LocalDate MondayOf(LocalDate d) => d.PlusDays(1 - (int)d.DayOfWeek);
}

/// <summary>
/// Day clicks and quick tools on the one-activity calendar (R-CAL-5, R-WIN-5). They only change the
/// basket; nothing is recorded before the final validation (R-BSK-1).
/// </summary>
public static class QuickTools
{
    /// <summary>
    /// The guides' rule: if the first bookable day of the set is not booked, every bookable day of the
    /// set is booked; if it is booked, every booking of the set that can still be cancelled is cancelled.
    /// </summary>
    /// <param name="calendar">The calendar drawn from the current basket.</param>
    /// <param name="tool">The tool clicked.</param>
    /// <param name="basket">The current basket.</param>
    /// <returns>The new basket.</returns>
    public static Basket Apply(ActivityCalendar calendar, QuickTool tool, Basket basket)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(tool);
        return Toggle(calendar, calendar.Cells.Where(c => tool.Covers(c.Date)), basket);
    }

    /// <summary>
    /// A click on one day: books it if free, takes it back or cancels it if booked. For activities
    /// booked by week or by holiday period (R-WIN-5) the click acts on the whole unit, by the same rule.
    /// </summary>
    public static Basket ClickDay(ActivityCalendar calendar, LocalDate date, Basket basket)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var activity = calendar.Activity;
        var holiday = activity.BookingUnit == BookingUnit.HolidayPeriod ? calendar.Tenant.SchoolCalendar.HolidayOn(date)?.Days : null;
        IEnumerable<DayCell> unit = activity.BookingUnit switch
        {
            BookingUnit.Week => calendar.Cells.Where(c => Period.DaysBetween(Monday(date), c.Date) is >= 0 and < 7),
            BookingUnit.HolidayPeriod when holiday is not null => calendar.Cells.Where(c => holiday.Contains(c.Date)),
            _ => calendar.Days.Contains(date) ? [calendar[date]] : [],
        };
        return Toggle(calendar, unit, basket);
    }

    private static Basket Toggle(ActivityCalendar calendar, IEnumerable<DayCell> set, Basket basket)
    {
        var actionable = set.Where(c => c.Actionable).ToList();
        if (actionable.Count == 0)
        {
            return basket;
        }

        var cancel = actionable[0].Booked;
        foreach (var cell in actionable)
        {
            if (cell.Booked != cancel)
            {
                continue;
            }

            var key = calendar.KeyOf(cell.Date);
            basket = cell.Pending
                ? basket.Without(key)
                : basket.With(new PendingRequest(key, cancel ? RequestKind.Cancel : RequestKind.Book, DefaultArrival(calendar.Activity), DefaultDeparture(calendar.Activity)));
        }

        return basket;
    }

    private static LocalDate Monday(LocalDate d) => d.PlusDays(1 - (int)d.DayOfWeek);

    internal static LocalTime? DefaultArrival(Activity a) => a.TimeEntry is { Arrivals.Count: > 0 } t ? t.Arrivals[0] : null;

    internal static LocalTime? DefaultDeparture(Activity a) => a.TimeEntry is { Departures.Count: > 0 } t ? t.Departures[^1] : null;
}
