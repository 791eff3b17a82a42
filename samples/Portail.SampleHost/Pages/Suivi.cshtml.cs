using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
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
/// "Suivi des réservations" (R-BSK-5, R-HIS-3): filters by person, activity, period and states (all
/// ticked by default), the lines with each waiting-list request's place in line, the TOTAL of
/// accepted bookings, the CSV export and a print view. A booking the calendar would let the family
/// cancel has an "Annuler" button: it puts the cancellation in the basket and opens the summary.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class SuiviModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, BookingService booking, ReservationCalendar calendar, IBasketStore baskets)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>The six check boxes, in the guides' order: query value, label, state.</summary>
    public static IReadOnlyList<StateBox> Boxes { get; } =
    [
        new("attente-reponse", "En attente réponse", FollowUpStates.AwaitingAnswer),
        new("liste-attente", "En liste d'attente", FollowUpStates.Waitlisted),
        new("refusees", "Refusées", FollowUpStates.Refused),
        new("acceptees", "Acceptées", FollowUpStates.Accepted),
        new("transmise", "Transmise", FollowUpStates.Transmitted),
        new("non-transmise", "Non transmise", FollowUpStates.NotTransmitted),
    ];

    [BindProperty(SupportsGet = true, Name = "personne")]
    public string? PersonParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "activite")]
    public string? ActivityParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public string? FromParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? ToParam { get; set; }

    /// <summary>The ticked states; only read when <see cref="Filtered"/> says the form was sent (an unticked box sends nothing).</summary>
    [BindProperty(SupportsGet = true, Name = "etat")]
    public string[]? StateParams { get; set; }

    /// <summary>Sent by the filter form: without it, every state is ticked.</summary>
    [BindProperty(SupportsGet = true, Name = "filtre")]
    public string? Filtered { get; set; }

    [BindProperty(SupportsGet = true, Name = "impression")]
    public string? PrintParam { get; set; }

    public FollowUp FollowUp { get; private set; } = new([]);

    public FollowUpStates States { get; private set; } = FollowUpStates.All;

    public LocalDate From { get; private set; }

    public LocalDate To { get; private set; }

    public Child? Person { get; private set; }

    public Activity? Activity { get; private set; }

    public string? FilterError { get; private set; }

    public string? CancelError { get; private set; }

    public bool Print => PrintParam == "1";

    public int Pending { get; private set; }

    /// <summary>What the family can do with each line (only lines of today or later are asked).</summary>
    public IReadOnlyDictionary<RequestKey, LineAction> Actions { get; private set; } = new Dictionary<RequestKey, LineAction>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } error)
        {
            return error;
        }

        ViewData["Print"] = Print;
        return Page();
    }

    /// <summary>"Exporter": the lines shown, as CSV (French numbers, UTF-8 with BOM).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? File(FollowUp.ToCsv(), "text/csv; charset=utf-8", "suivi-reservations.csv");

    /// <summary>"Annuler" on a line: the calendar's click on that day of that activity (R-BSK-4), then the summary.</summary>
    public async Task<IActionResult> OnPostCancelAsync(string? enfant, string? activiteAnnulee, string? date, CancellationToken cancellationToken)
    {
        var child = Children.FirstOrDefault(c => c.Id.Value == enfant);
        if (child is null || string.IsNullOrEmpty(activiteAnnulee) || date is null || LocalDatePattern.Iso.Parse(date) is not { Success: true } day)
        {
            return NotFound();
        }

        var key = new RequestKey(child.Id, new ActivityId(activiteAnnulee), day.Value);
        var scope = new CalendarScope(FamilyAccount, Structure.Id, child.Id);
        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        if (basket.Find(key) is not { Kind: RequestKind.Cancel })
        {
            Basket next;
            try
            {
                next = await calendar.ClickDayAsync(scope, key.Activity, key.Date, basket, cancellationToken);
            }
            catch (KeyNotFoundException)
            {
                return NotFound();
            }

            if (next.Find(key) is not { Kind: RequestKind.Cancel })
            {
                var cell = (await calendar.GetDayAsync(scope, key.Date, basket, cancellationToken)).Lines.FirstOrDefault(l => l.Activity.Id == key.Activity)?.Cell;
                CancelError = cell?.Why?.Message ?? "Cette réservation ne peut pas être annulée depuis le portail.";
                return await OnGetAsync(cancellationToken);
            }

            await baskets.SaveAsync(Tenant.Id, Family, next, cancellationToken);
        }

        return RedirectToPage("/Recapitulatif", new { structure = StructureRoute });
    }

    /// <summary>This page with the current filters, for the forms of its lines.</summary>
    public string FilterUrl(string? handler)
    {
        var query = new QueryBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name, value);
            }
        }

        Add("handler", handler);
        Add("structure", StructureRoute);
        Add("personne", PersonParam);
        Add("activite", ActivityParam);
        Add("du", FromParam);
        Add("au", ToParam);
        Add("filtre", Filtered);
        foreach (var s in StateParams ?? [])
        {
            Add("etat", s);
        }

        return Url.Page("/Suivi") + query.ToQueryString();
    }

    /// <summary>"2ᵉ en liste d'attente".</summary>
    public static string PositionLabel(int? position) => position switch
    {
        null or <= 0 => "",
        1 => "1ʳᵉ en liste d'attente",
        _ => $"{position.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}ᵉ en liste d'attente",
    };

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(PersonParam))
        {
            Person = Children.FirstOrDefault(c => c.Id.Value == PersonParam);
            if (Person is null)
            {
                return NotFound();
            }
        }

        if (!string.IsNullOrEmpty(ActivityParam))
        {
            Activity = Tenant.ActivitiesOf(Structure.Id).FirstOrDefault(a => a.Id.Value == ActivityParam);
            if (Activity is null)
            {
                return NotFound();
            }
        }

        // By default: from the first day of this month to the end of the last booking period.
        var first = Today.ToYearMonth().OnDayOfMonth(1);
        var last = Tenant.Periods.Select(p => p.Days.End).Where(d => d >= first).DefaultIfEmpty(first.PlusYears(1).PlusDays(-1)).Max();
        From = Parse(FromParam, "du") ?? first;
        To = Parse(ToParam, "au") ?? last;
        if (From > To)
        {
            FilterError ??= "La période est inversée : la date « du » doit précéder la date « au ».";
            (From, To) = (first, last);
        }

        States = Filtered is null
            ? FollowUpStates.All
            : Boxes.Where(b => StateParams?.Contains(b.Key) ?? false).Aggregate(FollowUpStates.None, (s, b) => s | b.State);
        var scope = new FamilyScope(FamilyAccount, Structure.Id);
        FollowUp = await booking.FollowUpAsync(scope, new FollowUpFilter(new DateInterval(From, To), Person?.Id, Activity?.Id, States), cancellationToken);

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        Pending = BasketParts.Of(basket, Tenant, Structure.Id).Count;
        if (!Print && HttpContext.Request.Query["handler"] != "Export")
        {
            var days = new Dictionary<(ChildId, LocalDate), DayDetail>();
            var actions = new Dictionary<RequestKey, LineAction>();
            foreach (var line in FollowUp.Lines.Where(l => l.Booking.Date >= Today))
            {
                var b = line.Booking;
                if (!days.TryGetValue((b.Child, b.Date), out var detail))
                {
                    days[(b.Child, b.Date)] = detail = await calendar.GetDayAsync(new CalendarScope(FamilyAccount, Structure.Id, b.Child), b.Date, basket, cancellationToken);
                }

                if (detail.Lines.FirstOrDefault(l => l.Activity.Id == b.Activity)?.Cell is { } cell)
                {
                    actions[b.Key] = cell.Pending && !cell.Booked ? LineAction.CancellationPending
                        : cell.Actionable && cell.Booked ? LineAction.Cancel
                        : LineAction.None;
                }
            }

            Actions = actions;
        }

        return null;
    }

    private LocalDate? Parse(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (LocalDatePattern.Iso.Parse(text) is { Success: true } d)
        {
            return d.Value;
        }

        FilterError ??= $"La date « {name} » n'est pas une date valide (jj/mm/aaaa) : la période par défaut est affichée.";
        return null;
    }
}

/// <summary>A check box of the follow-up: its query value, its label, its state.</summary>
public sealed record StateBox(string Key, string Label, FollowUpStates State);

/// <summary>What the family can do with a line of the follow-up.</summary>
public enum LineAction
{
    /// <summary>Nothing (past, or past its deadline).</summary>
    None,

    /// <summary>Cancel it: the calendar would let the family do so.</summary>
    Cancel,

    /// <summary>Its cancellation is already in the basket, waiting for the validation.</summary>
    CancellationPending,
}
