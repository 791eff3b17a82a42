using NodaTime;
using OneOf;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.Windows;

namespace Portail.Calendar;

/// <summary>Whose calendar: a child the signed-in family account acts for (its own or a shared one, R-ACC-6), in one structure of its tenant.</summary>
/// <param name="Actor">The family account acting.</param>
/// <param name="Structure">The structure chosen in the menu (R-TEN-1).</param>
/// <param name="Child">One of the account's children.</param>
public sealed record CalendarScope(FamilyActor Actor, StructureId Structure, ChildId Child)
{
    /// <summary>The account's municipality.</summary>
    public TenantId Tenant => Actor.Tenant;

    /// <summary>The family the account acts for: its bookings are the ones shown and made.</summary>
    public FamilyId Family => Actor.Family;
}

/// <summary>A month of the Réservations page (R-CAL-1..3).</summary>
/// <param name="Month">The month shown.</param>
/// <param name="Grid">The days drawn: whole weeks, Monday to Sunday, around the month.</param>
/// <param name="Child">The child.</param>
/// <param name="Activities">The activities of the structure open to the child this month, for the selector.</param>
/// <param name="Activity">The calendar of the selected activity, or <see langword="null"/> when none is selected.</param>
/// <param name="Overview">The calendar of all activities, when none is selected.</param>
/// <param name="Standing">The family's standing; a family that may not book sees why (R-WIN-6).</param>
public sealed record MonthPage(
    YearMonth Month,
    DateInterval Grid,
    Child Child,
    IReadOnlyList<Activity> Activities,
    ActivityCalendar? Activity,
    OverviewCalendar? Overview,
    FamilyStanding Standing);

/// <summary>One activity of the day detail (R-CAL-4).</summary>
/// <param name="Activity">The activity.</param>
/// <param name="Arrival">Arrival: the booked time, or the activity's start.</param>
/// <param name="Departure">Departure: the booked time, or the activity's end.</param>
/// <param name="PlacesLeft">Indicative places left, or <see langword="null"/> when unlimited.</param>
/// <param name="Price">The price of booking it that day, in euros.</param>
/// <param name="Cell">Its state.</param>
public sealed record DayDetailLine(Activity Activity, LocalTime Arrival, LocalTime Departure, int? PlacesLeft, decimal Price, DayCell Cell);

/// <summary>The activities of one day for a child (R-CAL-4).</summary>
/// <param name="Date">The day.</param>
/// <param name="Child">The child.</param>
/// <param name="Lines">The activities that run that day and are open to the child.</param>
/// <param name="NoActivityReason">When <paramref name="Lines"/> is empty, why, in French (a holiday, a closure…); otherwise <see langword="null"/>.</param>
public sealed record DayDetail(LocalDate Date, Child Child, IReadOnlyList<DayDetailLine> Lines, string? NoActivityReason)
{
    /// <summary>The guides' title: "Lenny : Activités disponibles le vendredi 31 janvier 2020".</summary>
    public string Title => $"{Child.FirstName} : Activités disponibles le {French.LongDate(Date)}";
}

/// <summary>
/// The Réservations page's use cases (R-CAL-1..6): reads what is recorded through the ports, then
/// applies the pure rules of <see cref="CalendarRules"/>, <see cref="QuickTools"/> and <see cref="CopyRequests"/>.
/// </summary>
public sealed class ReservationCalendar
{
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IFamilyDirectory _families;
    private readonly IBookingReader _bookings;
    private readonly IFamilyFileStatus _files;
    private readonly IAccountStanding _accounts;
    private readonly IPriceList _prices;
    private readonly IFamilyPricing _pricing;

    /// <summary>Creates the use cases over their ports (resolved from DI by <c>AddPortail</c>).</summary>
    public ReservationCalendar(
        Catalogue catalogue, IClock clock, IFamilyDirectory families, IBookingReader bookings, IFamilyFileStatus files, IAccountStanding accounts, IPriceList prices, IFamilyPricing pricing)
    {
        _catalogue = catalogue;
        _clock = clock;
        _families = families;
        _bookings = bookings;
        _files = files;
        _accounts = accounts;
        _prices = prices;
        _pricing = pricing;
    }

