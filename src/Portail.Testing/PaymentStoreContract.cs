using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Billing;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Notifications;
using Portail.Payments;
using Xunit;

namespace Portail.Testing;

/// <summary>
/// The contract every <see cref="IPaymentStore"/> must pass (R-PAY-1..4, TIPI.md): conditional
/// updates, one live attempt per family, the credit and the ticket written with the move to paid and
/// only once, exactly-once under concurrent and repeated callbacks, reconciliation. Subclass it and
/// return a clean storage (its <see cref="IPortailStorage.Wallets"/> and <see cref="IPortailStorage.Outbox"/>
/// are where the credit and the ticket must appear).
/// </summary>
public abstract class PaymentStoreContract
{
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private static readonly WalletTypeId Cdc = new("cdc-aps-clsh");
    private static readonly DateInterval AllTime = new(new LocalDate(1, 1, 1), new LocalDate(9999, 12, 31));

    /// <summary>A storage with no payment of the tenants the tests make up (each test uses a new tenant).</summary>
    protected abstract Task<IPortailStorage> CreateCleanStorageAsync();

    /// <summary>How many payments the exactly-once test makes, each notified three times and returned once, all at once.</summary>
    /// <value>1,000.</value>
    protected virtual int ExactlyOncePayments => 1000;

    /// <summary>How many callbacks run at once in the exactly-once test.</summary>
    /// <value>16.</value>
    protected virtual int ConcurrentCallbacks => 16;

    // Each test lives in its own tenant and its own week, far from the others', so that a shared database and the cross-tenant due list stay apart.
    private static (TenantId Tenant, SettableClock Clock) NewWorld() =>
        (new TenantId($"t-{Guid.NewGuid():N}"), new SettableClock(Instant.FromUtc(2200, 1, 1, 0, 0) + Duration.FromHours(Random.Shared.Next(0, 60_000_000))));

    // A clean storage, a tenant and a week of the test's own, a scripted platform and the use case over them.
    private async Task<(IPortailStorage Storage, TenantId Tenant, SettableClock Clock, ScriptedPaymentGateway Gateway, OnlinePayments Payments)> ArrangeAsync()
    {
        var storage = await CreateCleanStorageAsync();
        var (tenant, clock) = NewWorld();
        var gateway = new ScriptedPaymentGateway();
        return (storage, tenant, clock, gateway, Payments(storage, tenant, clock, gateway));
    }

    private static OnlinePayments Payments(IPortailStorage storage, TenantId tenant, IClock clock, IPaymentGateway gateway)
    {
        var options = new PortailOptions
        {
            Tenants =
            [
                new TenantOptions
                {
                    Id = tenant.Value,
                    Name = "Commune du contrat",
                    Structures = [new StructureOptions { Id = "scolaire", Name = "Régie scolaire" }],
                    WalletTypes =
                    [
                        new WalletTypeOptions { Id = Scolaire.Value, Name = "Services Scolaires et ALSH", Structure = "scolaire" },
                        new WalletTypeOptions { Id = Cdc.Value, Name = "CDC PE2M - APS ET CLSH", Structure = "scolaire" },
                    ],
                },
            ],
        };
        return new OnlinePayments(CatalogueLoader.Load(options, "Portail"), clock, storage.Payments, gateway, storage.Families, Options.Create(new PaymentOptions()));
    }

    private static PaymentForm Form(decimal scolaire, decimal cdc = 0m) => new(new Dictionary<WalletTypeId, decimal> { [Scolaire] = scolaire, [Cdc] = cdc }, "dupont@example.org");

    private static async Task<PaymentAttempt> StartAsync(OnlinePayments payments, TenantId tenant, string family, PaymentForm form)
    {
        var started = await payments.StartAsync(Payer(tenant, family), form);
        Assert.True(started.IsT0, started.IsT1 ? started.AsT1.Message : "");
        return started.AsT0.Attempt;
    }

    private static Portail.Accounts.FamilyActor Payer(TenantId tenant, string family) =>
        new(tenant, new Portail.Accounts.LoginId(family), new FamilyId(family), new HashSet<ChildId>());

    private static Dictionary<string, string?> IdOp(PaymentAttempt attempt, string name = "idOp") => new() { [name] = attempt.ProviderReference };

