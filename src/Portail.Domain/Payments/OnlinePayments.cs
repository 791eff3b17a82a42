using Portail.Accounts;
using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using OneOf;
using Portail.Billing;
using Portail.Catalog;
using Portail.Families;
using Portail.Notifications;

namespace Portail.Payments;

/// <summary>The payment form as the family sent it (R-WAL-5, R-PAY-1).</summary>
/// <param name="Amounts">The amount per wallet: as proposed, or changed by the family; never negative.</param>
/// <param name="Email">The address for the platform's receipt; empty: the family's first address.</param>
public sealed record PaymentForm(IReadOnlyDictionary<WalletTypeId, decimal> Amounts, string? Email);

/// <summary>The family was registered with the platform: send the browser to <see cref="PaymentPage"/>.</summary>
/// <param name="Attempt">The attempt, awaiting payment.</param>
/// <param name="PaymentPage">The platform's page.</param>
public sealed record PaymentStarted(PaymentAttempt Attempt, Uri PaymentPage);

/// <summary>Why a payment could not start, in French for the family.</summary>
/// <param name="Problems">Each problem, one sentence.</param>
/// <param name="Live">The family's attempt still in progress, when that is the problem.</param>
public sealed record PaymentNotStarted(IReadOnlyList<string> Problems, PaymentAttempt? Live = null)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems);
}

/// <summary>A line of the treasury's report of the classic protocol's payments.</summary>
/// <param name="Day">The day of the payment.</param>
/// <param name="Reference">The <c>refdet</c> the payment was made for.</param>
/// <param name="Amount">The amount received, in euros.</param>
public sealed record TreasuryReportLine(LocalDate Day, string Reference, decimal Amount);

/// <summary>The settings of online payments (section <c>Portail:Payments</c>).</summary>
public sealed class PaymentOptions
{
    /// <summary>How often the reconciliation asks the platform about attempts without a final result.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an attempt may be and still be asked about.</summary>
    /// <value>7 days.</value>
    public TimeSpan LookBack { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most attempts one reconciliation round asks about.</summary>
    /// <value>500.</value>
    public int BatchSize { get; set; } = 500;

    /// <summary>What the family reads on the platform, <c>{reference}</c> standing for the attempt's reference.</summary>
    /// <value>"Portail Famille {reference}".</value>
    public string Label { get; set; } = "Portail Famille {reference}";
}

/// <summary>
/// Online payment by card through the treasury's platform (R-PAY-1..4): starts an attempt from the
/// payment form, handles the platform's notifications and the browser's returns (each a hint only:
/// the web service is asked, a classic return is checked against the attempt), reconciles attempts
/// without a result, and lets an agent ask again. A move to paid credits each wallet of the form and
/// records the ticket mail in the same transaction, under ids derived from the attempt: exactly once.
/// </summary>
public sealed class OnlinePayments
{
    /// <summary>The label of the wallet movements of an online payment (R-PAY-2).</summary>
    public const string MovementLabel = "Paiement par carte bancaire en ligne";

    /// <summary>The bank shown for an online payment (R-PAY-2).</summary>
    public const string Bank = "Par Internet";

    private const int MaxRetries = 8;

    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");

    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IPaymentStore _store;
    private readonly IPaymentGateway _gateway;
    private readonly IFamilyDirectory _families;
    private readonly PaymentOptions _options;

    /// <summary>Creates the use case over its ports (resolved from DI by <c>AddPortail</c>; the gateway by <c>UseTipiPayments</c>).</summary>
    public OnlinePayments(Catalogue catalogue, IClock clock, IPaymentStore store, IPaymentGateway gateway, IFamilyDirectory families, IOptions<PaymentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalogue = catalogue;
        _clock = clock;
        _store = store;
        _gateway = gateway;
        _families = families;
        _options = options.Value;
    }

