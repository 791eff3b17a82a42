using NodaTime;
using OneOf;
using Portail.Accounts;
using Portail.Billing;
using Portail.Catalog;
using Portail.Families;
using Portail.Windows;

namespace Portail.Booking;

/// <summary>
/// A signed-in family account acting in one structure of its tenant (R-ACC-6, R-ACC-7): the use
/// cases read and change only what this account may — its own family's bookings, wallet and
/// payments, for its own and shared children.
/// </summary>
/// <param name="Actor">The family account acting.</param>
/// <param name="Structure">The structure chosen in the menu.</param>
public sealed record FamilyScope(FamilyActor Actor, StructureId Structure)
{
    /// <summary>The account's municipality.</summary>
    public TenantId Tenant => Actor.Tenant;

    /// <summary>The family the account acts for.</summary>
    public FamilyId Family => Actor.Family;
}

/// <summary>One line of the summary or of the validation report.</summary>
/// <param name="Key">Child, activity, day.</param>
/// <param name="Kind">Booking or cancellation request.</param>
/// <param name="Child">The child's first name.</param>
/// <param name="Activity">The activity's name.</param>
/// <param name="Arrival">Arrival: entered, or the activity's start.</param>
/// <param name="Departure">Departure: entered, or the activity's end.</param>
/// <param name="Cost">Cost in euros, two decimals.</param>
public sealed record SummaryLine(RequestKey Key, RequestKind Kind, string Child, string Activity, LocalTime Arrival, LocalTime Departure, decimal Cost)
{
    /// <summary>The day as the summary prints it: "Lu 30/12/2019".</summary>
    public string DateLabel => French.ShortDate(Key.Date);
}

/// <summary>The summary shown before the final validation (R-BSK-1): booking requests and cancellation requests, with totals.</summary>
/// <param name="Bookings">Booking requests, by day.</param>
/// <param name="Cancellations">Cancellation requests, by day.</param>
public sealed record BasketSummary(IReadOnlyList<SummaryLine> Bookings, IReadOnlyList<SummaryLine> Cancellations)
{
    /// <summary>The total of the booking requests.</summary>
    public decimal BookingsTotal => Bookings.Sum(l => l.Cost);

    /// <summary>The total of the cancellation requests.</summary>
    public decimal CancellationsTotal => Cancellations.Sum(l => l.Cost);
}

/// <summary>One request of a final validation and what became of it (R-BSK-2).</summary>
/// <param name="Line">The request as summarised.</param>
/// <param name="Outcome">Its outcome.</param>
/// <param name="Remark">The remark for a request not accepted, in the guides' words.</param>
public sealed record ValidationLine(SummaryLine Line, LineOutcome Outcome, string? Remark);

/// <summary>The result of a final validation: every line and its outcome; the remarks to read.</summary>
/// <param name="Lines">Every line, in the basket's order.</param>
/// <param name="Replayed">The basket had already been validated (double click): nothing was recorded twice.</param>
/// <param name="Promoted">Requests of other families promoted from a waiting list by this validation's cancellations (R-BSK-4).</param>
public sealed record ValidationReport(IReadOnlyList<ValidationLine> Lines, bool Replayed, IReadOnlyList<ChildBooking> Promoted)
{
    /// <summary>The lines not accepted as asked ("Remarques concernant vos réservations").</summary>
    public IReadOnlyList<ValidationLine> Remarks => Lines.Where(l => l.Remark is not null).ToList();
}

/// <summary>Why a whole validation was refused (nothing recorded).</summary>
/// <param name="Message">What is wrong, in French, for the family.</param>
public sealed record ValidationRefused(string Message);

/// <summary>
/// The booking use cases (R-BSK-1..5): the summary, the final validation with capacity arbitration,
/// agents' cancellations, answers and capacities. Rules are the core's; the store holds the days
/// while <see cref="Arbitration.Plan"/> decides (ARCHITECTURE.md must 4).
/// </summary>
public sealed class BookingService
{
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IFamilyDirectory _families;
    private readonly IBookingStore _store;
    private readonly IFamilyFileStatus _files;
    private readonly IAccountStanding _accounts;
    private readonly IPriceList _prices;
    private readonly IFamilyPricing _pricing;

