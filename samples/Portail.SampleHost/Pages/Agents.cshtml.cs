using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The agents' back-office (issue 3, items 3 and 4): one activity on one day — capacity, accepted
/// count, waiting list in order — with the day's capacity to change, bookings to cancel on behalf of
/// a family (the first of the waiting list is promoted, R-BSK-4), and the requests awaiting an
/// answer. No authentication yet: the accounts issue brings it.
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class AgentsModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, BookingService booking, IBookingReader reader)
    : PortalPageModel(catalogue, demo, families, clock)
{
    private readonly IFamilyDirectory _families = families;
    private readonly Dictionary<FamilyId, IReadOnlyList<Child>> _children = [];

    [BindProperty(SupportsGet = true, Name = "activite")]
    public string? ActivityParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")]
    public string? DayParam { get; set; }

    public IReadOnlyList<Activity> Activities => Tenant.ActivitiesOf(Structure.Id);

    public Activity? Activity { get; private set; }

    public LocalDate? Day { get; private set; }

    public DayLedger? Ledger { get; private set; }

    /// <summary>The accepted bookings of the day, among the demo's families.</summary>
    public IReadOnlyList<AgentLine> Accepted { get; private set; } = [];

    public IReadOnlyList<AgentLine> Waiting { get; private set; } = [];

    public IReadOnlyList<AgentLine> Awaiting { get; private set; } = [];

    /// <summary>Days of this structure's activities with a waiting list or no place left, from this month on.</summary>
    public IReadOnlyList<BusyDay> Busy { get; private set; } = [];

    /// <summary>What the last action did.</summary>
    public string? Message { get; private set; }

    /// <summary>Who the last action promoted from a waiting list.</summary>
    public IReadOnlyList<AgentLine> Promoted { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Resolve() ?? await RenderAsync(cancellationToken);

    /// <summary>Sets the day's capacity, or goes back to the activity's; raising it promotes from the waiting list.</summary>
    public async Task<IActionResult> OnPostCapacityAsync(string? capacite, string? retour, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (Activity is null || Day is not { } day)
        {
            return BadRequest();
        }

        int? capacity = null;
        if (retour is null)
        {
            if (!int.TryParse(capacite, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
            {
                Error = "La capacité doit être un nombre de places, positif ou nul.";
                return await RenderAsync(cancellationToken);
            }

            capacity = n;
        }

        var receipt = await booking.ChangeCapacityAsync(AgentAccount, new DayKey(Activity.Id, day), capacity, cancellationToken);
        Message = capacity is { } c
            ? $"Capacité du {French.LongDate(day)} : {Places(c)}."
            : $"Le {French.LongDate(day)} reprend la capacité de l'activité : {(Activity.Capacity is { } a ? Places(a) : "illimitée")}.";
        Promoted = await LinesAsync(receipt.Promoted, cancellationToken);
        return await RenderAsync(cancellationToken);
    }

    /// <summary>Cancels a booking or a waiting-list request of the day on behalf of its family.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string? famille, string? enfant, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (Activity is null || Day is not { } day || string.IsNullOrEmpty(famille) || string.IsNullOrEmpty(enfant))
        {
            return BadRequest();
        }

        var child = new ChildId(enfant);
        var receipt = await booking.CancelByAgentAsync(AgentAccount, new FamilyId(famille), new RequestKey(child, Activity.Id, day), cancellationToken);
        var result = receipt.Results.Count > 0 ? receipt.Results[0] : null;
        var name = await NameAsync(new FamilyId(famille), child, cancellationToken);
        Message = result?.Outcome == LineOutcome.Cancelled
            ? $"Réservation de {name} du {French.LongDate(day)} annulée pour sa famille."
            : $"Rien n'a été annulé pour {name} : {result?.Remark ?? "aucune réservation ce jour"}.";
        Promoted = await LinesAsync(receipt.Promoted, cancellationToken);
        return await RenderAsync(cancellationToken);
    }

    /// <summary>Accepts (arbitrated like any request) or refuses a request awaiting an answer.</summary>
    public async Task<IActionResult> OnPostAnswerAsync(string? famille, string? enfant, string? activiteDemandee, string? date, string? reponse, CancellationToken cancellationToken)
    {
        if (Resolve() is { } error)
        {
            return error;
        }

        if (string.IsNullOrEmpty(famille) || string.IsNullOrEmpty(enfant) || string.IsNullOrEmpty(activiteDemandee) || reponse is not ("accepter" or "refuser")
            || date is null || LocalDatePattern.Iso.Parse(date) is not { Success: true } day || Tenant.FindActivity(new ActivityId(activiteDemandee)) is not { } activity)
        {
            return BadRequest();
        }

        var family = new FamilyId(famille);
        var child = new ChildId(enfant);
        var receipt = await booking.AnswerAsync(AgentAccount, family, new RequestKey(child, activity.Id, day.Value), reponse == "accepter", cancellationToken);
        var outcome = receipt.Results.Count > 0 ? receipt.Results[0] : null;
        var what = outcome?.Outcome switch
        {
            LineOutcome.Accepted => "acceptée",
            LineOutcome.Waitlisted => "mise en liste d'attente (plus de place)",
            LineOutcome.Refused when reponse == "refuser" => "refusée",
            LineOutcome.Refused => "refusée : activité et liste d'attente complètes",
            _ => $"non traitée ({outcome?.Remark})",
        };
        Message = $"Demande de {await NameAsync(family, child, cancellationToken)} pour « {activity.Name} » le {French.LongDate(day.Value)} : {what}.";
        Promoted = await LinesAsync(receipt.Promoted, cancellationToken);
        return await RenderAsync(cancellationToken);
    }

    public string? DayLink(ActivityId activity, LocalDate day) =>
        Url.Page("/Agents", null, new { structure = StructureRoute, activite = activity.Value, jour = LocalDatePattern.Iso.Format(day) });

    public string? Action(string handler) =>
        Url.Page("/Agents", handler, new { structure = StructureRoute, activite = Activity?.Id.Value, jour = Day is { } d ? LocalDatePattern.Iso.Format(d) : null });

    public static string Places(int n) => n > 1 ? $"{n} places" : $"{n} place";

    public string When(Instant at) => at == default ? "" : French.ShortDate(at.InZone(Tenant.Zone).Date) + " " + French.Time(at.InZone(Tenant.Zone).TimeOfDay);

    private IActionResult? Resolve()
    {
        if (!string.IsNullOrEmpty(ActivityParam))
        {
            Activity = Activities.FirstOrDefault(a => a.Id.Value == ActivityParam);
            if (Activity is null)
            {
                return NotFound();
            }
        }

        if (!string.IsNullOrEmpty(DayParam))
        {
            if (LocalDatePattern.Iso.Parse(DayParam) is not { Success: true } d)
            {
                return BadRequest();
            }

            Day = d.Value;
        }

        return null;
    }

    private async Task<IActionResult> RenderAsync(CancellationToken cancellationToken)
    {
        if (Activity is { } activity && Day is { } day)
        {
            Ledger = await booking.GetDayAsync(AgentAccount, new DayKey(activity.Id, day), cancellationToken);
            Waiting = await LinesAsync(Ledger.Waiting, cancellationToken);
            var all = await booking.GetDayBookingsAsync(AgentAccount, new DayKey(activity.Id, day), cancellationToken);
            Accepted = await LinesAsync(all.Where(b => b.Status == BookingStatus.Accepted), cancellationToken);
        }

        Awaiting = await LinesAsync(await booking.GetAwaitingAnswerAsync(AgentAccount, cancellationToken), cancellationToken);

        var from = Today.ToYearMonth().OnDayOfMonth(1);
        var to = Tenant.Periods.Select(p => p.Days.End).Where(d => d >= from).DefaultIfEmpty(from.PlusMonths(3)).Max();
        var counts = await reader.GetDayCountsAsync(Tenant.Id, Activities.Select(a => a.Id).ToList(), new DateInterval(from, to), cancellationToken);
        var busy = new List<BusyDay>();
        foreach (var c in counts.OrderBy(c => c.Date).ThenBy(c => c.Activity.Value, StringComparer.Ordinal))
        {
            var a = Tenant.FindActivity(c.Activity)!;
            if (c.Waitlisted > 0 || (a.Capacity is { } cap && c.Accepted >= cap))
            {
                var ledger = await booking.GetDayAsync(AgentAccount, new DayKey(c.Activity, c.Date), cancellationToken);
                busy.Add(new BusyDay(a, c.Date, ledger));
            }
        }

        Busy = busy;
        return Page();
    }

    private async Task<IReadOnlyList<AgentLine>> LinesAsync(IEnumerable<ChildBooking> bookings, CancellationToken cancellationToken)
    {
        var lines = new List<AgentLine>();
        var position = 0;
        foreach (var b in bookings)
        {
            position++;
            lines.Add(new AgentLine(position, b, await NameAsync(b.Family, b.Child, cancellationToken), Tenant.FindActivity(b.Activity)?.Name ?? b.Activity.Value));
        }

        return lines;
    }

    private async Task<string> NameAsync(FamilyId family, ChildId child, CancellationToken cancellationToken) =>
        (await ChildrenAsync(family, cancellationToken)).FirstOrDefault(c => c.Id == child) is { } c ? $"{c.LastName} {c.FirstName}" : child.Value;

    private async Task<IReadOnlyList<Child>> ChildrenAsync(FamilyId family, CancellationToken cancellationToken)
    {
        if (family.Value is null)
        {
            return [];
        }

        if (!_children.TryGetValue(family, out var list))
        {
            _children[family] = list = await _families.GetChildrenAsync(Tenant.Id, family, cancellationToken);
        }

        return list;
    }
}

/// <summary>A booking as the back-office lists it: its place in the list, the child's name, the activity's name.</summary>
public sealed record AgentLine(int Position, ChildBooking Booking, string Name, string Activity);

/// <summary>A day with a waiting list or no place left.</summary>
public sealed record BusyDay(Activity Activity, LocalDate Date, DayLedger Ledger);