    /// <summary>
    /// R-PAY-1: checks the form (wallets of the tenant, amounts never negative and in cents, at least
    /// 1.00 € in all, at most the platform's limit; the e-mail, the first address by default), makes
    /// sure the family has no attempt that could still be paid (asking the platform about it first),
    /// records the attempt and registers it with the platform.
    /// </summary>
    /// <param name="payer">The signed-in family account: it pays into its own family's wallets only (R-ACC-6).</param>
    /// <param name="form">The amounts per wallet and the e-mail for the ticket.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task<OneOf<PaymentStarted, PaymentNotStarted>> StartAsync(FamilyActor payer, PaymentForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payer);
        ArgumentNullException.ThrowIfNull(form);
        var (tenant, family) = (payer.Tenant, payer.Family);
        var t = _catalogue[tenant];
        var problems = new List<string>();
        var lines = new List<PaymentLine>();
        foreach (var (wallet, amount) in form.Amounts ?? new Dictionary<WalletTypeId, decimal>())
        {
            var name = t.WalletTypes.FirstOrDefault(w => w.Id == wallet)?.Name;
            if (name is null)
            {
                problems.Add($"Le porte-monnaie « {wallet} » n'existe pas.");
            }
            else if (amount < 0)
            {
                problems.Add($"Le montant pour « {name} » est négatif : indiquez 0 ou plus.");
            }
            else if (decimal.Round(amount, 2) != amount)
            {
                problems.Add($"Le montant pour « {name} » a plus de deux décimales.");
            }
            else
            {
                lines.Add(new PaymentLine(wallet, amount));
            }
        }

        var total = lines.Sum(l => l.Amount);
        if (problems.Count == 0 && total < 1m)
        {
            problems.Add("Le total à payer doit être d'au moins 1,00 €.");
        }

        if (total > _gateway.Timings.MaxTotal)
        {
            problems.Add($"Le total à payer ne peut dépasser {_gateway.Timings.MaxTotal.ToString("N2", FrenchCulture)} €.");
        }

        var email = string.IsNullOrWhiteSpace(form.Email)
            ? (await _families.GetContactAsync(tenant, family, cancellationToken).ConfigureAwait(false))?.Emails is { Count: > 0 } emails ? emails[0] : null
            : form.Email.Trim();
        if (email is null || email.Length is < 6 or > 80 || email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.Contains(' ', StringComparison.Ordinal))
        {
            problems.Add("Indiquez une adresse e-mail valide (6 à 80 caractères) pour recevoir le ticket de paiement.");
        }

        if (problems.Count > 0)
        {
            return new PaymentNotStarted(problems);
        }

        if (await _store.GetLiveAsync(tenant, family, cancellationToken).ConfigureAwait(false) is { } previous)
        {
            var checkedAgain = await CheckAsync(previous, PaymentCheckSource.OnDemand, null, cancellationToken).ConfigureAwait(false);
            if (PaymentStates.IsLive(checkedAgain.State))
            {
                return Busy(checkedAgain);
            }
        }

        var now = _clock.GetCurrentInstant();
        var id = Guid.NewGuid();
        var attempt = new PaymentAttempt(id, tenant, family, "PF" + id.ToString("N")[..22].ToUpperInvariant(), lines, email!, now)
        {
            UpdatedAt = now,
            NextCheckAt = now + _gateway.Timings.PageLifetime,
        };
        if (!await _store.CreateAsync(attempt, cancellationToken).ConfigureAwait(false))
        {
            return Busy(await _store.GetLiveAsync(tenant, family, cancellationToken).ConfigureAwait(false));
        }

        var label = _options.Label.Replace("{reference}", attempt.Reference, StringComparison.Ordinal);
        var started = await _gateway.StartAsync(new PaymentOrder(attempt, now.InZone(PaymentRules.Paris).Year, label), cancellationToken).ConfigureAwait(false);
        return await started.Match<Task<OneOf<PaymentStarted, PaymentNotStarted>>>(
            async s =>
            {
                var next = attempt with { State = PaymentState.AwaitingPayment, Version = 2, ProviderReference = s.ProviderReference, UpdatedAt = _clock.GetCurrentInstant() };
                await _store.UpdateAsync(next, [], [], cancellationToken).ConfigureAwait(false);
                return new PaymentStarted(next, s.PaymentPage);
            },
            async fault =>
            {
                var next = attempt with { State = PaymentState.Expired, Version = 2, NextCheckAt = null, LastError = $"{fault.Code} {fault.Message}", UpdatedAt = _clock.GetCurrentInstant() };
                await _store.UpdateAsync(next, [], [], cancellationToken).ConfigureAwait(false);
                await LogAsync(attempt, PaymentCheckSource.OnDemand, null, $"not started: {fault.Code} {fault.Message}", cancellationToken).ConfigureAwait(false);
                return new PaymentNotStarted([fault.Technical
                    ? "Le service de paiement en ligne ne répond pas pour le moment : réessayez dans quelques minutes."
                    : "Le service de paiement en ligne a refusé la demande : vérifiez l'adresse e-mail et le montant, ou contactez la régie."]);
            }).ConfigureAwait(false);
    }