    private static PaymentAttempt Attempt(TenantId tenant, string family, Instant at, PaymentState state = PaymentState.AwaitingPayment) =>
        new(Guid.NewGuid(), tenant, new FamilyId(family), $"PF{Guid.NewGuid():N}"[..24].ToUpperInvariant(), [new PaymentLine(Scolaire, 79.30m), new PaymentLine(Cdc, 0m)], "dupont@example.org", at)
        {
            State = state,
            ProviderReference = Guid.NewGuid().ToString("D"),
            UpdatedAt = at,
            NextCheckAt = at + Duration.FromMinutes(15),
        };

    /// <summary>R-PAY-3: an attempt is read back whole; an update is written only over the version before it.</summary>
    [Fact]
    public async Task R_PAY_3_an_update_is_conditional_on_the_version_and_everything_reads_back()
    {
        var storage = await CreateCleanStorageAsync();
        var (tenant, clock) = NewWorld();
        var attempt = Attempt(tenant, "dupont", clock.GetCurrentInstant());
        Assert.True(await storage.Payments.CreateAsync(attempt));
        Assert.False(await storage.Payments.CreateAsync(attempt with { Id = Guid.NewGuid(), State = PaymentState.Expired }), "the reference is unique");

        var stored = await storage.Payments.GetAsync(tenant, attempt.Id);
        Assert.NotNull(stored);
        Assert.Equal(attempt with { Lines = stored.Lines }, stored);
        Assert.Equal(attempt.Lines, stored.Lines);
        Assert.Equal(79.30m, stored.Total);

        var paid = attempt with
        {
            State = PaymentState.Paid, Version = 2, Authorisation = "123456", PaidAt = clock.GetCurrentInstant(), IsTest = true, Alert = "alerte", LastError = "P5", NextCheckAt = null, Failures = 3,
            UpdatedAt = clock.GetCurrentInstant() + Duration.FromSeconds(1),
        };
        Assert.True(await storage.Payments.UpdateAsync(paid, [], []));
        Assert.False(await storage.Payments.UpdateAsync(paid with { State = PaymentState.Refused }, [], []), "version 2 is taken");
        Assert.False(await storage.Payments.UpdateAsync(paid with { Version = 4 }, [], []), "version 3 is not stored");
        var read = await storage.Payments.FindAsync(tenant, attempt.ProviderReference!);
        Assert.Equal(paid with { Lines = read!.Lines }, read);
        Assert.Null(await storage.Payments.FindAsync(new TenantId($"t-{Guid.NewGuid():N}"), attempt.ProviderReference!));
        Assert.Null(await storage.Payments.GetAsync(tenant, Guid.NewGuid()));
        Assert.Equal(attempt.Id, (await storage.Payments.FindByReferenceAsync(tenant, attempt.Reference))?.Id);
        Assert.Null(await storage.Payments.FindByReferenceAsync(tenant, "PFINCONNU1"));
    }

    /// <summary>R-PAY-1, TIPI.md "a second attempt opened while the first could still be paid": one live attempt per family.</summary>
    [Fact]
    public async Task R_PAY_1_a_family_has_one_live_attempt_at_a_time()
    {
        var storage = await CreateCleanStorageAsync();
        var (tenant, clock) = NewWorld();
        var first = Attempt(tenant, "dupont", clock.GetCurrentInstant());
        Assert.True(await storage.Payments.CreateAsync(first));
        Assert.False(await storage.Payments.CreateAsync(Attempt(tenant, "dupont", clock.GetCurrentInstant())));
        Assert.True(await storage.Payments.CreateAsync(Attempt(tenant, "martin", clock.GetCurrentInstant())), "another family");
        Assert.Equal(first.Id, (await storage.Payments.GetLiveAsync(tenant, new FamilyId("dupont")))?.Id);

        Assert.True(await storage.Payments.UpdateAsync(first with { State = PaymentState.Expired, Version = 2 }, [], []));
        Assert.Null(await storage.Payments.GetLiveAsync(tenant, new FamilyId("dupont")));
        var second = Attempt(tenant, "dupont", clock.GetCurrentInstant() + Duration.FromMinutes(1));
        Assert.True(await storage.Payments.CreateAsync(second));
        Assert.False(await storage.Payments.UpdateAsync(first with { State = PaymentState.Pending, Version = 3 }, [], []), "an expired attempt cannot come back to life beside a live one");
        Assert.True(await storage.Payments.UpdateAsync(first with { State = PaymentState.Paid, Version = 3 }, [], []), "paid wins: paid is not live");
        Assert.Equal(3, (await storage.Payments.ListAsync(tenant, null, 10)).Count);
        Assert.Equal([second.Id, first.Id], (await storage.Payments.ListAsync(tenant, new FamilyId("dupont"), 10)).Select(a => a.Id));
    }