    /// <summary>Creates the use cases over their ports (resolved from DI by <c>AddPortail</c>).</summary>
    public BookingService(Catalogue catalogue, IClock clock, IFamilyDirectory families, IBookingStore store, IFamilyFileStatus files, IAccountStanding accounts, IPriceList prices, IFamilyPricing pricing)
    {
        _catalogue = catalogue;
        _clock = clock;
        _families = families;
        _store = store;
        _files = files;
        _accounts = accounts;
        _prices = prices;
        _pricing = pricing;
    }

    /// <summary>The summary of a basket (R-BSK-1), or why it cannot be shown (a child or activity not the family's).</summary>
    public async Task<OneOf<BasketSummary, ValidationRefused>> SummarizeAsync(FamilyScope scope, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(basket);
        var resolved = await ContextAsync(scope, basket, cancellationToken).ConfigureAwait(false);
        if (resolved.TryPickT1(out var refused, out var context))
        {
            return refused;
        }

        var lines = basket.Requests.Select(r => context.Line(r)).ToList();
        return new BasketSummary(lines.Where(l => l.Kind == RequestKind.Book).ToList(), lines.Where(l => l.Kind == RequestKind.Cancel).ToList());
    }

    /// <summary>
    /// The final validation (R-BSK-2, R-BSK-3): every request is checked again against the windows at
    /// this instant, its times and exclusive activities; then all of them are arbitrated and recorded
    /// at once, or none. The same <paramref name="submissionId"/> submitted twice records nothing the
    /// second time and answers the first result.
    /// </summary>
    public async Task<OneOf<ValidationReport, ValidationRefused>> ValidateAsync(FamilyScope scope, Basket basket, Guid submissionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(basket);
        if (basket.Count == 0)
        {
            // A second click after the first emptied the basket answers the first result.
            return await GetValidationAsync(scope, submissionId, cancellationToken).ConfigureAwait(false) is { } first
                ? first
                : new ValidationRefused("Votre panier est vide : aucune demande à valider.");
        }

        var resolved = await ContextAsync(scope, basket, cancellationToken).ConfigureAwait(false);
        if (resolved.TryPickT1(out var refused, out var context))
        {
            return refused;
        }

        var now = _clock.GetCurrentInstant();
        var standing = new FamilyStanding(
            await _files.IsValidatedAsync(scope.Tenant, scope.Family, cancellationToken).ConfigureAwait(false),
            await _accounts.AmountDueAsync(scope.Tenant, scope.Family, cancellationToken).ConfigureAwait(false));
        var rejected = new List<LineResult>();
        var bookings = new List<BookingLine>();
        var cancellations = new List<RequestKey>();
        foreach (var request in basket.Requests)
        {
            var why = Precheck(context, request, now, standing, bookings);
            if (why is not null)
            {
                rejected.Add(new LineResult(request.Key, request.Kind, LineOutcome.NotProcessed, why));
            }
            else if (request.Kind == RequestKind.Cancel)
            {
                cancellations.Add(request.Key);
            }
            else
            {
                bookings.Add(new BookingLine(request.Key, request.Arrival, request.Departure, context.Line(request).Cost));
            }
        }

        var commit = new BookingCommit(submissionId, scope.Family, now, bookings, cancellations, [], [], context.Limits(), rejected);
        var receipt = await _store.CommitAsync(scope.Tenant, commit, Arbitration.Plan, cancellationToken).ConfigureAwait(false);
        var byKey = receipt.Results.ToDictionary(r => (r.Key, r.Kind));
        var lines = basket.Requests
            .Select(r => byKey.TryGetValue((r.Key, r.Kind), out var res)
                ? new ValidationLine(context.Line(r), res.Outcome, res.Remark)
                : new ValidationLine(context.Line(r), LineOutcome.NotProcessed, "Demande absente de la première validation de ce panier"))
            .ToList();
        return new ValidationReport(lines, receipt.Replayed, receipt.Promoted);
    }

