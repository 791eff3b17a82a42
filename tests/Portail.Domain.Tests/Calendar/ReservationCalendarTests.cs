using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Booking;
using Portail.Calendar;
using Portail.InMemory;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Calendar;

public sealed class ReservationCalendarTests : IDisposable
{
    private static readonly StructureId Scolaire = new("scolaire");
    private readonly ServiceProvider _provider;
    private readonly ReservationCalendar _calendar;
    private readonly InMemoryBookingStore _bookings;
    private readonly FakeClock _clock = new(At("2023-10-02T09:00"));

    public ReservationCalendarTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddSingleton<IFamilyFileStatus, NoFileReviewYet>(); // booking tests: the family file's gate has its own (R-DOS-5)
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        var families = _provider.GetRequiredService<InMemoryFamilyDirectory>();
        families.Add(Cestas, Lenny);
        families.Add(Cestas, Leyah);
        families.Add(Cestas, Lenny with { Id = new ChildId("martin-paul"), Family = new FamilyId("martin"), LastName = "MARTIN", FirstName = "Paul" });
        _bookings = _provider.GetRequiredService<InMemoryBookingStore>();
        _calendar = _provider.GetRequiredService<ReservationCalendar>();
    }

    public void Dispose() => _provider.Dispose();

    private static CalendarScope Scope(string child = "lenny", string family = "dupont") => new(Sample.Account(new FamilyId(family)), Scolaire, new ChildId(child));

    [Fact]
    public async Task R_CAL_1_month_of_all_activities_offers_only_the_childs_activities()
    {
        var page = await _calendar.GetMonthAsync(Scope(), new YearMonth(2023, 10), null, Basket.Empty);
        Assert.Null(page.Activity);
        Assert.Equal(new DateInterval(Day("2023-09-25"), Day("2023-11-05")), page.Grid);
        Assert.Equal(42, page.Overview!.Cells.Count);
        Assert.DoesNotContain(page.Activities, a => a.Name.Contains("6-12", StringComparison.Ordinal));
        Assert.Contains(page.Activities, a => a.Name == "ALSH 3-6 Mercredi Journée");
        Assert.Equal(OverviewState.Available, page.Overview.Cells.Single(c => c.Date == Day("2023-10-05")).State);
    }

    [Fact]
    public void R_CAL_1_the_grid_is_whole_weeks_from_Monday_to_Sunday() =>
        Assert.Equal(new DateInterval(Day("2024-01-01"), Day("2024-02-04")), ReservationCalendar.GridOf(new YearMonth(2024, 1)));

    [Fact]
    public async Task R_CAL_1_places_left_count_every_familys_accepted_bookings()
    {
        var journee = new ActivityId("alsh-36-mercredi-journee");
        for (var i = 0; i < 20; i++)
        {
            _bookings.Record(Cestas, new ChildBooking(new ChildId($"other-{i}"), journee, Day("2023-10-18"), BookingStatus.Accepted));
        }

        _bookings.Record(Cestas, new ChildBooking(new ChildId("other-w"), journee, Day("2023-10-18"), BookingStatus.Waitlisted));
        var page = await _calendar.GetMonthAsync(Scope(), new YearMonth(2023, 10), journee, Basket.Empty);
        Assert.Equal(4, page.Activity![Day("2023-10-18")].PlacesLeft);
    }

    [Fact]
    public async Task R_CAL_4_day_detail_in_the_guides_words()
    {
        var detail = await _calendar.GetDayAsync(Scope(), Day("2023-10-05"), Basket.Empty);
        Assert.Equal("Lenny : Activités disponibles le jeudi 5 octobre 2023", detail.Title);
        Assert.Equal(["Restauration scolaire", "APS Matin", "APS Soir", "APS Forfait", "Accueil saisie temps"], detail.Lines.Select(l => l.Activity.Name));
        var canteen = detail.Lines[0];
        Assert.Equal((new LocalTime(11, 30), new LocalTime(13, 30), 3.50m, DayState.Available), (canteen.Arrival, canteen.Departure, canteen.Price, canteen.Cell.State));
    }

    [Fact]
    public async Task R_CAL_4_a_day_without_activity_says_why()
    {
        var detail = await _calendar.GetDayAsync(Scope(), Day("2023-11-01"), Basket.Empty);
        Assert.Empty(detail.Lines);
        Assert.Equal("Pas d'accueil le mercredi 1 novembre 2023 : Vacances de la Toussaint.", detail.NoActivityReason);
        Assert.Null((await _calendar.GetDayAsync(Scope(), Day("2023-10-05"), Basket.Empty)).NoActivityReason);
    }

    [Fact]
    public void R_WIN_6_the_standing_explains_itself()
    {
        Assert.Null(FamilyStanding.Good.Explanation);
        Assert.StartsWith("Votre Dossier Famille n'est pas encore validé", new FamilyStanding(false, 5m).Explanation, StringComparison.Ordinal);
        Assert.StartsWith("Votre Compte Famille est débiteur de 118,04 € :", new FamilyStanding(true, 118.04m).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_ACC_7_a_family_cannot_see_another_familys_child()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _calendar.GetMonthAsync(Scope("martin-paul"), new YearMonth(2023, 10), null, Basket.Empty));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _calendar.GetDayAsync(Scope("martin-paul"), Day("2023-10-05"), Basket.Empty));
    }

    [Fact]
    public async Task R_TEN_1_an_activity_of_another_structure_is_not_found()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _calendar.GetMonthAsync(Scope(), new YearMonth(2023, 10), new ActivityId("eveil-musical"), Basket.Empty));
    }

    [Fact]
    public async Task R_TEN_1_bookings_of_another_tenant_are_invisible()
    {
        _bookings.Record(new TenantId("autre-commune"), new ChildBooking(Lenny.Id, new ActivityId("restauration"), Day("2023-10-09"), BookingStatus.Accepted));
        var page = await _calendar.GetMonthAsync(Scope(), new YearMonth(2023, 10), new ActivityId("restauration"), Basket.Empty);
        Assert.Equal(DayState.Available, page.Activity![Day("2023-10-09")].State);
    }

    [Fact]
    public async Task R_WIN_5_a_click_on_the_christmas_holiday_centre_books_the_days_of_both_years()
    {
        _clock.Reset(At("2023-11-10T10:00")); // period 2 is open, the holidays' deadline (16 December) not passed
        var basket = await _calendar.ClickDayAsync(Scope(), new ActivityId("alsh-36-vacances"), Day("2023-12-27"), Basket.Empty);
        var days = basket.Requests.Select(r => r.Key.Date).ToList();
        Assert.Equal(Day("2023-12-26"), days[0]); // Monday 25 is Christmas
        Assert.Equal(Day("2024-01-05"), days[^1]);
        Assert.DoesNotContain(Day("2024-01-01"), days);
        Assert.Equal(8, days.Count); // 26–29 December, 2–5 January
    }

    [Fact]
    public async Task R_CAL_5_quick_tool_through_the_use_case()
    {
        var basket = await _calendar.ApplyQuickToolAsync(Scope(), new ActivityId("restauration"), QuickTool.EveryWeekday(new YearMonth(2023, 10), IsoDayOfWeek.Thursday), Basket.Empty);
        Assert.Equal([Day("2023-10-05"), Day("2023-10-12"), Day("2023-10-19")], basket.Requests.Select(r => r.Key.Date));
    }

    [Fact]
    public async Task R_CAL_6_copy_onto_the_other_child_through_the_use_case()
    {
        var canteen = new ActivityId("restauration");
        var basket = await _calendar.ApplyQuickToolAsync(Scope(), canteen, QuickTool.Week(new YearMonth(2023, 10), Day("2023-10-09")), Basket.Empty);
        var result = await _calendar.CopyAsync(Scope(), canteen, Month(2023, 10), Leyah.Id, canteen, basket);
        Assert.Equal(4, result.Copied);
        Assert.Empty(result.NotCopied);
        Assert.Equal(8, result.Basket.Count);
    }

    [Fact]
    public async Task R_CAL_6_copy_onto_a_child_of_another_family_is_refused()
    {
        var canteen = new ActivityId("restauration");
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _calendar.CopyAsync(Scope(), canteen, Month(2023, 10), new ChildId("martin-paul"), canteen, Basket.Empty));
    }
}
