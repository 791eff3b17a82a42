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