    /// <summary>
    /// The result of a final validation already made, read back from the store (the result page
    /// after a reload or a restart): <see langword="null"/> when the tenant has no such submission or
    /// it is not this family's. Lines come in the basket's order.
    /// </summary>
    public async Task<ValidationReport?> GetValidationAsync(FamilyScope scope, Guid submissionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var receipt = await _store.GetReceiptAsync(scope.Tenant, submissionId, cancellationToken).ConfigureAwait(false);
        if (receipt is null || receipt.Results.Count == 0)
        {
            return null;
        }

        var basket = receipt.Results.Aggregate(Basket.Empty, (b, r) => b.With(new PendingRequest(r.Key, r.Kind)));
        var resolved = await ContextAsync(scope, basket, cancellationToken).ConfigureAwait(false);
        if (!resolved.TryPickT0(out var context, out _))
        {
            return null;
        }

        var byKey = receipt.Results.ToDictionary(r => (r.Key, r.Kind));
        var lines = basket.Requests.Select(r => new ValidationLine(context.Line(r), byKey[(r.Key, r.Kind)].Outcome, byKey[(r.Key, r.Kind)].Remark)).ToList();
        return new ValidationReport(lines, true, receipt.Promoted);
    }

    /// <summary>The follow-up of the family's bookings in this structure (R-BSK-5, R-HIS-3), with each waiting-list request's place in the line.</summary>
    public async Task<FollowUp> FollowUpAsync(FamilyScope scope, FollowUpFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var tenant = _catalogue[scope.Tenant];
        var children = (await _families.GetChildrenAsync(scope.Actor, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        var bookings = await _store.GetFamilyBookingsAsync(scope.Tenant, scope.Family, filter.Days, cancellationToken).ConfigureAwait(false);
        var lines = new List<FollowUpLine>();
        var positions = new Dictionary<DayKey, DayLedger>();
        foreach (var b in bookings)
        {
            var activity = tenant.FindActivity(b.Activity);
            if (activity is null || activity.Structure != scope.Structure || !children.TryGetValue(b.Child, out var child)
                || (filter.Child is { } c && c != b.Child) || (filter.Activity is { } a && a != b.Activity) || !Shows(filter.States, b))
            {
                continue;
            }

            int? position = null;
            if (b.Status == BookingStatus.Waitlisted)
            {
                var day = new DayKey(b.Activity, b.Date);
                if (!positions.TryGetValue(day, out var ledger))
                {
                    positions[day] = ledger = await _store.GetDayAsync(scope.Tenant, day, Limits(tenant, b.Activity), cancellationToken).ConfigureAwait(false);
                }

                position = ledger.Waiting.Select(w => w.Key).ToList().IndexOf(b.Key) + 1;
            }

            lines.Add(new FollowUpLine(b, $"{child.LastName} {child.FirstName}", activity.Name, b.Arrival ?? activity.Start, b.Departure ?? activity.End, position));
        }

        return new FollowUp(lines.OrderBy(l => l.Booking.Date).ThenBy(l => l.Activity, StringComparer.Ordinal).ThenBy(l => l.Person, StringComparer.Ordinal).ToList());
    }

    private static bool Shows(FollowUpStates states, ChildBooking b)
    {
        var state = b.Status switch
        {
            BookingStatus.Accepted => FollowUpStates.Accepted,
            BookingStatus.AwaitingAnswer => FollowUpStates.AwaitingAnswer,
            BookingStatus.Waitlisted => FollowUpStates.Waitlisted,
            _ => FollowUpStates.Refused,
        };
        var transmission = b.Transmitted ? FollowUpStates.Transmitted : FollowUpStates.NotTransmitted;
        return (states & state) != 0 && (states & transmission) != 0;
    }

    /// <summary>An agent cancels a family's booking or request (R-BSK-4): the place goes to the first of the waiting list. The agent needs the clerk's role in the activity's structure (R-ACC-7).</summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the activity's structure as a clerk.</exception>
    public Task<CommitReceipt> CancelByAgentAsync(AgentActor agent, FamilyId family, RequestKey key, CancellationToken cancellationToken = default) =>
        AgentCommitAsync(agent, AgentRole.Clerk, family, [key.Activity], cancellations: [key], cancellationToken: cancellationToken);

    /// <summary>An agent answers a request awaiting an answer; an acceptance is arbitrated like any request. The agent needs the clerk's role in the activity's structure.</summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the activity's structure as a clerk.</exception>
    public Task<CommitReceipt> AnswerAsync(AgentActor agent, FamilyId family, RequestKey key, bool accept, CancellationToken cancellationToken = default) =>
        AgentCommitAsync(agent, AgentRole.Clerk, family, [key.Activity], answers: [new Answer(key, accept)], cancellationToken: cancellationToken);

    /// <summary>
    /// An agent sets one day's capacity (<see langword="null"/>: back to the activity's). Lowering it
    /// below the accepted count cancels no one; raising it promotes from the waiting list. The agent
    /// needs the manager's role in the activity's structure.
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the activity's structure as a manager.</exception>
    public Task<CommitReceipt> ChangeCapacityAsync(AgentActor agent, DayKey day, int? capacity, CancellationToken cancellationToken = default)
    {
        if (capacity is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A day's capacity must be ≥ 0, or null to go back to the activity's.");
        }

        return AgentCommitAsync(agent, AgentRole.Manager, default, [day.Activity], capacities: [new CapacityChange(day, capacity)], cancellationToken: cancellationToken);
    }

    /// <summary>One day of an activity for the back-office: capacity, accepted count and the waiting list in order.</summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the activity's structure.</exception>
    public ValueTask<DayLedger> GetDayAsync(AgentActor agent, DayKey day, CancellationToken cancellationToken = default)
    {
        var tenant = Granted(agent, AgentRole.Reader, day.Activity);
        return _store.GetDayAsync(tenant.Id, day, Limits(tenant, day.Activity), cancellationToken);
    }

    /// <summary>Every booking of one activity on one day, whatever its state, in validation order (the agents' list of the day, to cancel one).</summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the activity's structure.</exception>
    public ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(AgentActor agent, DayKey day, CancellationToken cancellationToken = default) =>
        _store.GetDayBookingsAsync(Granted(agent, AgentRole.Reader, day.Activity).Id, day, cancellationToken);

    /// <summary>The requests awaiting the service's answer, in validation order, of the structures the agent is granted.</summary>
    public async ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(AgentActor agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var tenant = _catalogue[agent.Tenant];
        var all = await _store.GetAwaitingAnswerAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(b => tenant.FindActivity(b.Activity) is { } a && agent.Holds(a.Structure, AgentRole.Reader))];
    }

    // The agent's tenant, once the agent is known to hold the role in the structures of the activities.
    private Tenant Granted(AgentActor agent, AgentRole role, params IEnumerable<ActivityId> activities)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var tenant = _catalogue[agent.Tenant];
        AccessControl.RequireAgent(agent, tenant.Id, role, activities.Select(a => (tenant.FindActivity(a) ?? throw new KeyNotFoundException($"Tenant '{tenant.Id}' has no activity '{a}'.")).Structure));
        return tenant;
    }

