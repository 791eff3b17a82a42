using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portail.Booking;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// Writers that do not share the in-process write gate — several stores on one file, two OS
/// processes — rely on WAL, <c>BEGIN IMMEDIATE</c> and the busy timeout alone: no caller sees
/// SQLITE_BUSY, capacity is exact and the waiting list is in validation order (issue 4, item 3).
/// </summary>
public sealed class ConcurrencyTests : OnASqliteFile
{
    [Fact]
    public async Task R_BSK_3_three_stores_on_one_file_validating_at_once_never_see_SQLITE_BUSY_nor_exceed_capacity()
    {
        var tenant = new TenantId("cestas");
        var stores = Enumerable.Range(0, 3).Select(_ => Database.Host().GetRequiredService<IBookingStore>()).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 96).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var receipt = await stores[i % stores.Count].CommitAsync(tenant, Commits.Book($"f{i:00}", Commits.Centre, Commits.Wednesday), Arbitration.Plan);
            return receipt.Results.Single().Outcome;
        })).ToList();
        gate.SetResult();

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal((10, 5, 81), (outcomes.Count(o => o == LineOutcome.Accepted), outcomes.Count(o => o == LineOutcome.Waitlisted), outcomes.Count(o => o == LineOutcome.Refused)));
        AssertValidationOrder(tenant.Value, 10, 5);
    }

    [Fact]
    public async Task R_BSK_3_two_processes_validating_one_day_at_once_keep_capacity_exact_and_the_waiting_list_in_order()
    {
        await Database.MigrateAsync();
        var outputs = await Task.WhenAll(
            Probe.RunAsync("race", Database.File, "cestas", "a", "150", "25"),
            Probe.RunAsync("race", Database.File, "cestas", "b", "150", "25"));

        var totals = outputs.SelectMany(o => o.Trim().Split(' ')).Select(p => p.Split('=')).GroupBy(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Sum());
        Assert.Equal((25, 13, 262), (totals["accepted"], totals["waitlisted"], totals["refused"]));
        AssertValidationOrder("cestas", 25, 13);
    }

    // Validation order: every accepted request was validated before every waiting one, and those before every refused one.
    private void AssertValidationOrder(string tenant, int accepted, int waitlisted)
    {
        var statuses = Database.Column($"SELECT status FROM booking WHERE tenant = '{tenant}' ORDER BY sequence");
        var expected = Enumerable.Repeat("accepted", accepted).Concat(Enumerable.Repeat("waitlisted", waitlisted)).Concat(Enumerable.Repeat("refused", statuses.Count - accepted - waitlisted));
        Assert.Equal(expected, statuses);
        Assert.Equal($"{accepted} {waitlisted}", Database.Scalar($"SELECT accepted || ' ' || waitlisted FROM day WHERE tenant = '{tenant}'"));
    }
}