    /// <summary>The month page for a child: of one activity, or of all when <paramref name="activity"/> is null.</summary>
    /// <exception cref="KeyNotFoundException">The child is not the family's, or the activity not the structure's.</exception>
    public async Task<MonthPage> GetMonthAsync(CalendarScope scope, YearMonth month, ActivityId? activity, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var grid = GridOf(month);
        var (tenant, child, offered) = await ResolveAsync(scope, new DateInterval(month.OnDayOfMonth(1), month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month))), cancellationToken).ConfigureAwait(false);
        if (activity is { } id)
        {
            var selected = ActivityOf(tenant, scope, id);
            var facts = await FactsAsync(tenant, scope, child, [selected], grid, basket, cancellationToken).ConfigureAwait(false);
            return new MonthPage(month, grid, child, offered, CalendarRules.ForActivity(facts, selected, grid), null, facts.Standing);
        }

        var all = await FactsAsync(tenant, scope, child, offered, grid, basket, cancellationToken).ConfigureAwait(false);
        return new MonthPage(month, grid, child, offered, null, CalendarRules.ForChild(all, offered, grid), all.Standing);
    }

    /// <summary>The activities of one day for the child, with arrival, departure, places left, price and state (R-CAL-4).</summary>
    public async Task<DayDetail> GetDayAsync(CalendarScope scope, LocalDate date, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var day = new DateInterval(date, date);
        var (tenant, child, offered) = await ResolveAsync(scope, day, cancellationToken).ConfigureAwait(false);
        var facts = await FactsAsync(tenant, scope, child, offered, day, basket, cancellationToken).ConfigureAwait(false);
        var profile = await _pricing.ProfileAsync(scope.Tenant, scope.Family, cancellationToken).ConfigureAwait(false);
        var lines = CalendarRules.ForDay(facts, offered, date)
            .Select(x => new DayDetailLine(
                x.Activity,
                x.Cell.Booking?.Arrival ?? Pending(basket, x.Activity, child, date)?.Arrival ?? x.Activity.Start,
                x.Cell.Booking?.Departure ?? Pending(basket, x.Activity, child, date)?.Departure ?? x.Activity.End,
                x.Cell.PlacesLeft,
                _prices.PriceOf(tenant, profile, x.Activity, date),
                x.Cell))
            .ToList();
        return new DayDetail(date, child, lines, lines.Count > 0 ? null : NoActivityReason(tenant, offered, child, date));
    }

    /// <summary>A click on a day of one activity's calendar (R-CAL-2, R-WIN-5): returns the new basket.</summary>
    public async Task<Basket> ClickDayAsync(CalendarScope scope, ActivityId activity, LocalDate date, Basket basket, CancellationToken cancellationToken = default)
    {
        var calendar = await ActivityCalendarAsync(scope, activity, UnitAround(scope, activity, date), basket, cancellationToken).ConfigureAwait(false);
        return QuickTools.ClickDay(calendar, date, basket);
    }

    /// <summary>
    /// A request with its times (R-ACT-3), from the day detail: the day must be free and open to
    /// booking, and the times among those the activity allows. Returns the new basket, or why not.
    /// </summary>
    public async Task<OneOf<Basket, string>> RequestWithTimesAsync(
        CalendarScope scope, ActivityId activity, LocalDate date, LocalTime? arrival, LocalTime? departure, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basket);
        var calendar = await ActivityCalendarAsync(scope, activity, new DateInterval(date, date), basket.Without(new RequestKey(scope.Child, activity, date)), cancellationToken).ConfigureAwait(false);
        var cell = calendar[date];
        if (cell.State is not (DayState.Available or DayState.WaitlistOnly))
        {
            return cell.Why?.Message ?? "Ce jour est déjà réservé ou demandé.";
        }

        if (calendar.Activity.TimeEntry is null)
        {
            return $"L'activité « {calendar.Activity.Name} » ne demande pas d'horaires.";
        }

        return calendar.Activity.TimesProblem(arrival, departure) is { } problem
            ? problem + "."
            : basket.With(new PendingRequest(calendar.KeyOf(date), RequestKind.Book, arrival, departure));
    }

    /// <summary>A quick tool of one activity's calendar (R-CAL-5): returns the new basket.</summary>
    public async Task<Basket> ApplyQuickToolAsync(CalendarScope scope, ActivityId activity, QuickTool tool, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var calendar = await ActivityCalendarAsync(scope, activity, GridOf(tool.Month), basket, cancellationToken).ConfigureAwait(false);
        return QuickTools.Apply(calendar, tool, basket);
    }

    /// <summary>
    /// The copy (R-CAL-6): the basket's new requests of the scope's child for <paramref name="sourceActivity"/>
    /// over <paramref name="range"/>, onto <paramref name="targetChild"/> and <paramref name="targetActivity"/>.
    /// </summary>
    public async Task<CopyResult> CopyAsync(
        CalendarScope scope, ActivityId sourceActivity, DateInterval range, ChildId targetChild, ActivityId targetActivity, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var target = await ActivityCalendarAsync(scope with { Child = targetChild }, targetActivity, range, basket, cancellationToken).ConfigureAwait(false);
        return CopyRequests.Copy(basket, scope.Child, sourceActivity, range, target);
    }

    /// <summary>The days drawn for a month: whole weeks from the Monday on or before its first day to the Sunday on or after its last.</summary>
    public static DateInterval GridOf(YearMonth month)
    {
        var first = month.OnDayOfMonth(1);
        var last = first.PlusMonths(1).PlusDays(-1);
        return new DateInterval(first.PlusDays(1 - (int)first.DayOfWeek), last.PlusDays(7 - (int)last.DayOfWeek));
    }

    private async Task<ActivityCalendar> ActivityCalendarAsync(CalendarScope scope, ActivityId activity, DateInterval days, Basket basket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (tenant, child, _) = await ResolveAsync(scope, days, ct).ConfigureAwait(false);
        var selected = ActivityOf(tenant, scope, activity);
        var facts = await FactsAsync(tenant, scope, child, [selected], days, basket, ct).ConfigureAwait(false);
        return CalendarRules.ForActivity(facts, selected, days);
    }

    // A click acts on the activity's booking unit: draw the whole week or holiday around the day.
    private DateInterval UnitAround(CalendarScope scope, ActivityId activity, LocalDate date)
    {
        var tenant = _catalogue[scope.Tenant];
        var a = ActivityOf(tenant, scope, activity);
        var monday = date.PlusDays(1 - (int)date.DayOfWeek);
        return a.BookingUnit switch
        {
            BookingUnit.Week => new DateInterval(monday, monday.PlusDays(6)),
            BookingUnit.HolidayPeriod => tenant.SchoolCalendar.HolidayOn(date)?.Days ?? new DateInterval(date, date),
            _ => new DateInterval(date, date),
        };
    }

    private async Task<(Tenant Tenant, Child Child, IReadOnlyList<Activity> Offered)> ResolveAsync(CalendarScope scope, DateInterval days, CancellationToken ct)
    {
        var tenant = _catalogue[scope.Tenant];
        if (tenant.FindStructure(scope.Structure) is null)
        {
            throw new KeyNotFoundException($"Tenant '{scope.Tenant}' has no structure '{scope.Structure}'.");
        }

        var children = await _families.GetChildrenAsync(scope.Actor, ct).ConfigureAwait(false);
        var child = children.FirstOrDefault(c => c.Id == scope.Child)
            ?? throw new KeyNotFoundException($"Family '{scope.Family}' of tenant '{scope.Tenant}' has no child '{scope.Child}'.");
        var offered = tenant.ActivitiesOf(scope.Structure)
            .Where(a => BookingWindow.EligibilityRefusal(a, child, days.Start) is null || BookingWindow.EligibilityRefusal(a, child, days.End) is null)
            .ToList();
        return (tenant, child, offered);
    }

    private static Activity ActivityOf(Tenant tenant, CalendarScope scope, ActivityId id)
    {
        var a = tenant.FindActivity(id);
        return a is not null && a.Structure == scope.Structure
            ? a
            : throw new KeyNotFoundException($"Structure '{scope.Structure}' of tenant '{scope.Tenant}' has no activity '{id}'.");
    }

    private async Task<CalendarFacts> FactsAsync(
        Tenant tenant, CalendarScope scope, Child child, IReadOnlyList<Activity> activities, DateInterval days, Basket basket, CancellationToken ct)
    {
        var validated = await _files.IsValidatedAsync(scope.Tenant, scope.Family, ct).ConfigureAwait(false);
        var due = await _accounts.AmountDueAsync(scope.Tenant, scope.Family, ct).ConfigureAwait(false);
        // A shared child's days booked by the other parent's account are not shown (R-ACC-6): booking one is answered "Déjà réservée".
        var bookings = (await _bookings.GetChildBookingsAsync(scope.Tenant, child.Id, days, ct).ConfigureAwait(false)).Where(b => b.Family == scope.Family).ToList();
        var counts = await _bookings.GetDayCountsAsync(scope.Tenant, activities.Select(a => a.Id).ToList(), days, ct).ConfigureAwait(false);
        return new CalendarFacts(tenant, child, _clock.GetCurrentInstant(), new FamilyStanding(validated, due), bookings, counts, basket);
    }

    // A named holiday or closure says most; otherwise the first reason any activity gives.
    private static string NoActivityReason(Tenant tenant, IReadOnlyList<Activity> offered, Child child, LocalDate date)
    {
        var refusals = offered.Select(a => BookingWindow.ServiceRefusal(tenant, a, date) ?? BookingWindow.EligibilityRefusal(a, child, date)).OfType<Refusal>().ToList();
        return (refusals.FirstOrDefault(r => r.Reason == RefusalReason.NoService && r.Subject is not null) ?? refusals.FirstOrDefault())?.Message
            ?? $"Aucune activité n'est proposée à {child.FirstName} le {French.LongDate(date)}.";
    }

    private static PendingRequest? Pending(Basket basket, Activity activity, Child child, LocalDate date) =>
        basket.Find(new RequestKey(child.Id, activity.Id, date)) is { Kind: RequestKind.Book } r ? r : null;
}
