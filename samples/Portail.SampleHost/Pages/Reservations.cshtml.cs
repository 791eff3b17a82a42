using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The Réservations page (R-CAL-1..6, R-BSK-1): child and activity selection, month navigation, the
/// calendar with its legend and day detail; day clicks, quick tools, times and the copy collect
/// requests in the family's basket (<see cref="IBasketStore"/>). Every state, label, reason and
/// booking rule comes from the core; this page only draws them and forwards the clicks.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class ReservationsModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, ReservationCalendar calendar, IBasketStore baskets)
    : CalendarPageModel(catalogue, demo, families, clock)
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private YearMonth _month;
    private ChildId _child;
    private ActivityId? _activity;

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayParam { get; set; }

    public MonthPage Calendar { get; private set; } = null!;

    public DayDetail? Detail { get; private set; }

    public LocalDate? SelectedDay { get; private set; }

    /// <summary>The activities of the selector: those open to the child this month, and the selected one.</summary>
    public IReadOnlyList<Activity> Selectable { get; private set; } = [];

    public IReadOnlyList<CalendarWeek> Weeks { get; private set; } = [];

    /// <summary>The weekdays whose quick tool ("Tous les lundis…") has a day to act on this month, one-activity calendar only.</summary>
    public IReadOnlySet<IsoDayOfWeek> WeekdayTools { get; private set; } = new HashSet<IsoDayOfWeek>();

    /// <summary>Whether the whole-month tool has a day to act on.</summary>
    public bool MonthTool { get; private set; }

    public IReadOnlyList<LegendEntry> Legend => Calendar.Activity is null ? CalendarLegend.Overview : CalendarLegend.Activity;

    public string? ActivityRoute => Calendar.Activity?.Activity.Id.Value;

    /// <summary>The requests of the basket in this structure (what the summary will show).</summary>
    public int Pending { get; private set; }

    /// <summary>The requests of the basket kept for another structure of the tenant.</summary>
    public int PendingElsewhere { get; private set; }

    /// <summary>The refusal of a request with times (R-ACT-3), under its activity in the day detail.</summary>
    public (ActivityId Activity, string Message)? TimesError { get; private set; }

    /// <summary>The copy's answer (R-CAL-6), after "Importer".</summary>
    public CopyResult? CopyDone { get; private set; }

    /// <summary>Why the copy's form was not accepted.</summary>
    public string? CopyError { get; private set; }

    /// <summary>The copy form's values, kept after a POST.</summary>
    public CopyForm Copy { get; private set; } = new(null, null, null, null);

    public CalendarRoute Route => new(StructureRoute, Calendar.Child.Id.Value, ActivityRoute, YearMonthPattern.Iso.Format(Calendar.Month));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Resolve() ?? await RenderAsync(cancellationToken);

    /// <summary>A day button or a quick tool of the one-activity calendar (R-CAL-2, R-CAL-5).</summary>
    public async Task<IActionResult> OnPostCalendarAsync(string? jour, string? semaine, int? jourSemaine, string? moisEntier, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (_activity is not { } activity)
        {
            return BadRequest();
        }

        var scope = Scope();
        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        Basket next;
        try
        {
            if (jour is not null)
            {
                if (ParseDate(jour) is not { } date)
                {
                    return BadRequest();
                }

                next = await calendar.ClickDayAsync(scope, activity, date, basket, cancellationToken);
            }
            else if (semaine is not null)
            {
                if (ParseDate(semaine) is not { } day)
                {
                    return BadRequest();
                }

                next = await calendar.ApplyQuickToolAsync(scope, activity, QuickTool.Week(_month, day), basket, cancellationToken);
            }
            else if (jourSemaine is >= 1 and <= 7)
            {
                next = await calendar.ApplyQuickToolAsync(scope, activity, QuickTool.EveryWeekday(_month, (IsoDayOfWeek)jourSemaine.Value), basket, cancellationToken);
            }
            else if (moisEntier is not null)
            {
                next = await calendar.ApplyQuickToolAsync(scope, activity, QuickTool.WholeMonth(_month), basket, cancellationToken);
            }
            else
            {
                return BadRequest();
            }
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        await baskets.SaveAsync(Tenant.Id, Family, next, cancellationToken);
        return RedirectToPage("/Reservations", null, RouteValues(null), "calendrier");
    }

    /// <summary>An activity's button in the day detail (R-CAL-4): books or cancels that activity that day.</summary>
    public async Task<IActionResult> OnPostDetailAsync(string? activite, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (SelectedDay is not { } day || string.IsNullOrEmpty(activite))
        {
            return BadRequest();
        }

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        try
        {
            basket = await calendar.ClickDayAsync(Scope(), new ActivityId(activite), day, basket, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        await baskets.SaveAsync(Tenant.Id, Family, basket, cancellationToken);
        return RedirectToPage("/Reservations", null, RouteValues(day), "detail");
    }

    /// <summary>A request with its arrival and departure (R-ACT-3), from the day detail.</summary>
    public async Task<IActionResult> OnPostTimesAsync(string? activite, string? arrivee, string? depart, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (SelectedDay is not { } day || string.IsNullOrEmpty(activite))
        {
            return BadRequest();
        }

        var activity = new ActivityId(activite);
        var arrival = ParseTime(arrivee);
        var departure = ParseTime(depart);
        if (arrival is { Success: false } || departure is { Success: false })
        {
            TimesError = (activity, "Heure non reconnue : choisissez une heure de la liste (hh:mm).");
            return await RenderAsync(cancellationToken);
        }

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        OneOf.OneOf<Basket, string> answer;
        try
        {
            answer = await calendar.RequestWithTimesAsync(Scope(), activity, day, arrival?.Value, departure?.Value, basket, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        if (answer.TryPickT1(out var why, out var next))
        {
            TimesError = (activity, why);
            return await RenderAsync(cancellationToken);
        }

        await baskets.SaveAsync(Tenant.Id, Family, next, cancellationToken);
        return RedirectToPage("/Reservations", null, RouteValues(day), "detail");
    }

    /// <summary>"Abandonner": every request of this structure's basket is dropped.</summary>
    public async Task<IActionResult> OnPostAbandonAsync(CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        await baskets.SaveAsync(Tenant.Id, Family, BasketParts.Without(basket, BasketParts.Of(basket, Tenant, Structure.Id)), cancellationToken);
        return RedirectToPage("/Reservations", null, RouteValues(SelectedDay), null);
    }

    /// <summary>
    /// "Importer" (R-CAL-6), as the guide has it: onto the child and activity of the calendar shown,
    /// the new requests just made for another child or activity over a period.
    /// </summary>
    public async Task<IActionResult> OnPostCopyAsync(string? source, string? sourceActivite, string? du, string? au, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (_activity is not { } target)
        {
            return BadRequest();
        }

        Copy = new CopyForm(source, sourceActivite, du, au);
        var from = ParseDate(du);
        var to = ParseDate(au);
        var sourceChild = Children.FirstOrDefault(c => c.Id.Value == source);
        var sourceActivity = Tenant.ActivitiesOf(Structure.Id).FirstOrDefault(a => a.Id.Value == sourceActivite);
        CopyError = true switch
        {
            _ when sourceChild is null => "Choisissez l'enfant dont vous voulez recopier les nouvelles réservations.",
            _ when sourceActivity is null => "Choisissez l'activité dont vous voulez recopier les nouvelles réservations.",
            _ when from is null || to is null => "Indiquez la période à recopier : du … au … (jj/mm/aaaa).",
            _ when from > to => "La période est inversée : la date de début doit précéder la date de fin.",
            _ when Period.DaysBetween(from!.Value, to!.Value) > 366 => "La période à recopier ne peut pas dépasser un an.",
            _ when sourceChild!.Id == _child && sourceActivity!.Id == target => "Choisissez un autre enfant ou une autre activité que ceux du calendrier affiché.",
            _ => null,
        };
        if (CopyError is null)
        {
            var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
            try
            {
                CopyDone = await calendar.CopyAsync(Scope() with { Child = sourceChild!.Id }, sourceActivity!.Id, new DateInterval(from!.Value, to!.Value), _child, target, basket, cancellationToken);
            }
            catch (KeyNotFoundException)
            {
                return NotFound();
            }

            await baskets.SaveAsync(Tenant.Id, Family, CopyDone.Basket, cancellationToken);
        }

        return await RenderAsync(cancellationToken);
    }

    /// <summary>A link to this page for another month or day, keeping the child, activity and structure.</summary>
    public string? Link(YearMonth month, LocalDate? day = null) =>
        Url.Page("/Reservations", null, new
        {
            structure = StructureRoute,
            child = Calendar.Child.Id.Value,
            activity = ActivityRoute,
            month = YearMonthPattern.Iso.Format(month),
            day = day is { } d ? LocalDatePattern.Iso.Format(d) : null,
        }, null, null, day is null ? null : "detail");

    /// <summary>Where a form of this page posts: the handler, with the child, activity, month and day shown.</summary>
    public string? Action(string handler, LocalDate? day = null) => Url.Page("/Reservations", handler, RouteValues(day ?? SelectedDay));

    private object RouteValues(LocalDate? day) => new
    {
        structure = StructureRoute,
        child = _child.Value,
        activity = _activity?.Value,
        month = YearMonthPattern.Iso.Format(_month),
        day = day is { } d ? LocalDatePattern.Iso.Format(d) : null,
    };

    private CalendarScope Scope() => new(FamilyAccount, Structure.Id, _child);

    // Reads the query: month, day, child and activity. An error result when one is malformed.
    private IActionResult? Resolve()
    {
        if (Children.Count == 0)
        {
            return NotFound();
        }

        if (string.IsNullOrEmpty(MonthParam))
        {
            _month = Today.ToYearMonth();
        }
        else if (YearMonthPattern.Iso.Parse(MonthParam) is { Success: true } m)
        {
            _month = m.Value;
        }
        else
        {
            return BadRequest();
        }

        if (!string.IsNullOrEmpty(DayParam))
        {
            if (ParseDate(DayParam) is not { } d)
            {
                return BadRequest();
            }

            SelectedDay = d;
        }

        _child = string.IsNullOrEmpty(ChildParam) ? Children[0].Id : new ChildId(ChildParam);
        _activity = string.IsNullOrEmpty(ActivityParam) ? null : new ActivityId(ActivityParam);
        return null;
    }

    private async Task<IActionResult> RenderAsync(CancellationToken cancellationToken)
    {
        var scope = Scope();
        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        try
        {
            Calendar = await calendar.GetMonthAsync(scope, _month, _activity, basket, cancellationToken);
            Detail = SelectedDay is { } day ? await calendar.GetDayAsync(scope, day, basket, cancellationToken) : null;
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        Pending = BasketParts.Of(basket, Tenant, Structure.Id).Count;
        PendingElsewhere = basket.Count - Pending;
        Selectable = Calendar.Activity is { } selected && !Calendar.Activities.Contains(selected.Activity)
            ? [.. Calendar.Activities, selected.Activity]
            : Calendar.Activities;
        Weeks = BuildWeeks();
        var inMonth = Weeks.SelectMany(w => w.Days).Where(d => d.InMonth && d.Action is not null).ToList();
        WeekdayTools = inMonth.Select(d => d.Date.DayOfWeek).ToHashSet();
        MonthTool = inMonth.Count > 0;
        if (Calendar.Activity is { } shown && CopyDone is null && CopyError is null)
        {
            var other = Children.FirstOrDefault(c => c.Id != Calendar.Child.Id);
            var first = _month.OnDayOfMonth(1);
            Copy = new CopyForm(
                (other ?? Calendar.Child).Id.Value,
                other is null ? Calendar.Activities.FirstOrDefault(a => a != shown.Activity)?.Id.Value : shown.Activity.Id.Value,
                LocalDatePattern.Iso.Format(first),
                LocalDatePattern.Iso.Format(first.PlusMonths(1).PlusDays(-1)));
        }

        return Page();
    }

    private List<CalendarWeek> BuildWeeks()
    {
        var days = new List<CalendarDay>(Calendar.Grid.Length);
        var i = 0;
        foreach (var date in Calendar.Grid)
        {
            var inMonth = date.ToYearMonth() == Calendar.Month;
            if (Calendar.Activity is { } a)
            {
                var cell = a.Cells[i];
                days.Add(new CalendarDay(date, inMonth, CalendarLegend.Of(cell.State), cell.Actionable ? cell.PlacesLeft : null, cell.Why?.Message, cell.Pending, ActionOf(cell, a.Activity)));
            }
            else
            {
                days.Add(new CalendarDay(date, inMonth, CalendarLegend.Of(Calendar.Overview!.Cells[i].State), null, null, false, null));
            }

            i++;
        }

        return days.Chunk(7).Select(w => new CalendarWeek(w[0].Date, w, w.Any(d => d.InMonth && d.Action is not null))).ToList();
    }

    /// <summary>What a click on an actionable day does, as its button says it; <see langword="null"/> when nothing can be done.</summary>
    public static string? ActionOf(DayCell cell, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!cell.Actionable)
        {
            return null;
        }

        var date = French.LongDate(cell.Date);
        var verb = cell.State switch
        {
            DayState.Available or DayState.WaitlistOnly when !cell.Pending => $"{ShortAction(cell)} le {date}",
            _ => $"{ShortAction(cell)} du {date}",
        };
        return activity.BookingUnit switch
        {
            BookingUnit.Week => verb + " (toute la semaine)",
            BookingUnit.HolidayPeriod => verb + " (toutes les vacances)",
            _ => verb,
        };
    }

    /// <summary>The verb of an actionable day or activity: "Réserver", "Annuler la réservation", "Retirer la demande"…</summary>
    public static string ShortAction(DayCell cell) => cell.State switch
    {
        DayState.Available when cell.Pending => "Retirer l'annulation",
        DayState.Available => "Réserver",
        DayState.WaitlistOnly => "Réserver en liste d'attente",
        _ when cell.Pending => "Retirer la demande",
        DayState.BookedChangeable => "Annuler la réservation",
        _ => "Annuler la demande",
    };

    /// <summary>"de novembre", "d'octobre".</summary>
    public static string OfMonth(YearMonth month)
    {
        var name = French.MonthName(month.Month);
        return ("aeiouéèêâ".Contains(name[0], StringComparison.Ordinal) ? "d'" : "de ") + name + " " + month.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static LocalDate? ParseDate(string? text) =>
        !string.IsNullOrEmpty(text) && LocalDatePattern.Iso.Parse(text) is { Success: true } d ? d.Value : null;

    private static ParseResult<LocalTime>? ParseTime(string? text) => string.IsNullOrEmpty(text) ? null : TimePattern.Parse(text);
}

/// <summary>One day drawn in the calendar: its state's legend entry, places left when it can be acted on, the reason when it cannot, whether it shows a request of the basket, and what a click does.</summary>
public sealed record CalendarDay(LocalDate Date, bool InMonth, LegendEntry Legend, int? PlacesLeft, string? Why, bool Pending, string? Action);

/// <summary>A row of the calendar: its Monday, its days, and whether the week's quick tool has a day to act on.</summary>
public sealed record CalendarWeek(LocalDate Monday, IReadOnlyList<CalendarDay> Days, bool Tool);

/// <summary>The copy form's fields: the source child and activity, the period.</summary>
public sealed record CopyForm(string? Source, string? SourceActivity, string? From, string? To);