    /// <summary>R-PAY-2, R-PAY-3, R-PAY-4: the credit and the ticket are written by the move to paid, in its transaction, once.</summary>
    [Fact]
    public async Task R_PAY_2_the_move_to_paid_writes_the_credit_and_the_ticket_once()
    {
        var (storage, tenant, clock, gateway, payments) = await ArrangeAsync();
        var attempt = await StartAsync(payments, tenant, "dupont", Form(79.30m, 20.70m));
        gateway.Result(attempt, "P", clock.GetCurrentInstant());

        var paid = await payments.HandleCallbackAsync(tenant, PaymentCheckSource.Notification, IdOp(attempt));
        Assert.Equal(PaymentState.Paid, paid?.State);
        await payments.HandleCallbackAsync(tenant, PaymentCheckSource.Return, IdOp(attempt, "idop"));
        await payments.RecheckAsync(Payer(tenant, "dupont"), attempt.Id);

        var movements = await storage.Wallets.GetMovementsAsync(tenant, new FamilyId("dupont"), AllTime);
        Assert.Equal([(Scolaire, 79.30m), (Cdc, 20.70m)], movements.Select(m => (m.Wallet, m.Amount)).OrderBy(m => m.Amount).Reverse());
        Assert.All(movements, m => Assert.Equal(new PaymentDetails(PaymentModes.OnlineCard, paid!.Authorisation, null, "Par Internet"), m.Payment));
        var tickets = await storage.Outbox.ListAsync(tenant, new OutboxQuery());
        Assert.Equal(MailKind.PaymentTicket, Assert.Single(tickets).Mail.Kind);
        Assert.Equal(3, (await storage.Payments.ListLogAsync(tenant, attempt.Id, 100)).Count);
    }