    /// <summary>
    /// A notification of the platform (<c>urlnotif</c>) or the browser's return (<c>urlredirect</c>,
    /// <c>urlcl</c>): logged whatever it holds; the attempt it names is then checked (the web service
    /// asked, a classic return checked against the attempt). Answers the attempt, or <see langword="null"/>
    /// when the call names none of this tenant's (or the tenant is not one of the portal's). Never throws for what the caller sent.
    /// </summary>
    public async Task<PaymentAttempt?> HandleCallbackAsync(TenantId tenant, PaymentCheckSource source, IReadOnlyDictionary<string, string?> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!_catalogue.Tenants.Any(t => t.Id == tenant))
        {
            return null; // not a tenant of this portal: nothing to look at, nothing to log
        }

        var reference = _gateway.ProviderReferenceOf(parameters);
        var attempt = string.IsNullOrEmpty(reference) || reference.Length > PaymentCallback.MaxLength
            ? null
            : await _store.FindAsync(tenant, reference, cancellationToken).ConfigureAwait(false);
        if (attempt is null)
        {
            await _store.LogAsync(
                new PaymentCallback(Guid.NewGuid(), tenant, _clock.GetCurrentInstant(), source, Cut(reference), null, reference is null ? "refused: no reference" : "refused: unknown reference"),
                cancellationToken).ConfigureAwait(false);
            return null;
        }

