using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The Réservations page (R-CAL-1..4): child and activity selection, month navigation, the calendar
/// with its legend, the day detail. Every state, label and reason comes from the core.
/// </summary>
public sealed class ReservationsModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, ReservationCalendar calendar)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "child")]
    public string? ChildParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "activity")]
    public string? ActivityParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "month")]
    public string? MonthParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayParam { get; set; }

    public MonthPage Calendar { get; private set; } = null!;

    public DayDetail? Detail { get; private set; }

    public LocalDate? SelectedDay { get; private set; }

    /// <summary>The activities of the selector: those open to the child this month, and the selected one.</summary>
    public IReadOnlyList<Activity> Selectable { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<CalendarDay>> Weeks { get; private set; } = [];

    public IReadOnlyList<LegendEntry> Legend => Calendar.Activity is null ? CalendarLegend.Overview : CalendarLegend.Activity;


    public string? ActivityRoute => Calendar.Activity?.Activity.Id.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Children.Count == 0)
        {
            return NotFound();
        }

        YearMonth month;
        if (string.IsNullOrEmpty(MonthParam))
        {
            month = Today.ToYearMonth();
        }
        else if (YearMonthPattern.Iso.Parse(MonthParam) is { Success: true } m)
        {
            month = m.Value;
        }
        else
        {
            return BadRequest();
        }

        if (!string.IsNullOrEmpty(DayParam))
        {
            if (LocalDatePattern.Iso.Parse(DayParam) is not { Success: true } d)
            {
                return BadRequest();
            }

            SelectedDay = d.Value;
        }

        var child = string.IsNullOrEmpty(ChildParam) ? Children[0].Id : new ChildId(ChildParam);
        ActivityId? activity = string.IsNullOrEmpty(ActivityParam) ? null : new ActivityId(ActivityParam);
        var scope = new CalendarScope(Tenant.Id, Structure.Id, Family, child);
        try
        {
            Calendar = await calendar.GetMonthAsync(scope, month, activity, Basket.Empty, cancellationToken);
            Detail = SelectedDay is { } day ? await calendar.GetDayAsync(scope, day, Basket.Empty, cancellationToken) : null;
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        Selectable = Calendar.Activity is { } selected && !Calendar.Activities.Contains(selected.Activity)
            ? [.. Calendar.Activities, selected.Activity]
            : Calendar.Activities;
        Weeks = BuildWeeks();
        return Page();
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

    private List<IReadOnlyList<CalendarDay>> BuildWeeks()
    {
        var days = new List<CalendarDay>(Calendar.Grid.Length);
        var i = 0;
        foreach (var date in Calendar.Grid)
        {
            var inMonth = date.ToYearMonth() == Calendar.Month;
            if (Calendar.Activity is { } a)
            {
                var cell = a.Cells[i];
                days.Add(new CalendarDay(date, inMonth, CalendarLegend.Of(cell.State), cell.Actionable ? cell.PlacesLeft : null, cell.Why?.Message));
            }
            else
            {
                days.Add(new CalendarDay(date, inMonth, CalendarLegend.Of(Calendar.Overview!.Cells[i].State), null, null));
            }

            i++;
        }

        return days.Chunk(7).Select(w => (IReadOnlyList<CalendarDay>)w).ToList();
    }
}

/// <summary>One day drawn in the calendar: its state's legend entry, places left when it can be acted on, the reason when it cannot.</summary>
public sealed record CalendarDay(LocalDate Date, bool InMonth, LegendEntry Legend, int? PlacesLeft, string? Why);
