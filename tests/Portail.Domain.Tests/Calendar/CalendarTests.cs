using NodaTime;
using Portail.Booking;
using Portail.Calendar;
using Portail.Families;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Calendar;

public class CalendarTests
{
    private const string Now = "2023-10-02T09:00";
    private static readonly ActivityId Canteen = new("restauration");
    private static readonly ActivityId Journee = new("alsh-36-mercredi-journee");
    private static readonly ActivityId Matin = new("alsh-36-mercredi-matin");
    private static readonly ActivityId ApresMidi = new("alsh-36-mercredi-apres-midi");

    private static ChildBooking Booked(ActivityId activity, string day, BookingStatus status = BookingStatus.Accepted, Child? child = null) =>
        new((child ?? Lenny).Id, activity, Day(day), status);

    private static DayCount Count(ActivityId activity, string day, int accepted, int waitlisted) => new(activity, Day(day), accepted, waitlisted);

    private static ActivityCalendar October(ActivityId activity, IReadOnlyList<ChildBooking>? bookings = null, IReadOnlyList<DayCount>? counts = null, Basket? basket = null) =>
        CalendarRules.ForActivity(Facts(Now, bookings, counts, basket), Tenant.FindActivity(activity)!, Month(2023, 10));

    private static OverviewState OverviewOn(string day, IReadOnlyList<ChildBooking>? bookings = null, IReadOnlyList<DayCount>? counts = null, Basket? basket = null)
    {
        var activities = Tenant.ActivitiesOf(new StructureId("scolaire"));
        var overview = CalendarRules.ForChild(Facts(Now, bookings, counts, basket), activities, Month(2023, 10));
        return overview.Cells.Single(c => c.Date == Day(day)).State;
    }

    // --- R-CAL-2: the eight states of one activity's calendar --------------------------------

    [Fact]
    public void R_CAL_2_not_open_days_say_why()
    {
        var cal = October(Canteen);
        Assert.Equal(DayState.NotOpen, cal[Day("2023-10-03")].State);
        Assert.Equal(RefusalReason.TooLate, cal[Day("2023-10-03")].Why!.Reason);
        Assert.Equal(RefusalReason.NoService, cal[Day("2023-10-04")].Why!.Reason); // Wednesday
        Assert.Equal(RefusalReason.NoService, cal[Day("2023-10-23")].Why!.Reason); // Toussaint
    }

    [Fact]
    public void R_CAL_2_available_days_are_those_the_window_allows()
    {
        var cal = October(Canteen);
        Assert.Equal(DayState.Available, cal[Day("2023-10-05")].State);
        Assert.Equal(DayState.Available, cal[Day("2023-10-20")].State);
        Assert.Null(cal[Day("2023-10-05")].PlacesLeft); // unlimited
    }

    [Fact]
    public void R_CAL_2_full_and_waitlist_only_follow_the_day_counts()
    {
        var cal = October(Journee, counts: [Count(Journee, "2023-10-11", 24, 6), Count(Journee, "2023-10-18", 24, 2), Count(Journee, "2023-10-04", 20, 0)]);
        Assert.Equal(DayState.Full, cal[Day("2023-10-11")].State);
        Assert.Equal(DayState.WaitlistOnly, cal[Day("2023-10-18")].State);
        Assert.Equal(0, cal[Day("2023-10-18")].PlacesLeft);
    }

    [Fact]
    public void R_CAL_1_places_left_are_shown_for_limited_activities()
    {
        var cal = October(Journee, counts: [Count(Journee, "2023-10-18", 20, 0)]);
        Assert.Equal(DayState.Available, cal[Day("2023-10-18")].State);
        Assert.Equal(4, cal[Day("2023-10-18")].PlacesLeft);
        Assert.Equal(24, cal[Day("2023-10-11")].PlacesLeft);
    }