    private async Task<CommitReceipt> AgentCommitAsync(
        AgentActor agent,
        AgentRole role,
        FamilyId family,
        IReadOnlyList<ActivityId> activities,
        IReadOnlyList<RequestKey>? cancellations = null,
        IReadOnlyList<Answer>? answers = null,
        IReadOnlyList<CapacityChange>? capacities = null,
        CancellationToken cancellationToken = default)
    {
        var t = Granted(agent, role, activities);
        var limits = activities.Distinct().ToDictionary(a => a, a => Limits(t, a));
        var commit = new BookingCommit(Guid.NewGuid(), family, _clock.GetCurrentInstant(), [], cancellations ?? [], answers ?? [], capacities ?? [], limits, []);
        return await _store.CommitAsync(t.Id, commit, Arbitration.Plan, cancellationToken).ConfigureAwait(false);
    }

    private static ActivityLimits Limits(Tenant tenant, ActivityId id)
    {
        var a = tenant.FindActivity(id) ?? throw new KeyNotFoundException($"Tenant '{tenant.Id}' has no activity '{id}'.");
        return new ActivityLimits(a.Capacity, a.WaitlistSize, a.ManualApproval);
    }

    // The checks that need no count: the window at this instant (R-WIN), allowed times (R-ACT-3),
    // exclusive activities against what is booked and what this basket books before (R-ACT-4).
    private static string? Precheck(Context context, PendingRequest request, Instant now, FamilyStanding standing, List<BookingLine> accepted)
    {
        var activity = context.Activities[request.Key.Activity];
        var child = context.Children[request.Key.Child];
        var existing = context.Existing.GetValueOrDefault(request.Key);
        if (request.Kind == RequestKind.Cancel)
        {
            return existing is null
                ? "Aucune réservation à annuler ce jour"
                : BookingWindow.Evaluate(context.Tenant, activity, child, request.Key.Date, BookingAction.Cancel, now, standing).Refusal?.Message;
        }

        var window = BookingWindow.Evaluate(context.Tenant, activity, child, request.Key.Date, BookingAction.Book, now, standing);
        if (window.Refusal is { } refusal)
        {
            return refusal.Message;
        }

        if (activity.TimesProblem(request.Arrival, request.Departure) is { } time)
        {
            return time;
        }

        foreach (var other in activity.ExclusiveOf)
        {
            var key = request.Key with { Activity = other };
            var heldBefore = context.Existing.GetValueOrDefault(key) is { HoldsPlace: true } && context.Basket.Find(key)?.Kind != RequestKind.Cancel;
            if (heldBefore || accepted.Any(b => b.Key == key))
            {
                return $"Cette activité ne peut pas être réservée le même jour que « {context.Activities.GetValueOrDefault(other)?.Name ?? context.Tenant.FindActivity(other)?.Name} »";
            }
        }

        return null;
    }

