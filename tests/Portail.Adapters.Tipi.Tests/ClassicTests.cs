using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Portail.Adapters.Tipi.Simulator;
using Portail.Payments;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>The classic TIPI adapter: the documented URL, a per-attempt token in urlcl, returns checked against the attempt.</summary>
public sealed class ClassicTests
{
    private static Task<TipiWorld> ClassicWorld() => TipiWorld.StartAsync(o => o.Protocol = TipiProtocol.Classic);

    /// <summary>TIPI.md: the classic URL carries numcli, exer, refdet, objet, montant in cents, mel, urlcl with the attempt's token, saisie.</summary>
    [Fact]
    public async Task R_PAY_1_the_classic_url_has_the_documented_parameters()
    {
        await using var world = await ClassicWorld();
        var (attempt, page) = await world.StartPaymentAsync("dupont", 118.04m);
        var query = QueryHelpers.ParseQuery(page.Query);
        Assert.Equal(["numcli", "exer", "refdet", "objet", "montant", "mel", "urlcl", "saisie"], query.Keys);
        Assert.Equal("11804", query["montant"].ToString());
        Assert.Equal("123456", query["numcli"].ToString());
        Assert.Equal(attempt.Reference, query["refdet"].ToString());
        Assert.Equal($"{world.Root}paiement/tipi/cestas/retour?token={attempt.ProviderReference}", query["urlcl"].ToString());
        Assert.Equal(32, attempt.ProviderReference!.Length);

        var shown = await world.Client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("118,04", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>R-PAY-2: an honest classic return pays, once, even with upper-case parameter names and twice over.</summary>
    [Fact]
    public async Task R_PAY_2_an_honest_return_pays_once()
    {
        await using var world = await ClassicWorld();
        var (attempt, page) = await world.StartPaymentAsync("dupont", 20m);
        await world.Client.GetAsync(page);
        world.Simulator.ScenarioFor(attempt.Reference, new SimulatorScenario { UpperCaseReturn = true });
        var back = world.Simulator.PayClassic(attempt.Reference, "P")!;
        Assert.Contains("RESULTRANS=P", back.Query, StringComparison.Ordinal);

        var first = await world.Client.GetAsync(back);
        await world.Client.GetAsync(back);
        Assert.Equal($"/paiement/retour/{attempt.Id}", first.Headers.Location!.OriginalString);
        Assert.Equal(PaymentState.Paid, (await world.ReadAsync(attempt)).State);
        Assert.Equal(20m, await world.BalanceAsync("dupont"));
    }

    /// <summary>R-PAY-3, TIPI.md "nothing is signed": a return with a wrong amount, client number, reference or token is refused and logged; nothing changes.</summary>
    [Theory]
    [InlineData(ClassicForgery.WrongAmount, "montant")]
    [InlineData(ClassicForgery.WrongClientNumber, "numcli")]
    [InlineData(ClassicForgery.UnknownReference, "refdet")]
    [InlineData(ClassicForgery.MissingToken, "no reference")]
    public async Task R_PAY_3_a_forged_classic_return_is_refused_and_logged(ClassicForgery forgery, string logged)
    {
        await using var world = await ClassicWorld();
        var (attempt, page) = await world.StartPaymentAsync("dupont", 20m);
        await world.Client.GetAsync(page);
        world.Simulator.ScenarioFor(attempt.Reference, new SimulatorScenario { Forgery = forgery });
        var back = world.Simulator.PayClassic(attempt.Reference, "P")!;
        await world.Client.GetAsync(back);

        Assert.Equal(PaymentState.AwaitingPayment, (await world.ReadAsync(attempt)).State);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
        var log = await world.Store.ListLogAsync(TipiWorld.Tenant, null, 10);
        Assert.Contains(log, e => e.Source == PaymentCheckSource.Return && e.Outcome.StartsWith("refused", StringComparison.Ordinal) && e.Outcome.Contains(logged, StringComparison.Ordinal));
    }

    /// <summary>A guessed token finds nothing.</summary>
    [Fact]
    public async Task R_PAY_3_a_wrong_token_finds_nothing()
    {
        await using var world = await ClassicWorld();
        var (attempt, _) = await world.StartPaymentAsync("dupont", 20m);
        await world.Client.GetAsync($"paiement/tipi/cestas/retour?token={new string('0', 32)}&refdet={attempt.Reference}&montant=2000&numcli=123456&resultrans=P&saisie=T&dattrans=12032024&heurtrans=1000");
        Assert.Equal(PaymentState.AwaitingPayment, (await world.ReadAsync(attempt)).State);
        Assert.Contains(await world.Store.ListLogAsync(TipiWorld.Tenant, null, 10), e => e.Outcome == "refused: unknown reference");
    }
}

/// <summary>The classic protocol's reconciliation with the treasury's report.</summary>
public sealed class TreasuryReportTests
{
    [Fact]
    public void The_report_is_read_leniently_and_nothing_is_guessed()
    {
        var (lines, problems) = TipiTreasuryReport.Parse("Date;Référence;Montant\n12/03/2024;PFABC123;79,30\n2024-03-12;PFDEF456;7930\r\n13032024;PFGHI789;1.05\n12/03/2024;PFJKL012;abc\n");
        Assert.Equal(
            [new(new NodaTime.LocalDate(2024, 3, 12), "PFABC123", 79.30m), new(new NodaTime.LocalDate(2024, 3, 12), "PFDEF456", 79.30m), new Portail.Payments.TreasuryReportLine(new NodaTime.LocalDate(2024, 3, 13), "PFGHI789", 1.05m)],
            lines);
        Assert.Equal(["Ligne 5 illisible : « 12/03/2024;PFJKL012;abc » (attendu : date ; référence ; montant)."], problems);
    }

    /// <summary>TIPI.md: the browser never came back; the treasury's report says it was paid: paid wins, once; a wrong amount or an unknown reference changes nothing.</summary>
    [Fact]
    public async Task R_PAY_3_the_treasury_report_credits_a_classic_payment_whose_return_never_came()
    {
        await using var world = await TipiWorld.StartAsync(o => o.Protocol = TipiProtocol.Classic);
        var (lost, _) = await world.StartPaymentAsync("dupont", 20m);
        var (other, _) = await world.StartPaymentAsync("martin", 30m);
        world.Clock.Advance(NodaTime.Duration.FromMinutes(25));
        await world.Payments.ReconcileAsync();
        Assert.Equal(PaymentState.Expired, (await world.ReadAsync(lost)).State);

        var (lines, _) = TipiTreasuryReport.Parse($"12/03/2024;{lost.Reference};20,00\n12/03/2024;{other.Reference};31,00\n12/03/2024;PFINCONNU99;5,00\n12/03/2024;{lost.Reference};20,00\n");
        var outcomes = await world.Payments.ApplyTreasuryReportAsync(world.Clerk, lines);

        Assert.Equal("paid", outcomes[0]);
        Assert.StartsWith("refused", outcomes[1], StringComparison.Ordinal);
        Assert.StartsWith("refused: the report's reference PFINCONNU99", outcomes[2], StringComparison.Ordinal);
        Assert.Equal("paid", outcomes[3]);
        var paid = await world.ReadAsync(lost);
        Assert.Equal(PaymentState.Paid, paid.State);
        Assert.NotNull(paid.Alert);
        Assert.Equal(20m, await world.BalanceAsync("dupont"));
        Assert.Equal(0m, await world.BalanceAsync("martin"));
    }

    /// <summary>R-ACC-7: the treasury's report is applied by a clerk of the structures it pays into; a reader, or an agent of nothing, is refused before any line is applied or logged.</summary>
    [Fact]
    public async Task R_ACC_7_a_treasury_report_is_refused_to_an_agent_who_is_not_a_clerk_and_nothing_changes()
    {
        await using var world = await TipiWorld.StartAsync(o => o.Protocol = TipiProtocol.Classic);
        var (lost, _) = await world.StartPaymentAsync("dupont", 20m);
        world.Clock.Advance(NodaTime.Duration.FromMinutes(25));
        await world.Payments.ReconcileAsync();
        var logged = (await world.Store.ListLogAsync(TipiWorld.Tenant, lost.Id, 50)).Count;
        var (lines, _) = TipiTreasuryReport.Parse($"12/03/2024;{lost.Reference};20,00\n");

        foreach (var agent in new[] { world.Agent(Portail.Accounts.AgentRole.Reader), world.Agent(null) })
        {
            await Assert.ThrowsAsync<Portail.Accounts.AccessDeniedException>(() => world.Payments.ApplyTreasuryReportAsync(agent, lines));
        }

        Assert.Equal(PaymentState.Expired, (await world.ReadAsync(lost)).State);
        Assert.Equal(logged, (await world.Store.ListLogAsync(TipiWorld.Tenant, lost.Id, 50)).Count);
        Assert.Equal(0m, await world.BalanceAsync("dupont"));
    }
}