    [Fact]
    public void R_CAL_2_booked_days_are_changeable_until_the_deadline_then_locked()
    {
        var cal = October(Canteen, [Booked(Canteen, "2023-10-02"), Booked(Canteen, "2023-10-09"), Booked(Canteen, "2023-10-10", BookingStatus.AwaitingAnswer)]);
        Assert.Equal(DayState.BookedLocked, cal[Day("2023-10-02")].State);
        Assert.Equal(RefusalReason.TooLate, cal[Day("2023-10-02")].Why!.Reason);
        Assert.Equal(DayState.BookedChangeable, cal[Day("2023-10-09")].State);
        Assert.Equal(DayState.BookedChangeable, cal[Day("2023-10-10")].State);
    }

    [Fact]
    public void R_CAL_2_waitlisted_or_refused_days_are_cancellable_until_the_deadline_then_locked()
    {
        var cal = October(Journee, [
            Booked(Journee, "2023-10-04", BookingStatus.Waitlisted),
            Booked(Journee, "2023-10-11", BookingStatus.Refused),
            Booked(Journee, "2023-10-18", BookingStatus.Waitlisted),
        ]);
        Assert.Equal(DayState.WaitlistedOrRefusedLocked, cal[Day("2023-10-04")].State);
        Assert.Equal(DayState.WaitlistedOrRefusedCancellable, cal[Day("2023-10-11")].State);
        Assert.Equal(DayState.WaitlistedOrRefusedCancellable, cal[Day("2023-10-18")].State);
    }

    [Fact]
    public void R_CAL_2_requests_in_the_basket_show_until_validated()
    {
        var basket = Basket.Empty
            .With(new PendingRequest(new RequestKey(Lenny.Id, Canteen, Day("2023-10-12")), RequestKind.Book))
            .With(new PendingRequest(new RequestKey(Lenny.Id, Canteen, Day("2023-10-09")), RequestKind.Cancel));
        var cal = October(Canteen, [Booked(Canteen, "2023-10-09")], basket: basket);
        Assert.Equal((DayState.BookedChangeable, true), (cal[Day("2023-10-12")].State, cal[Day("2023-10-12")].Pending));
        Assert.Equal((DayState.Available, true), (cal[Day("2023-10-09")].State, cal[Day("2023-10-09")].Pending));
    }

