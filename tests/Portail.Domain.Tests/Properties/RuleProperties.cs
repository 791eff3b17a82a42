using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Portail.Booking;
using Portail.Calendar;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Properties;

[Properties(Arbitrary = [typeof(Arbitraries)], MaxTest = 2000)]
public class RuleProperties
{
    [Property]
    public bool R_WIN_2_a_window_never_allows_a_date_past_its_deadline(WindowCase c)
    {
        var decision = BookingWindow.Evaluate(Tenant, c.Activity, c.Child, c.Date, c.Action, c.Now, c.Standing);
        return !decision.IsOpen || c.Now < BookingWindow.Deadline(Tenant, c.Activity, c.Date, c.Action);
    }

    [Property]
    public bool R_WIN_1_a_window_never_allows_booking_before_the_period_opens(WindowCase c)
    {
        if (c.Action == BookingAction.Cancel)
        {
            return true; // withdrawing what one booked is not opening a period
        }

        var decision = BookingWindow.Evaluate(Tenant, c.Activity, c.Child, c.Date, c.Action, c.Now, c.Standing);
        var period = Tenant.PeriodContaining(c.Date);
        return !decision.IsOpen || (period is not null && c.Now >= period.OpensAt);
    }

    [Property]
    public bool R_WIN_6_a_family_that_may_not_book_never_gets_an_open_window_to_book(WindowCase c)
    {
        var decision = BookingWindow.Evaluate(Tenant, c.Activity, c.Child, c.Date, BookingAction.Book, c.Now, c.Standing);
        return !decision.IsOpen || (c.Standing.FileValidated && !c.Standing.InDebit);
    }

    [Property]
    public bool R_WIN_2_the_deadline_of_a_later_day_is_never_earlier(WindowCase c)
    {
        // Deadlines counted from the day (not the holidays) move forward with the day.
        if (c.Activity.Deadline.Anchor != global::Portail.Catalog.DeadlineAnchor.ServiceDay)
        {
            return true;
        }

        return BookingWindow.Deadline(Tenant, c.Activity, c.Date, BookingAction.Book) <= BookingWindow.Deadline(Tenant, c.Activity, c.Date.PlusDays(1), BookingAction.Book);
    }

    [Property]
    public Property R_CAL_5_a_quick_tool_applied_twice_to_an_unchanged_calendar_gives_back_the_selection(MonthCase c, int toolPick, int dayPick)
    {
        // "Unchanged": the tool's actionable days are all free, or all booked — then a second click undoes the first.
        var tool = Pick(c.Month, toolPick, dayPick);
        var facts = FactsOf(c);
        var days = Month(c.Month.Year, c.Month.Month);
        var calendar = CalendarRules.ForActivity(facts, c.Activity, days);
        var actionable = calendar.Cells.Where(x => tool.Covers(x.Date) && x.Actionable).ToList();
        var uniform = actionable.All(x => x.Booked) || actionable.All(x => !x.Booked);

        var once = QuickTools.Apply(calendar, tool, Basket.Empty);
        var twice = QuickTools.Apply(CalendarRules.ForActivity(facts with { Basket = once }, c.Activity, days), tool, once);
        return Prop.When(uniform, twice.Equals(Basket.Empty)).Label($"{tool}: once {once}, twice {twice}");
    }

    [Property]
    public bool R_CAL_5_after_a_quick_tool_every_actionable_day_of_the_set_agrees_with_the_first(MonthCase c, int toolPick, int dayPick)
    {
        var tool = Pick(c.Month, toolPick, dayPick);
        var facts = FactsOf(c);
        var days = Month(c.Month.Year, c.Month.Month);
        var before = CalendarRules.ForActivity(facts, c.Activity, days);
        var first = before.Cells.FirstOrDefault(x => tool.Covers(x.Date) && x.Actionable);
        var basket = QuickTools.Apply(before, tool, Basket.Empty);
        var after = CalendarRules.ForActivity(facts with { Basket = basket }, c.Activity, days);
        return first == default
            || after.Cells.Where(x => tool.Covers(x.Date) && x.Actionable).All(x => x.Booked == !first.Booked);
    }

    [Property]
    public bool R_CAL_6_a_copy_never_adds_a_day_that_the_window_refuses(CopyCase c)
    {
        var source = new ChildId("source-child");
        var basket = c.SourceDays.Aggregate(Basket.Empty, (b, d) => b.With(new PendingRequest(new RequestKey(source, c.SourceActivity, d), RequestKind.Book)));
        var target = c.Target;
        var days = Month(target.Month.Year, target.Month.Month);
        var calendar = CalendarRules.ForActivity(FactsOf(target) with { Basket = basket }, target.Activity, days);

        var result = CopyRequests.Copy(basket, source, c.SourceActivity, days, calendar);

        var added = result.Basket.Requests.Where(r => r.Key.Child == target.Child.Id).ToList();
        return added.Count == result.Copied
            && result.Copied + result.NotCopied.Count == c.SourceDays.Count
            && added.All(r => BookingWindow.Evaluate(Tenant, target.Activity, target.Child, r.Key.Date, BookingAction.Book, target.Now, FamilyStanding.Good).IsOpen
                              && calendar[r.Key.Date].State == DayState.Available);
    }

    [Property]
    public bool R_CAL_1_places_left_never_exceed_capacity_nor_go_below_zero(MonthCase c)
    {
        var facts = FactsOf(c);
        var days = Month(c.Month.Year, c.Month.Month);
        return CalendarRules.ForActivity(facts, c.Activity, days).Cells.All(x =>
            c.Activity.Capacity is { } cap ? x.PlacesLeft is { } left && left >= 0 && left <= cap : x.PlacesLeft is null);
    }

    private static CalendarFacts FactsOf(MonthCase c) => new(Tenant, c.Child, c.Now, FamilyStanding.Good, c.Bookings, c.Counts, Basket.Empty);

    private static QuickTool Pick(YearMonth month, int toolPick, int dayPick)
    {
        var day = month.OnDayOfMonth(1 + (Math.Abs(dayPick % 28)));
        return Math.Abs(toolPick % 3) switch
        {
            0 => QuickTool.Week(month, day),
            1 => QuickTool.EveryWeekday(month, day.DayOfWeek),
            _ => QuickTool.WholeMonth(month),
        };
    }
}