    /// <summary>R-PAY-3: of many callers moving the same version to paid at once, one writes; the credit is there once.</summary>
    [Fact]
    public async Task R_PAY_3_concurrent_moves_of_one_version_write_once()
    {
        var storage = await CreateCleanStorageAsync();
        var (tenant, clock) = NewWorld();
        var attempt = Attempt(tenant, "dupont", clock.GetCurrentInstant());
        await storage.Payments.CreateAsync(attempt);
        var paid = attempt with { State = PaymentState.Paid, Version = 2, Authorisation = "654321" };
        var credit = new WalletMovement(OnlinePayments.CreditId(attempt, Scolaire), attempt.Family, Scolaire, MovementKind.Payment, 79.30m, new LocalDate(2200, 1, 1), OnlinePayments.MovementLabel)
        {
            Payment = new PaymentDetails(PaymentModes.OnlineCard, "654321", null, OnlinePayments.Bank),
        };
        var ticket = OutboxMails.PaymentTicket(tenant, attempt.Family, new PaymentTicket("654321", new LocalDate(2200, 1, 1), [new PaymentTicketLine(Scolaire, 79.30m)]), clock.GetCurrentInstant());

        var wins = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () => await storage.Payments.UpdateAsync(paid, [credit], [ticket]))));
        Assert.Single(wins, w => w);
        Assert.Equal(79.30m, Assert.Single(await storage.Wallets.GetBalancesAsync(tenant, attempt.Family)).Balance);
        Assert.Single(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));

        // A later move that carries the same credit (a bug, or a replay) adds nothing: the ids are the attempt's.
        Assert.True(await storage.Payments.UpdateAsync(paid with { Version = 3 }, [credit], [ticket]));
        Assert.Single(await storage.Wallets.GetMovementsAsync(tenant, attempt.Family, AllTime));
    }

    /// <summary>
    /// R-PAY-3, TIPI.md "notification and browser return race each other": many payments, each notified
    /// three times and returned once, concurrently and out of order: exactly one credit and one ticket per
    /// payment, and every callback logged.
    /// </summary>
    [Fact]
    public async Task R_PAY_3_exactly_once_under_repeated_concurrent_out_of_order_callbacks()
    {
        var (storage, tenant, clock, gateway, payments) = await ArrangeAsync();
        var count = ExactlyOncePayments;
        var attempts = new PaymentAttempt[count];
        for (var i = 0; i < count; i++)
        {
            attempts[i] = await StartAsync(payments, tenant, $"f{i}", Form(10m + (i % 7), i % 3));
            gateway.Result(attempts[i], i % 2 == 0 ? "P" : "V", clock.GetCurrentInstant());
        }

        var calls = attempts
            .SelectMany(a => new[] { (a, PaymentCheckSource.Notification, "idOp"), (a, PaymentCheckSource.Notification, "idop"), (a, PaymentCheckSource.Notification, "IDOP"), (a, PaymentCheckSource.Return, "idop") })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentCallbacks }, async (call, ct) =>
            await payments.HandleCallbackAsync(tenant, call.Item2, IdOp(call.a, call.Item3), ct));

        var listed = await storage.Payments.ListAsync(tenant, null, count + 1);
        Assert.Equal(count, listed.Count);
        Assert.All(listed, a => Assert.Equal(PaymentState.Paid, a.State));
        var tickets = await storage.Outbox.ListAsync(tenant, new OutboxQuery(Limit: ClaimedMail.MaxBatch));
        Assert.Equal(Math.Min(count, ClaimedMail.MaxBatch), tickets.Count);
        Assert.Equal(tickets.Count, tickets.Select(t => t.Mail.Family).Distinct().Count());
        var credits = 0;
        foreach (var a in attempts)
        {
            var movements = await storage.Wallets.GetMovementsAsync(tenant, a.Family, AllTime);
            Assert.Equal(a.Total, movements.Sum(m => m.Amount));
            credits += movements.Count;
        }

        Assert.Equal(attempts.Sum(a => a.Lines.Count(l => l.Amount > 0)), credits);
        Assert.Equal(4 * count, (await storage.Payments.ListLogAsync(tenant, null, PaymentStoreChecks.MaxLimit)).Count(e => e.Source is PaymentCheckSource.Notification or PaymentCheckSource.Return));
    }

    /// <summary>
    /// R-PAY-3, TIPI.md "the notification may never come" and "an expiry job marked attempts expired
    /// although they had been paid": with no callback at all, reconciliation credits every paid attempt,
    /// expires every dead one, and an attempt paid after it was expired becomes paid with an alert.
    /// </summary>
    [Fact]
    public async Task R_PAY_3_reconciliation_without_any_notification()
    {
        var (storage, tenant, clock, gateway, payments) = await ArrangeAsync();
        var paid = await StartAsync(payments, tenant, "paid", Form(12.50m));
        var refused = await StartAsync(payments, tenant, "refused", Form(5m));
        var silent = await StartAsync(payments, tenant, "silent", Form(7m));
        var forgotten = await StartAsync(payments, tenant, "forgotten", Form(8m));
        var late = await StartAsync(payments, tenant, "late", Form(9m));
        gateway.Result(paid, "P", clock.GetCurrentInstant());
        gateway.Result(refused, "R", clock.GetCurrentInstant());
        gateway.Answer(forgotten.ProviderReference!, new UnknownAtPlatform("P1 IdOp incorrect"));

        clock.Advance(Duration.FromMinutes(16));
        Assert.Equal(5, await payments.ReconcileAsync());
        clock.Advance(Duration.FromMinutes(5));
        await payments.ReconcileAsync();

        async Task<PaymentState> State(PaymentAttempt a) => (await storage.Payments.GetAsync(tenant, a.Id))!.State;
        Assert.Equal(PaymentState.Paid, await State(paid));
        Assert.Equal(12.50m, Assert.Single(await storage.Wallets.GetBalancesAsync(tenant, new FamilyId("paid"))).Balance);
        Assert.Equal(PaymentState.Refused, await State(refused));
        Assert.Equal(PaymentState.Expired, await State(silent));
        Assert.Equal(PaymentState.Expired, await State(forgotten));
        Assert.Equal(PaymentState.Expired, await State(late));
        Assert.Null((await storage.Payments.GetAsync(tenant, forgotten.Id))!.NextCheckAt);
        Assert.Empty(await storage.Wallets.GetBalancesAsync(tenant, new FamilyId("refused")));

        // Paid after it was marked expired: the slow re-check finds it; paid wins, with an alert for the régie.
        gateway.Result(late, "P", clock.GetCurrentInstant());
        var lookups = gateway.Lookups;
        clock.Advance(Duration.FromHours(2));
        await payments.ReconcileAsync();
        var recovered = await storage.Payments.GetAsync(tenant, late.Id);
        Assert.Equal(PaymentState.Paid, recovered!.State);
        Assert.NotNull(recovered.Alert);
        Assert.Equal(9m, Assert.Single(await storage.Wallets.GetBalancesAsync(tenant, new FamilyId("late"))).Balance);
        Assert.Equal(2, gateway.Lookups - lookups); // "silent" and "late"; never "forgotten" (P1), nor the final ones

        // A week later nothing is asked any more.
        gateway.Answer(silent.ProviderReference!, new ResultNotYetKnown());
        clock.Advance(Duration.FromDays(8));
        Assert.Equal(0, await payments.ReconcileAsync());
    }

    /// <summary>TIPI.md: technical faults leave the state alone and push the next question back, further each time.</summary>
    [Fact]
    public async Task R_PAY_3_faults_change_nothing_and_back_off()
    {
        var (storage, tenant, clock, gateway, payments) = await ArrangeAsync();
        var attempt = await StartAsync(payments, tenant, "dupont", Form(20m));
        gateway.Answer(attempt.ProviderReference!, new PlatformFault("http-500", "Internal Server Error", true));

        clock.Advance(Duration.FromMinutes(15));
        var waits = new List<Duration>();
        for (var i = 0; i < 4; i++)
        {
            await payments.ReconcileAsync();
            var stored = (await storage.Payments.GetAsync(tenant, attempt.Id))!;
            Assert.Equal(PaymentState.AwaitingPayment, stored.State);
            waits.Add(stored.NextCheckAt!.Value - clock.GetCurrentInstant());
            clock.Advance(waits[^1]);
        }

        Assert.Equal([Duration.FromMinutes(1), Duration.FromMinutes(2), Duration.FromMinutes(4), Duration.FromMinutes(8)], waits);
        gateway.Result(attempt, "P", clock.GetCurrentInstant());
        await payments.ReconcileAsync();
        Assert.Equal(PaymentState.Paid, (await storage.Payments.GetAsync(tenant, attempt.Id))!.State);
    }

    /// <summary>R-PAY-1: the family cannot open a second attempt while the first may still be paid; once the platform says it is over, it can.</summary>
    [Fact]
    public async Task R_PAY_1_a_second_payment_waits_for_the_first()
    {
        var (storage, tenant, clock, gateway, payments) = await ArrangeAsync();
        var first = await StartAsync(payments, tenant, "dupont", Form(20m));

        var refused = await payments.StartAsync(Payer(tenant, "dupont"), Form(20m));
        Assert.True(refused.IsT1);
        Assert.Equal(first.Id, refused.AsT1.Live?.Id);
        Assert.Contains("déjà en cours", refused.AsT1.Message, StringComparison.Ordinal);

        gateway.Result(first, "R", clock.GetCurrentInstant());
        Assert.True((await payments.StartAsync(Payer(tenant, "dupont"), Form(20m))).IsT0);
    }

    /// <summary>R-PAY-3: callbacks naming nothing known are logged and change nothing.</summary>
    [Fact]
    public async Task R_PAY_3_unknown_callbacks_are_logged()
    {
        var (storage, tenant, _, _, payments) = await ArrangeAsync();
        Assert.Null(await payments.HandleCallbackAsync(tenant, PaymentCheckSource.Notification, new Dictionary<string, string?> { ["idOp"] = "nope" }));
        Assert.Null(await payments.HandleCallbackAsync(tenant, PaymentCheckSource.Return, new Dictionary<string, string?>()));
        var log = await storage.Payments.ListLogAsync(tenant, null, 10);
        Assert.Equal(["refused: unknown reference", "refused: no reference"], log.Select(e => e.Outcome));
        Assert.Equal("nope", log[0].ProviderReference);
    }
}