        return await CheckAsync(attempt, source, source == PaymentCheckSource.Return ? parameters : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An agent's "re-check now" (a clerk of a structure of the attempt's wallets), or the return page's
    /// refresh (the family that made it): asks the platform about the attempt now, whatever its schedule.
    /// <see langword="null"/> when there is no such attempt or the actor may not see it (R-ACC-6, R-ACC-7).
    /// </summary>
    public async Task<PaymentAttempt?> RecheckAsync(Actor actor, Guid attempt, CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(actor, attempt, AgentRole.Clerk, cancellationToken).ConfigureAwait(false);
        return found is null ? null : await CheckAsync(found, PaymentCheckSource.OnDemand, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The agents' list (R-PAY-3): the tenant's latest attempts paying into a wallet of
    /// <paramref name="structure"/>, newest first, among the last <paramref name="limit"/> attempts.
    /// Needs a reader of the structure: <see cref="AccessDeniedException"/> otherwise.
    /// </summary>
    public async Task<IReadOnlyList<PaymentAttempt>> ListAsync(AgentActor agent, StructureId structure, int limit, CancellationToken cancellationToken = default)
    {
        AccessControl.RequireAgent(agent, agent.Tenant, AgentRole.Reader, structure);
        var attempts = await _store.ListAsync(agent.Tenant, null, limit, cancellationToken).ConfigureAwait(false);
        return [.. attempts.Where(a => StructuresOf(a).Contains(structure))];
    }

    /// <summary>
    /// One round of reconciliation: asks the platform about every attempt due (live ones, expired ones
    /// that could still turn out paid, up to <see cref="PaymentOptions.LookBack"/> old). Answers how many were asked.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var due = await _store.ListDueAsync(now, now - Duration.FromTimeSpan(_options.LookBack), _options.BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var attempt in due)
        {
            await CheckAsync(attempt, PaymentCheckSource.Reconciliation, null, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }

    /// <summary>
    /// The attempt as stored, when the actor may see it: the family that made it (never the other
    /// parent's, R-ACC-6), or an agent granted a structure of its wallets (R-ACC-7); otherwise
    /// <see langword="null"/>, as for an attempt that does not exist.
    /// </summary>
    public Task<PaymentAttempt?> GetAsync(Actor actor, Guid attempt, CancellationToken cancellationToken = default) =>
        FindAsync(actor, attempt, AgentRole.Reader, cancellationToken);

    private async Task<PaymentAttempt?> FindAsync(Actor actor, Guid attempt, AgentRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await _store.GetAsync(actor.Tenant, attempt, cancellationToken).ConfigureAwait(false);
        return found is not null && MaySee(actor, found, role) ? found : null;
    }

    private bool MaySee(Actor actor, PaymentAttempt attempt, AgentRole role) => actor switch
    {
        _ when actor.Tenant != attempt.Tenant => false,
        FamilyActor family => family.Family == attempt.Family,
        AgentActor agent => StructuresOf(attempt).Any(s => agent.Holds(s, role)),
        _ => false,
    };

    // The structures whose wallets the attempt pays into.
    private HashSet<StructureId> StructuresOf(PaymentAttempt attempt)
    {
        var wallets = _catalogue.Find(attempt.Tenant)?.WalletTypes ?? [];
        return [.. attempt.Lines.Select(l => wallets.FirstOrDefault(w => w.Id == l.Wallet)?.Structure).OfType<StructureId>()];
    }

    // Asks, decides, writes; on a lost race (another caller moved the attempt), reads it again and decides again with the same answer.
    private async Task<PaymentAttempt> CheckAsync(PaymentAttempt attempt, PaymentCheckSource source, IReadOnlyDictionary<string, string?>? returned, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        if (attempt.ProviderReference is null)
        {
            // Never registered (the process stopped between the two writes): once the page's lifetime is over, it can no longer be paid.
            if (now - attempt.CreatedAt < _gateway.Timings.PageLifetime || !PaymentStates.IsLive(attempt.State))
            {
                return attempt;
            }

            var expired = attempt with { State = PaymentState.Expired, Version = attempt.Version + 1, UpdatedAt = now, NextCheckAt = null, LastError = "never registered with the platform" };
            var written = await _store.UpdateAsync(expired, [], [], cancellationToken).ConfigureAwait(false);
            await LogAsync(attempt, source, null, written ? "expired (never registered)" : "no change: changed meanwhile", cancellationToken).ConfigureAwait(false);
            return written ? expired : (await _store.GetAsync(attempt.Tenant, attempt.Id, cancellationToken).ConfigureAwait(false))!;
        }

        PlatformAnswer answer;
        try
        {
            answer = await _gateway.LookUpAsync(attempt, returned, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            answer = new PlatformFault("exception", e.Message, true);
        }

        return await ApplyAsync(attempt, answer, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The classic protocol's reconciliation (TIPI.md): the treasury's report of the payments it
    /// received (date, <c>refdet</c>, amount), which an agent downloads. Each line is an authoritative
    /// paid result for the attempt of that reference — "paid wins", so an attempt expired because the
    /// browser never came back becomes paid, with an alert; a line whose amount differs, or whose
    /// reference is unknown, changes nothing and is logged. Answers each line's outcome, in order. The
    /// agent must be a clerk of every structure whose wallets the report's known attempts pay into
    /// (R-ACC-7): otherwise <see cref="AccessDeniedException"/>, before any line is applied.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyTreasuryReportAsync(AgentActor agent, IReadOnlyList<TreasuryReportLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(lines);
        var tenant = agent.Tenant;
        var attempts = new List<PaymentAttempt?>(lines.Count);
        foreach (var line in lines)
        {
            attempts.Add(string.IsNullOrEmpty(line.Reference) ? null : await _store.FindByReferenceAsync(tenant, line.Reference, cancellationToken).ConfigureAwait(false));
        }

        AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, attempts.OfType<PaymentAttempt>().SelectMany(StructuresOf).Distinct());
        var outcomes = new List<string>(lines.Count);
        foreach (var (line, attempt) in lines.Zip(attempts))
        {
            if (attempt is null)
            {
                var outcome = $"refused: the report's reference {line.Reference} is unknown";
                await _store.LogAsync(new PaymentCallback(Guid.NewGuid(), tenant, _clock.GetCurrentInstant(), PaymentCheckSource.Reconciliation, Cut(line.Reference), null, Cut(outcome)!), cancellationToken).ConfigureAwait(false);
                outcomes.Add(outcome);
                continue;
            }

            var paidAt = line.Day.At(new LocalTime(12, 0)).InZoneLeniently(PaymentRules.Paris).ToInstant();
            var after = await ApplyAsync(attempt, new PlatformResult(PlatformOutcome.Paid, "report", line.Reference, line.Amount, null, paidAt, false), PaymentCheckSource.Reconciliation, cancellationToken).ConfigureAwait(false);
            outcomes.Add(after.State == PaymentState.Paid ? "paid" : $"refused: {after.State}");
        }

        return outcomes;
    }

    // Decides and writes; on a lost race (another caller moved the attempt), reads it again and decides again with the same answer.
    private async Task<PaymentAttempt> ApplyAsync(PaymentAttempt attempt, PlatformAnswer answer, PaymentCheckSource source, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var decision = PaymentRules.Decide(attempt, answer, _clock.GetCurrentInstant(), _gateway.Timings);
            if (decision.Next is not { } next)
            {
                await LogAsync(attempt, source, attempt.ProviderReference, decision.Outcome, cancellationToken).ConfigureAwait(false);
                return attempt;
            }

            var (credit, mails) = decision.Credit ? Credit(next) : ([], []);
            if (await _store.UpdateAsync(next, credit, mails, cancellationToken).ConfigureAwait(false))
            {
                await LogAsync(attempt, source, attempt.ProviderReference, decision.Outcome, cancellationToken).ConfigureAwait(false);
                return next;
            }

            attempt = await _store.GetAsync(attempt.Tenant, attempt.Id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The payment attempt {attempt.Id} disappeared from the store.");
            if (round == MaxRetries)
            {
                await LogAsync(attempt, source, attempt.ProviderReference, "no change: the attempt kept changing; try again", cancellationToken).ConfigureAwait(false);
                return attempt;
            }
        }
    }

    // R-PAY-2, R-PAY-4: one movement per wallet paid into, and the ticket, all with ids derived from the attempt.
    private (IReadOnlyList<WalletMovement> Credit, IReadOnlyList<OutboxMail> Mails) Credit(PaymentAttempt paid)
    {
        var now = _clock.GetCurrentInstant();
        var day = (paid.PaidAt ?? now).InZone(PaymentRules.Paris).Date;
        var piece = paid.Authorisation ?? paid.Reference;
        var label = paid.IsTest ? MovementLabel + " (test)" : MovementLabel;
        var lines = paid.Lines.Where(l => l.Amount > 0).ToList();
        var credit = lines
            .Select(l => new WalletMovement(CreditId(paid, l.Wallet), paid.Family, l.Wallet, MovementKind.Payment, l.Amount, day, label)
            {
                RecordedAt = now,
                Payment = new PaymentDetails(PaymentModes.OnlineCard, piece, null, Bank),
            })
            .ToList();
        var ticket = new PaymentTicket(piece, day, lines.Select(l => new PaymentTicketLine(l.Wallet, l.Amount)).ToList());
        return (credit, [OutboxMails.PaymentTicket(paid.Tenant, paid.Family, ticket, now)]);
    }

    /// <summary>The id of the movement crediting <paramref name="wallet"/> for <paramref name="attempt"/>: the same on every delivery.</summary>
    public static Guid CreditId(PaymentAttempt attempt, WalletTypeId wallet)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return OutboxMail.DeriveId(attempt.Tenant, new MailKind("payment-credit"), attempt.Id.ToString("N"), wallet.Value);
    }

    private static PaymentNotStarted Busy(PaymentAttempt? live) =>
        new(
            [live is { State: PaymentState.Abandoned }
                ? "Un paiement abandonné il y a peu peut encore aboutir : réessayez dans quelques minutes."
                : "Un paiement est déjà en cours pour votre compte : terminez-le sur la page de paiement, ou attendez son résultat (quelques minutes)."],
            live);

    private Task LogAsync(PaymentAttempt attempt, PaymentCheckSource source, string? reference, string outcome, CancellationToken cancellationToken) =>
        _store.LogAsync(new PaymentCallback(Guid.NewGuid(), attempt.Tenant, _clock.GetCurrentInstant(), source, Cut(reference), attempt.Id, Cut(outcome) ?? "no change"), cancellationToken).AsTask();

    private static string? Cut(string? text) => text is { Length: > PaymentCallback.MaxLength } ? text[..PaymentCallback.MaxLength] : text;
}