    [Fact]
    public void R_CAL_2_a_request_on_a_day_without_places_shows_as_a_waiting_list_request()
    {
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(Lenny.Id, Journee, Day("2023-10-18")), RequestKind.Book));
        var cal = October(Journee, counts: [Count(Journee, "2023-10-18", 24, 2)], basket: basket);
        Assert.Equal(DayState.WaitlistedOrRefusedCancellable, cal[Day("2023-10-18")].State);
        Assert.True(cal[Day("2023-10-18")].Pending);
    }

    [Fact]
    public void R_ACT_4_an_exclusive_activity_booked_or_requested_closes_the_others_that_day()
    {
        var forfait = new ActivityId("aps-forfait");
        var matin = new ActivityId("aps-matin");
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(Lenny.Id, matin, Day("2023-10-10")), RequestKind.Book));
        var facts = Facts(Now, [Booked(forfait, "2023-10-09")], basket: basket);
        var matinCal = CalendarRules.ForActivity(facts, Tenant.FindActivity(matin)!, Month(2023, 10));
        var forfaitCal = CalendarRules.ForActivity(facts, Tenant.FindActivity(forfait)!, Month(2023, 10));
        Assert.Equal(DayState.NotOpen, matinCal[Day("2023-10-09")].State);
        Assert.Equal("Cette activité ne peut pas être réservée le même jour que « APS Forfait ».", matinCal[Day("2023-10-09")].Why!.Message);
        Assert.Equal(RefusalReason.Excluded, forfaitCal[Day("2023-10-10")].Why!.Reason);
        Assert.Equal(DayState.Available, CalendarRules.ForActivity(facts, Tenant.FindActivity(new ActivityId("aps-soir"))!, Month(2023, 10))[Day("2023-10-10")].State);
    }

    [Fact]
    public void R_WIN_6_a_family_that_may_not_book_sees_every_free_day_not_open_with_the_reason()
    {
        var facts = Facts(Now) with { Standing = new FamilyStanding(FileValidated: false, AmountDue: 0m) };
        var cal = CalendarRules.ForActivity(facts, Tenant.FindActivity(Canteen)!, Month(2023, 10));
        Assert.Equal(RefusalReason.FileNotValidated, cal[Day("2023-10-05")].Why!.Reason);
    }

    // --- R-CAL-3: all activities, one state per day (precedence documented on OverviewState) --

    [Fact]
    public void R_CAL_3_not_open_when_nothing_runs_or_everything_is_out_of_the_window() =>
        Assert.Equal(OverviewState.NotOpen, OverviewOn("2023-10-07"));

    [Fact]
    public void R_CAL_3_available() => Assert.Equal(OverviewState.Available, OverviewOn("2023-10-05"));

    [Fact]
    public void R_CAL_3_waitlist_only_when_every_open_activity_only_has_waiting_list_room() =>
        Assert.Equal(OverviewState.WaitlistOnly, OverviewOn("2023-10-18", counts: [Count(Journee, "2023-10-18", 24, 0), Count(Matin, "2023-10-18", 12, 0), Count(ApresMidi, "2023-10-18", 12, 4)]));

    [Fact]
    public void R_CAL_3_all_full() =>
        Assert.Equal(OverviewState.AllFull, OverviewOn("2023-10-18", counts: [Count(Journee, "2023-10-18", 24, 6), Count(Matin, "2023-10-18", 12, 4), Count(ApresMidi, "2023-10-18", 12, 4)]));

    [Fact]
    public void R_CAL_3_booked_action_possible() => Assert.Equal(OverviewState.BookedActionPossible, OverviewOn("2023-10-09", [Booked(Canteen, "2023-10-09")]));

    [Fact]
    public void R_CAL_3_booked_no_action_possible() => Assert.Equal(OverviewState.BookedNoAction, OverviewOn("2023-10-02", [Booked(Canteen, "2023-10-02")]));

    [Fact]
    public void R_CAL_3_waitlisted_with_nothing_to_do_sends_to_the_follow_up() =>
        Assert.Equal(OverviewState.WaitlistedOrRefusedSeeFollowUp, OverviewOn("2023-10-04", [Booked(Journee, "2023-10-04", BookingStatus.Waitlisted)]));

    [Fact]
    public void R_CAL_3_waitlisted_and_cancellable() =>
        Assert.Equal(OverviewState.WaitlistedOrRefusedCancellable, OverviewOn("2023-10-18", [Booked(Journee, "2023-10-18", BookingStatus.Waitlisted)]));

    [Fact]
    public void R_CAL_3_booked_with_one_waitlisted_or_refused_and_an_action_possible() =>
        Assert.Equal(OverviewState.RequestedWithWaitlistOrRefused, OverviewOn("2023-10-11", [Booked(Matin, "2023-10-11"), Booked(Journee, "2023-10-11", BookingStatus.Refused)]));

    [Fact]
    public void R_CAL_3_a_locked_waiting_list_wins_over_a_booking_when_nothing_can_be_done()
    {
        // Wednesday 4 October is past its deadline: a booking and a waiting-list entry, nothing to do → see the follow-up.
        Assert.Equal(OverviewState.WaitlistedOrRefusedSeeFollowUp, OverviewOn("2023-10-04", [Booked(Matin, "2023-10-04"), Booked(Journee, "2023-10-04", BookingStatus.Waitlisted)]));
    }

    // --- R-CAL-4: the day detail ----------------------------------------------------------

    [Fact]
    public void R_CAL_4_day_detail_lists_the_activities_of_the_day_with_times_places_price_and_state()
    {
        var facts = Facts(Now, counts: [Count(Journee, "2023-10-11", 24, 6), Count(Matin, "2023-10-11", 5, 0)]);
        var lines = CalendarRules.ForDay(facts, Tenant.ActivitiesOf(new StructureId("scolaire")), Day("2023-10-11"));
        Assert.Equal(["ALSH 3-6 Mercredi Journée", "ALSH 3-6 Mercredi Matin", "ALSH 3-6 Mercredi Après-midi"], lines.Select(l => l.Activity.Name));
        Assert.Equal(DayState.Full, lines[0].Cell.State);
        Assert.Equal(7, lines[1].Cell.PlacesLeft);
    }

    // --- R-CAL-5: quick tools -------------------------------------------------------------

    private static IEnumerable<string> Requested(Basket basket, RequestKind kind) =>
        basket.Requests.Where(r => r.Kind == kind).Select(r => r.Key.Date.ToString("dd", null));

    [Fact]
    public void R_CAL_5_whole_month_books_every_bookable_day_when_the_first_is_free()
    {
        var basket = QuickTools.Apply(October(Canteen), QuickTool.WholeMonth(new YearMonth(2023, 10)), Basket.Empty);
        Assert.Equal(["05", "06", "09", "10", "12", "13", "16", "17", "19", "20"], Requested(basket, RequestKind.Book));
    }

    [Fact]
    public void R_CAL_5_whole_month_cancels_every_cancellable_booking_when_the_first_bookable_day_is_booked()
    {
        var bookings = new[] { Booked(Canteen, "2023-10-02"), Booked(Canteen, "2023-10-05"), Booked(Canteen, "2023-10-16") };
        var basket = QuickTools.Apply(October(Canteen, bookings), QuickTool.WholeMonth(new YearMonth(2023, 10)), Basket.Empty);
        Assert.Equal(["05", "16"], Requested(basket, RequestKind.Cancel)); // the 2nd is locked: it stays
        Assert.Empty(Requested(basket, RequestKind.Book));
    }

    [Fact]
    public void R_CAL_5_the_first_bookable_day_decides_even_when_later_days_are_booked()
    {
        var basket = QuickTools.Apply(October(Canteen, [Booked(Canteen, "2023-10-09")]), QuickTool.WholeMonth(new YearMonth(2023, 10)), Basket.Empty);
        Assert.Equal(9, basket.Count);
        Assert.DoesNotContain("09", Requested(basket, RequestKind.Book));
    }

    [Fact]
    public void R_CAL_5_every_monday_of_the_month()
    {
        var basket = QuickTools.Apply(October(Canteen), QuickTool.EveryWeekday(new YearMonth(2023, 10), IsoDayOfWeek.Monday), Basket.Empty);
        Assert.Equal(["09", "16"], Requested(basket, RequestKind.Book)); // the 2nd is too late, the 23rd and 30th are holidays
    }

    [Fact]
    public void R_CAL_5_the_week_left_arrow()
    {
        var basket = QuickTools.Apply(October(Canteen), QuickTool.Week(new YearMonth(2023, 10), Day("2023-10-11")), Basket.Empty);
        Assert.Equal(["09", "10", "12", "13"], Requested(basket, RequestKind.Book));
    }

    [Fact]
    public void R_CAL_5_a_second_click_takes_the_requests_back()
    {
        var tool = QuickTool.WholeMonth(new YearMonth(2023, 10));
        var once = QuickTools.Apply(October(Canteen), tool, Basket.Empty);
        var twice = QuickTools.Apply(October(Canteen, basket: once), tool, once);
        Assert.Equal(Basket.Empty, twice);
    }

    [Fact]
    public void R_WIN_5_a_click_on_a_holiday_centre_booked_by_period_books_the_whole_holidays()
    {
        var activity = Tenant.FindActivity(new ActivityId("alsh-36-vacances"))!;
        var holidays = Tenant.SchoolCalendar.HolidayOn(Day("2023-10-24"))!.Days;
        var cal = CalendarRules.ForActivity(Facts(Now), activity, holidays);
        var basket = QuickTools.ClickDay(cal, Day("2023-10-24"), Basket.Empty);
        Assert.Equal(["23", "24", "25", "26", "27", "30", "31", "02", "03"], Requested(basket, RequestKind.Book)); // 1 Nov is a public holiday
    }

    [Fact]
    public void R_WIN_5_a_click_on_an_activity_booked_by_week_books_the_week()
    {
        var options = Options();
        options.ActivityOptions("alsh-36-vacances").BookingUnit = "Week";
        var tenant = Load(options);
        var activity = tenant.FindActivity(new ActivityId("alsh-36-vacances"))!;
        var cal = CalendarRules.ForActivity(Facts(Now, tenant: tenant), activity, new DateInterval(Day("2023-10-23"), Day("2023-10-29")));
        var basket = QuickTools.ClickDay(cal, Day("2023-10-25"), Basket.Empty);
        Assert.Equal(["23", "24", "25", "26", "27"], Requested(basket, RequestKind.Book));
    }

    // --- R-CAL-6: copy ----------------------------------------------------------------------

    [Fact]
    public void R_CAL_6_copy_onto_another_child_checks_each_day_again_and_lists_those_not_copied()
    {
        // Lenny's Wednesday centre requests (3-6) copied onto Leyah's (6-12), whose 18 October is full.
        var lennyDays = new[] { "2023-10-11", "2023-10-18" };
        var basket = lennyDays.Aggregate(Basket.Empty, (b, d) => b.With(new PendingRequest(new RequestKey(Lenny.Id, Journee, Day(d)), RequestKind.Book)));
        var target612 = new ActivityId("alsh-612-mercredi-journee");
        var target = CalendarRules.ForActivity(Facts(Now, counts: [Count(target612, "2023-10-18", 24, 6)], basket: basket, child: Leyah), Tenant.FindActivity(target612)!, Month(2023, 10));

        var result = CopyRequests.Copy(basket, Lenny.Id, Journee, Month(2023, 10), target);

        Assert.Equal(1, result.Copied);
        Assert.NotNull(result.Basket.Find(new RequestKey(Leyah.Id, target612, Day("2023-10-11"))));
        var notCopied = Assert.Single(result.NotCopied);
        Assert.Equal("Mercredi 18 Octobre 2023", notCopied.Label);
        Assert.Equal("plus de place disponible", notCopied.Reason);
    }

    [Fact]
    public void R_CAL_6_copy_onto_another_activity_lists_days_it_does_not_run()
    {
        var basket = new[] { "2023-10-05", "2023-10-06" }.Aggregate(Basket.Empty, (b, d) => b.With(new PendingRequest(new RequestKey(Lenny.Id, Canteen, Day(d)), RequestKind.Book)));
        var target = October(Journee, basket: basket);
        var result = CopyRequests.Copy(basket, Lenny.Id, Canteen, Month(2023, 10), target);
        Assert.Equal(0, result.Copied);
        Assert.Equal(["Jeudi 5 Octobre 2023", "Vendredi 6 Octobre 2023"], result.NotCopied.Select(n => n.Label));
        Assert.All(result.NotCopied, n => Assert.StartsWith("L'activité n'a pas lieu", n.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void R_CAL_6_copy_keeps_allowed_times_and_refuses_incompatible_ones()
    {
        var options = Options();
        options.ActivityOptions("aps-matin").TimeEntry = new() { Arrivals = ["07:00"] };
        var tenant = Load(options);
        var accueil = new ActivityId("accueil-temps");
        var basket = Basket.Empty
            .With(new PendingRequest(new RequestKey(Lenny.Id, accueil, Day("2023-10-05")), RequestKind.Book, new LocalTime(7, 0), new LocalTime(8, 30)))
            .With(new PendingRequest(new RequestKey(Lenny.Id, accueil, Day("2023-10-06")), RequestKind.Book, new LocalTime(7, 30), new LocalTime(8, 30)));
        var matin = tenant.FindActivity(new ActivityId("aps-matin"))!;
        var target = CalendarRules.ForActivity(Facts(Now, basket: basket, child: Leyah, tenant: tenant), matin, Month(2023, 10));

        var result = CopyRequests.Copy(basket, Lenny.Id, accueil, Month(2023, 10), target);

        var copied = result.Basket.Find(new RequestKey(Leyah.Id, matin.Id, Day("2023-10-05")))!;
        Assert.Equal(new LocalTime(7, 0), copied.Arrival);
        var notCopied = Assert.Single(result.NotCopied);
        Assert.Equal((Day("2023-10-06"), "horaires incompatibles avec l'activité"), (notCopied.Date, notCopied.Reason));
    }
}
