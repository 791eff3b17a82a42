using Portail.Adapters.Tipi.Simulator;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>R-PAY-3 end to end: the adapter, the simulator and the callbacks over real HTTP, on memory and on a real SQLite file.</summary>
public sealed class ExactlyOnceTests
{
    /// <summary>
    /// Many payments, each notified three times (twice by POST, once by GET with lower-case names) and
    /// returned by the browser, all at once and out of order: one credit and one ticket per payment,
    /// every callback logged.
    /// </summary>
    [Theory]
    [InlineData(false, 200)]
    [InlineData(true, 200)]
    public async Task R_PAY_3_notified_three_times_and_returned_concurrently_credits_exactly_once(bool sqlite, int count)
    {
        await using var world = await TipiWorld.StartAsync(sqlite: sqlite);
        var attempts = new List<PaymentAttempt>();
        for (var i = 0; i < count; i++)
        {
            var (attempt, _) = await world.StartPaymentAsync($"f{i}", 10m + (i % 5), i % 2);
            world.Simulator.ScenarioFor(attempt.ProviderReference!, new SimulatorScenario { Notifications = 0 });
            await world.Simulator.PayAsync(attempt.ProviderReference!, "P");
            attempts.Add(attempt);
        }

        var calls = attempts.SelectMany(a => new Func<Task>[]
            {
                () => world.Client.PostAsync("paiement/tipi/cestas/notification", new FormUrlEncodedContent([new("idOp", a.ProviderReference!)])),
                () => world.Client.PostAsync("paiement/tipi/cestas/notification", new FormUrlEncodedContent([new("idOp", a.ProviderReference!)])),
                () => world.Client.GetAsync($"paiement/tipi/cestas/notification?idop={a.ProviderReference}"),
                () => world.Client.GetAsync($"paiement/tipi/cestas/retour?idop={a.ProviderReference}"),
            })
            .OrderBy(_ => Random.Shared.Next())
            .ToList();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (call, _) => await call());

        var listed = await world.Store.ListAsync(TipiWorld.Tenant, null, count + 1);
        Assert.All(listed, a => Assert.Equal(PaymentState.Paid, a.State));
        Assert.Equal(count, (await world.Storage.Outbox.ListAsync(TipiWorld.Tenant, new OutboxQuery(Limit: 1000))).Count(e => e.Mail.Kind == MailKind.PaymentTicket));
        foreach (var a in attempts)
        {
            Assert.Equal(a.Total, await world.BalanceAsync(a.Family.Value));
        }

        var log = await world.Store.ListLogAsync(TipiWorld.Tenant, null, 100_000);
        Assert.Equal(3 * count, log.Count(e => e.Source == PaymentCheckSource.Notification));
        Assert.Equal(count, log.Count(e => e.Source == PaymentCheckSource.Return));
        Assert.Equal(count, log.Count(e => e.Outcome.StartsWith("paid", StringComparison.Ordinal)));
    }
}
