using System.Net;
using System.Xml.Linq;
using NodaTime;
using Portail.Adapters.Tipi.Simulator;
using Portail.Billing;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>The PayFiP web-service adapter against the simulated platform, over real HTTP on loopback.</summary>
public sealed class WebServiceTests
{
    private static readonly DateInterval AllTime = new(new LocalDate(2000, 1, 1), new LocalDate(2100, 1, 1));

    /// <summary>R-ACC-6, R-ACC-7: an attempt is seen by the family that made it and the agents of its wallets' structure; rechecked by that family or a clerk; never by another family (not even the other parent) or an agent granted nothing.</summary>
    [Fact]
    public async Task R_ACC_7_an_attempt_is_read_and_rechecked_only_by_its_family_and_the_structures_agents()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);

        Assert.Equal(attempt.Id, (await world.Payments.GetAsync(TipiWorld.Payer(), attempt.Id))?.Id);
        Assert.Equal(attempt.Id, (await world.Payments.GetAsync(world.Agent(Portail.Accounts.AgentRole.Reader), attempt.Id))?.Id);
        Assert.Null(await world.Payments.GetAsync(TipiWorld.Payer("martin"), attempt.Id));
        Assert.Null(await world.Payments.GetAsync(world.Agent(null), attempt.Id));

        var requests = world.Simulator.Requests.Count;
        Assert.Null(await world.Payments.RecheckAsync(TipiWorld.Payer("martin"), attempt.Id));
        Assert.Null(await world.Payments.RecheckAsync(world.Agent(Portail.Accounts.AgentRole.Reader), attempt.Id));
        Assert.Equal(requests, world.Simulator.Requests.Count);
        Assert.NotNull(await world.Payments.RecheckAsync(world.Clerk, attempt.Id));
        Assert.Equal(requests + 1, world.Simulator.Requests.Count);

        var scolaire = new StructureId("scolaire");
        Assert.Equal([attempt.Id], (await world.Payments.ListAsync(world.Agent(Portail.Accounts.AgentRole.Reader), scolaire, 10)).Select(a => a.Id));
        await Assert.ThrowsAsync<Portail.Accounts.AccessDeniedException>(() => world.Payments.ListAsync(world.Agent(null), scolaire, 10));
    }

    /// <summary>TIPI.md: element names exactly as documented, in order, in arg0; montant in cents; objet normalised; &lt;idOp&gt; with a capital O.</summary>
    [Fact]
    public async Task R_PAY_1_the_requests_have_the_documented_elements_in_order()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, page) = await world.StartPaymentAsync("dupont", 79.30m, 20.70m);
        await world.Payments.RecheckAsync(TipiWorld.Payer(), attempt.Id);

        var create = XDocument.Parse(world.Simulator.Requests[0]);
        var arg0 = create.Descendants("arg0").Single();
        Assert.Equal(PayFipSoap.Service + "creerPaiementSecurise", arg0.Parent!.Name);
        Assert.Equal(["exer", "mel", "montant", "numcli", "objet", "refdet", "saisie", "urlnotif", "urlredirect"], arg0.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("10000", arg0.Element("montant")!.Value);
        Assert.Equal("2024", arg0.Element("exer")!.Value);
        Assert.Equal("T", arg0.Element("saisie")!.Value);
        Assert.Equal("123456", arg0.Element("numcli")!.Value);
        Assert.Equal($"Portail Famille {attempt.Reference}", arg0.Element("objet")!.Value);
        Assert.Equal(attempt.Reference, arg0.Element("refdet")!.Value);
        Assert.Equal("famille@example.org", arg0.Element("mel")!.Value);
        Assert.Equal($"{world.Root}paiement/tipi/cestas/notification", arg0.Element("urlnotif")!.Value);
        Assert.Equal($"{world.Root}paiement/tipi/cestas/retour", arg0.Element("urlredirect")!.Value);
        Assert.Equal($"{world.Root}tipi-simulateur/tpa/paiementws.web?idop={attempt.ProviderReference}", page.AbsoluteUri);
        Assert.Equal(36, attempt.ProviderReference!.Length);

        var lookup = XDocument.Parse(world.Simulator.Requests[1]).Descendants("arg0").Single();
        Assert.Equal(PayFipSoap.Service + "recupererDetailPaiementSecurise", lookup.Parent!.Name);
        Assert.Equal("idOp", Assert.Single(lookup.Elements()).Name.LocalName);
        Assert.Equal(PaymentState.Pending, (await world.ReadAsync(attempt)).State);
    }

    /// <summary>R-PAY-2, R-PAY-4: P and V pay: each wallet credited with its amount, mode CBLEUE, the authorisation number, "Par Internet", and one ticket.</summary>
    [Theory]
    [InlineData("P")]
    [InlineData("V")]
    public async Task R_PAY_2_P_and_V_credit_the_wallets_once(string code)
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 79.30m, 20.70m);
        var back = await world.PayAndReturnAsync(attempt, code);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal($"/paiement/retour/{attempt.Id}", back.Headers.Location!.OriginalString);
        var paid = await world.ReadAsync(attempt);
        Assert.Equal(PaymentState.Paid, paid.State);
        Assert.True(paid.IsTest, "saisie T: marked as test");
        var movements = await world.Storage.Wallets.GetMovementsAsync(TipiWorld.Tenant, new FamilyId("dupont"), AllTime);
        Assert.Equal(100m, movements.Sum(m => m.Amount));
        Assert.All(movements, m => Assert.Equal(new PaymentDetails(PaymentModes.OnlineCard, paid.Authorisation, null, "Par Internet"), m.Payment));
        Assert.All(movements, m => Assert.Equal("Paiement par carte bancaire en ligne (test)", m.Label));
        Assert.Equal(new LocalDate(2024, 3, 12), movements[0].Date);
        Assert.Equal(MailKind.PaymentTicket, Assert.Single(await world.Storage.Outbox.ListAsync(TipiWorld.Tenant, new OutboxQuery())).Mail.Kind);
        var log = await world.Store.ListLogAsync(TipiWorld.Tenant, attempt.Id, 10);
        Assert.Contains(log, e => e.Source == PaymentCheckSource.Notification && e.Outcome.StartsWith("paid", StringComparison.Ordinal));
        Assert.Contains(log, e => e.Source == PaymentCheckSource.Return && e.Outcome == "no change: already paid");
    }

    /// <summary>R-PAY-2: R and Z refuse, crediting nothing.</summary>
    [Theory]
    [InlineData("R")]
    [InlineData("Z")]
    public async Task R_PAY_2_R_and_Z_refuse(string code)
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        await world.PayAndReturnAsync(attempt, code);
        Assert.Equal(PaymentState.Refused, (await world.ReadAsync(attempt)).State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
        Assert.Empty(await world.Storage.Outbox.ListAsync(TipiWorld.Tenant, new OutboxQuery()));
    }

    /// <summary>TIPI.md: A is provisional for 20 minutes (the payer may come back), then cancelled.</summary>
    [Fact]
    public async Task R_PAY_2_A_is_abandoned_then_cancelled_after_20_minutes()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        await world.PayAndReturnAsync(attempt, "A");
        Assert.Equal(PaymentState.Abandoned, (await world.ReadAsync(attempt)).State);
        Assert.True((await world.Payments.StartAsync(TipiWorld.Payer(), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [TipiWorld.Scolaire] = 5m }, null))).IsT1, "no second attempt while the first may come back");

        world.Clock.Advance(Duration.FromMinutes(19));
        await world.Payments.ReconcileAsync();
        Assert.Equal(PaymentState.Abandoned, (await world.ReadAsync(attempt)).State);
        world.Clock.Advance(Duration.FromMinutes(1));
        await world.Payments.ReconcileAsync();
        Assert.Equal(PaymentState.Cancelled, (await world.ReadAsync(attempt)).State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
    }

    /// <summary>TIPI.md: P5 under 20 minutes is pending; at 20 minutes, expired.</summary>
    [Fact]
    public async Task R_PAY_3_P5_is_pending_under_20_minutes_and_expired_at_20()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Clock.Advance(Duration.FromMinutes(19) + Duration.FromSeconds(59));
        Assert.Equal(PaymentState.Pending, (await world.Payments.RecheckAsync(TipiWorld.Payer(), attempt.Id))!.State);
        world.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal(PaymentState.Expired, (await world.Payments.RecheckAsync(TipiWorld.Payer(), attempt.Id))!.State);
    }

    /// <summary>TIPI.md: P1 (cleaned at night) expires the attempt, and it is never asked about again.</summary>
    [Fact]
    public async Task R_PAY_3_P1_expires_and_is_never_asked_again()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Clock.Advance(Duration.FromHours(16)); // past the night
        await world.Payments.ReconcileAsync();
        var expired = await world.ReadAsync(attempt);
        Assert.Equal(PaymentState.Expired, expired.State);
        Assert.Null(expired.NextCheckAt);
        Assert.StartsWith("P1", expired.LastError, StringComparison.Ordinal);

        var asked = world.Simulator.Requests.Count;
        world.Clock.Advance(Duration.FromDays(1));
        Assert.Equal(0, await world.Payments.ReconcileAsync());
        Assert.Equal(asked, world.Simulator.Requests.Count);
    }

    /// <summary>TIPI.md: a result code nobody documented changes nothing.</summary>
    [Fact]
    public async Task R_PAY_3_an_unknown_result_code_changes_nothing()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { ResultCode = "Q" });
        await world.PayAndReturnAsync(attempt, "P");
        var unchanged = await world.ReadAsync(attempt);
        Assert.Equal(PaymentState.AwaitingPayment, unchanged.State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
        Assert.Contains(await world.Store.ListLogAsync(TipiWorld.Tenant, attempt.Id, 10), e => e.Outcome.Contains("resultrans-Q", StringComparison.Ordinal));
    }

    /// <summary>R-PAY-3 "a forged notification credits nothing": a callback only names an idOp; the platform's answer alone changes a state.</summary>
    [Fact]
    public async Task R_PAY_3_a_callback_cannot_change_a_state_by_itself()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        using var forged = new FormUrlEncodedContent([new("idOp", attempt.ProviderReference!), new("resultrans", "P"), new("montant", "2000"), new("numauto", "999999")]);
        var answer = await world.Client.PostAsync($"paiement/tipi/cestas/notification", forged);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("", await answer.Content.ReadAsStringAsync());
        var back = await world.Client.GetAsync($"paiement/tipi/cestas/retour?idop={attempt.ProviderReference}&resultrans=P");

        Assert.Equal(PaymentState.Pending, (await world.ReadAsync(attempt)).State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
        Assert.Equal(2, (await world.Store.ListLogAsync(TipiWorld.Tenant, attempt.Id, 10)).Count);

        // Garbage is answered 200, empty, and logged when it names this tenant.
        Assert.Equal(HttpStatusCode.OK, (await world.Client.PostAsync("paiement/tipi/cestas/notification", new StringContent("<xml>"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Client.GetAsync("paiement/tipi/inconnue/notification?idop=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Client.GetAsync($"paiement/tipi/{new string('x', 300)}/notification")).StatusCode);
    }

    /// <summary>TIPI.md "an open redirect through the stored return URL": the return page sends the browser only to the portal's own pages.</summary>
    [Fact]
    public async Task R_PAY_3_the_return_page_redirects_only_to_the_portals_own_pages()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        var back = await world.Client.GetAsync($"paiement/tipi/cestas/retour?idop={attempt.ProviderReference}&urlredirect=https://evil.example/&next=//evil.example&returnUrl=https://evil.example");
        Assert.Equal($"/paiement/retour/{attempt.Id}", back.Headers.Location!.OriginalString);
        var unknown = await world.Client.GetAsync("paiement/tipi/cestas/retour?idop=https://evil.example");
        Assert.Equal("/paiement", unknown.Headers.Location!.OriginalString);

        Assert.True(TipiCallbackEndpointsFacts.IsLocal("/paiement/retour/1"));
        Assert.All(["//evil.example", "/\\evil.example", "https://evil.example", "", "paiement", "/x\r\nLocation: y"], p => Assert.False(TipiCallbackEndpointsFacts.IsLocal(p)));
    }

    /// <summary>TIPI.md: technical faults and timeouts leave the state alone; the reconciliation asks again with a growing back-off, and succeeds once the platform heals.</summary>
    [Theory]
    [InlineData(SimulatedFault.Http500)]
    [InlineData(SimulatedFault.Timeout)]
    [InlineData(SimulatedFault.MalformedXml)]
    [InlineData(SimulatedFault.Unavailable)]
    public async Task R_PAY_3_faults_leave_the_state_unchanged_and_are_retried_with_back_off(SimulatedFault fault)
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { Notifications = 0, Fault = fault, FaultyAnswers = 2 });
        await world.PayAndReturnAsync(attempt, "P"); // the return's lookup: fault 1

        var first = await world.ReadAsync(attempt);
        Assert.Equal(PaymentState.AwaitingPayment, first.State);
        Assert.Equal(1, first.Failures);
        Assert.Equal(world.Clock.GetCurrentInstant() + Duration.FromMinutes(1), first.NextCheckAt);

        world.Clock.Advance(Duration.FromMinutes(1));
        await world.Payments.ReconcileAsync(); // fault 2
        var second = await world.ReadAsync(attempt);
        Assert.Equal((PaymentState.AwaitingPayment, 2), (second.State, second.Failures));
        Assert.Equal(world.Clock.GetCurrentInstant() + Duration.FromMinutes(2), second.NextCheckAt);

        world.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(0, await world.Payments.ReconcileAsync()); // not due yet
        world.Clock.Advance(Duration.FromMinutes(1));
        await world.Payments.ReconcileAsync(); // healed
        Assert.Equal(PaymentState.Paid, (await world.ReadAsync(attempt)).State);
        Assert.Equal(20m, await world.BalanceAsync("dupont"));
    }

    /// <summary>A fault when the payment is created: nothing to pay, a French message, the attempt expired so the family may try again.</summary>
    [Fact]
    public async Task R_PAY_1_a_fault_at_creation_tells_the_family_and_blocks_nothing()
    {
        await using var world = await TipiWorld.StartAsync();
        world.Simulator.Scenario = new SimulatorScenario { Fault = SimulatedFault.Http500, FaultyAnswers = 1 };
        var failed = await world.Payments.StartAsync(TipiWorld.Payer(), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [TipiWorld.Scolaire] = 20m }, "famille@example.org"));
        Assert.True(failed.IsT1);
        Assert.True(failed.AsT1.Message.Contains("ne répond pas", StringComparison.Ordinal), failed.AsT1.Message);
        var expired = Assert.Single(await world.Store.ListAsync(TipiWorld.Tenant, null, 10));
        Assert.Equal(PaymentState.Expired, expired.State);
        await world.StartPaymentAsync("dupont", 20m);
    }

    /// <summary>R-PAY-1: the platform's refusals at creation (here A2, a bad address) come back as a French message.</summary>
    [Fact]
    public async Task R_PAY_1_the_form_is_checked_and_the_email_defaults_to_the_first_address()
    {
        await using var world = await TipiWorld.StartAsync();
        await world.Storage.Families.SaveContactAsync(TipiWorld.Tenant, new Portail.Families.FamilyContact(new FamilyId("dupont"), "M.", "DUPONT", "Jean-Paul", ["premiere@example.org", "seconde@example.org"]));
        Task<OneOf.OneOf<PaymentStarted, PaymentNotStarted>> Start(decimal a, decimal b, string? email = null) =>
            world.Payments.StartAsync(TipiWorld.Payer(), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [TipiWorld.Scolaire] = a, [TipiWorld.Cdc] = b }, email));

        Assert.Contains("négatif", (await Start(-5m, 20m)).AsT1.Message, StringComparison.Ordinal);
        Assert.Contains("au moins 1,00 €", (await Start(0.50m, 0.49m)).AsT1.Message, StringComparison.Ordinal);
        Assert.Contains("deux décimales", (await Start(1.005m, 0m)).AsT1.Message, StringComparison.Ordinal);
        Assert.Contains("dépasser", (await Start(100_000m, 0.01m)).AsT1.Message, StringComparison.Ordinal);
        Assert.Contains("adresse e-mail", (await Start(10m, 0m, "pas-une-adresse")).AsT1.Message, StringComparison.Ordinal);
        Assert.Empty(world.Simulator.Requests);

        var started = (await Start(0.50m, 0.50m)).AsT0;
        Assert.Equal("premiere@example.org", started.Attempt.Email);
        Assert.Equal(1.00m, started.Attempt.Total);
    }

    /// <summary>TIPI.md: a production adapter refuses a result whose saisie is not production's; nothing is credited.</summary>
    [Fact]
    public async Task R_PAY_3_a_production_adapter_refuses_a_test_result()
    {
        await using var world = await TipiWorld.StartAsync(o => o.Mode = TipiMode.Production);
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        Assert.Contains("<saisie>W</saisie>", world.Simulator.Requests[0], StringComparison.Ordinal);
        world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { ResultSaisie = "T" });
        await world.PayAndReturnAsync(attempt, "P");
        Assert.NotEqual(PaymentState.Paid, (await world.ReadAsync(attempt)).State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
        Assert.Contains(await world.Store.ListLogAsync(TipiWorld.Tenant, attempt.Id, 10), e => e.Outcome.Contains("mode 'T'", StringComparison.Ordinal));
    }

    /// <summary>R-PAY-3: the notification may never come; a late one, lower-case names, or none at all: the reconciliation credits once.</summary>
    [Theory]
    [InlineData(0, false, false)]
    [InlineData(2, true, false)]
    [InlineData(1, false, true)]
    public async Task R_PAY_3_whatever_the_notifications_the_payment_is_credited_once(int notifications, bool afterReturn, bool lowerCase)
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { Notifications = notifications, NotifyAfterReturn = afterReturn, LowerCaseNames = lowerCase });
        await world.Simulator.PayAsync(attempt.ProviderReference!, "P"); // the browser never comes back
        await world.Simulator.WhenNotifiedAsync();
        world.Clock.Advance(Duration.FromMinutes(15));
        await world.Payments.ReconcileAsync();
        Assert.Equal(PaymentState.Paid, (await world.ReadAsync(attempt)).State);
        Assert.Equal(20m, await world.BalanceAsync("dupont"));
        Assert.Equal(notifications, (await world.Store.ListLogAsync(TipiWorld.Tenant, attempt.Id, 10)).Count(e => e.Source == PaymentCheckSource.Notification));
    }

    /// <summary>TIPI.md "an expiry job marked attempts expired although they had been paid": paid after expired becomes paid, with an alert.</summary>
    [Fact]
    public async Task R_PAY_3_paid_after_expired_is_paid_with_an_alert()
    {
        await using var world = await TipiWorld.StartAsync();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { Notifications = 0 });
        world.Clock.Advance(Duration.FromMinutes(14));
        var back = await world.Simulator.PayAsync(attempt.ProviderReference!, "P");
        Assert.NotNull(back);
        world.Clock.Advance(Duration.FromMinutes(6));
        var current = await world.ReadAsync(attempt);
        Assert.True(await world.Store.UpdateAsync(current with { State = PaymentState.Expired, Version = current.Version + 1, NextCheckAt = world.Clock.GetCurrentInstant() }, [], []));

        await world.Payments.ReconcileAsync();
        var paid = await world.ReadAsync(attempt);
        Assert.Equal(PaymentState.Paid, paid.State);
        Assert.Contains("double paiement", paid.Alert, StringComparison.Ordinal);
        Assert.Equal(20m, await world.BalanceAsync("dupont"));
    }

    /// <summary>R-TEN-1: every municipality is a régie of its own, with its own client number; a result must carry the tenant's.</summary>
    [Fact]
    public async Task R_TEN_1_each_tenant_pays_with_its_own_client_number()
    {
        await using var world = await TipiWorld.StartAsync(o => o.ClientNumbers["gradignan"] = "654321");
        var gradignan = new TenantId("gradignan");
        var started = (await world.Payments.StartAsync(new Portail.Accounts.FamilyActor(gradignan, new Portail.Accounts.LoginId("martin"), new FamilyId("martin"), new HashSet<ChildId>()), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [TipiWorld.Scolaire] = 15m }, "martin@example.org"))).AsT0;
        Assert.Contains("<numcli>654321</numcli>", world.Simulator.Requests[0], StringComparison.Ordinal);
        Assert.Contains($"paiement/tipi/gradignan/notification", world.Simulator.Requests[0], StringComparison.Ordinal);
        await world.PayAndReturnAsync(started.Attempt, "P");
        Assert.Equal(PaymentState.Paid, (await world.Store.GetAsync(gradignan, started.Attempt.Id))!.State);

        var (cestas, _) = await world.StartPaymentAsync("dupont", 20m);
        Assert.Contains("<numcli>123456</numcli>", world.Simulator.Requests[^1], StringComparison.Ordinal);
        Assert.Null(await world.Store.FindAsync(gradignan, cestas.ProviderReference!));
    }
}

/// <summary>Access to the endpoints' helper from the tests.</summary>
internal static class TipiCallbackEndpointsFacts
{
    public static bool IsLocal(string path) => Microsoft.AspNetCore.Builder.TipiCallbackEndpoints.IsLocal(path);
}