    private async Task<OneOf<Context, ValidationRefused>> ContextAsync(FamilyScope scope, Basket basket, CancellationToken ct)
    {
        var tenant = _catalogue[scope.Tenant];
        var children = (await _families.GetChildrenAsync(scope.Actor, ct).ConfigureAwait(false)).ToDictionary(c => c.Id);
        var activities = new Dictionary<ActivityId, Activity>();
        foreach (var r in basket.Requests)
        {
            if (!children.ContainsKey(r.Key.Child))
            {
                return new ValidationRefused($"L'enfant « {r.Key.Child} » n'est pas rattaché à votre compte : retirez cette demande de votre panier.");
            }

            var a = tenant.FindActivity(r.Key.Activity);
            if (a is null || a.Structure != scope.Structure)
            {
                return new ValidationRefused($"L'activité « {r.Key.Activity} » n'existe pas dans cette structure : retirez cette demande de votre panier.");
            }

            activities[a.Id] = a;
            foreach (var other in a.ExclusiveOf)
            {
                if (tenant.FindActivity(other) is { } o)
                {
                    activities.TryAdd(o.Id, o);
                }
            }
        }

        var existing = new Dictionary<RequestKey, ChildBooking>();
        if (basket.Count > 0)
        {
            var days = new DateInterval(basket.Requests.Min(r => r.Key.Date), basket.Requests.Max(r => r.Key.Date));
            foreach (var child in basket.Requests.Select(r => r.Key.Child).Distinct())
            {
                foreach (var b in await _store.GetChildBookingsAsync(scope.Tenant, child, days, ct).ConfigureAwait(false))
                {
                    existing[b.Key] = b;
                }
            }
        }

        var profile = await _pricing.ProfileAsync(scope.Tenant, scope.Family, ct).ConfigureAwait(false);
        return new Context(tenant, profile, children, activities, existing, basket, _prices);
    }

    private sealed record Context(
        Tenant Tenant,
        PricingProfile Profile,
        IReadOnlyDictionary<ChildId, Child> Children,
        IReadOnlyDictionary<ActivityId, Activity> Activities,
        IReadOnlyDictionary<RequestKey, ChildBooking> Existing,
        Basket Basket,
        IPriceList Prices)
    {
        public Dictionary<ActivityId, ActivityLimits> Limits() =>
            Activities.Values.ToDictionary(a => a.Id, a => new ActivityLimits(a.Capacity, a.WaitlistSize, a.ManualApproval));

        // Costs: price × units, rounded to the cent half away from zero; a cancellation costs what was booked.
        public SummaryLine Line(PendingRequest r)
        {
            var a = Activities[r.Key.Activity];
            var existing = Existing.GetValueOrDefault(r.Key);
            var arrival = r.Arrival ?? existing?.Arrival;
            var departure = r.Departure ?? existing?.Departure;
            var cost = r.Kind == RequestKind.Cancel && existing is not null
                ? existing.Cost
                : decimal.Round(Prices.PriceOf(Tenant, Profile, a, r.Key.Date) * a.UnitsBetween(arrival, departure), 2, MidpointRounding.AwayFromZero);
            return new SummaryLine(r.Key, r.Kind, Children[r.Key.Child].FirstName, a.Name, arrival ?? a.Start, departure ?? a.End, cost);
        }
    }
}
