using System.Globalization;
using System.Text.RegularExpressions;
using Portail.Booking;
using Xunit.Abstractions;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// Crash safety (issue 4, item 7): the probe saves baskets and validates them in a loop on three
/// tasks and is killed (SIGKILL) at a random moment, several rounds on one file. Afterwards every
/// acknowledged commit is there (its submission replays), no commit and no basket is half-recorded,
/// the counts equal the bookings and <c>PRAGMA integrity_check</c> passes.
/// </summary>
public sealed partial class CrashTests(ITestOutputHelper output) : OnASqliteFile
{
    private const int Workers = 3;

    [Fact]
    public async Task R_BSK_3_a_process_killed_while_validating_loses_no_acknowledged_commit_and_half_records_none()
    {
        var seed = Environment.ProcessId;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var store = Database.Get<IBookingStore>();
        for (var round = 0; round < 6; round++)
        {
            // Round 0 is killed at a random instant from start (perhaps during the first migration), the others after a random number of acknowledgements.
            var tenant = $"crash-{round}";
            var acks = await RunAndKillAsync(tenant, round == 0 ? 0 : random.Next(1, 80), random);
            Database.AssertSound();
            if (Database.Column("SELECT name FROM sqlite_schema WHERE name = 'booking'").Count == 0)
            {
                output.WriteLine($"round {round}: killed before the schema was migrated");
                Assert.Empty(acks);
                continue;
            }

            var last = AssertWholeCommits(tenant);
            output.WriteLine($"round {round}: killed after {acks.Count} acknowledged commits; {last.Sum(k => k + 1)} recorded, "
                + $"{Database.Column($"SELECT DISTINCT family FROM basket_request WHERE tenant = '{tenant}'").Count} baskets left");
            foreach (var (submission, worker, index) in acks)
            {
                Assert.True(index <= last[worker], $"worker {worker}: commit {index} was acknowledged but is not recorded");
                var replay = await store.CommitAsync(new TenantId(tenant), Commits.Book("replay", Commits.Centre, Commits.Wednesday) with { SubmissionId = submission }, Arbitration.Plan);
                Assert.True(replay.Replayed, $"worker {worker}: acknowledged commit {index} does not replay");
                Assert.Equal(index == 0 ? 3 : 4, replay.Results.Count);
            }
        }
    }

    // Commit i of worker w books child w{w}c{i} on three lines and cancels the hot-day line of w{w}c{i-1}.
    // A worker's commits follow each other, so the recorded ones are a prefix 0..k: children before k
    // keep two lines, child k three, later ones none. Answers k per worker.
    private int[] AssertWholeCommits(string tenant)
    {
        var lines = Database.Column($"SELECT child || ' ' || activity || ' ' || date FROM booking WHERE tenant = '{tenant}'")
            .Select(l => l.Split(' '))
            .Select(p => (Match: ChildName().Match(p[0]), Hot: p[1] == "centre" && p[2] == "2023-10-11"))
            .GroupBy(l => (Worker: int.Parse(l.Match.Groups[1].Value, CultureInfo.InvariantCulture), Index: int.Parse(l.Match.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Hot: g.Any(l => l.Hot)));
        var last = new int[Workers];
        for (var w = 0; w < Workers; w++)
        {
            last[w] = lines.Keys.Where(k => k.Worker == w).Select(k => k.Index).DefaultIfEmpty(-1).Max();
            for (var i = 0; i <= last[w]; i++)
            {
                var expected = i == last[w] ? (3, true) : (2, false);
                Assert.True(lines.TryGetValue((w, i), out var found) && found == expected, $"worker {w}, commit {i}: {found} lines recorded, expected {expected}");
            }
        }

        Assert.Equal(last.Sum(k => k + 1), Convert.ToInt32(Database.Scalar($"SELECT count(*) FROM submission WHERE tenant = '{tenant}'"), CultureInfo.InvariantCulture));

        // A basket is saved whole or not at all: empty, or the three requests of the last child validated or the next one.
        foreach (var basket in Database.Column($"SELECT family || ' ' || count(*) || ' ' || min(child) || ' ' || max(child) FROM basket_request WHERE tenant = '{tenant}' GROUP BY family"))
        {
            var p = basket.Split(' ');
            var (worker, index) = (int.Parse(p[0][1..], CultureInfo.InvariantCulture), int.Parse(ChildName().Match(p[2]).Groups[2].Value, CultureInfo.InvariantCulture));
            Assert.True(p[1] == "3" && p[2] == p[3] && (index == last[worker] || index == last[worker] + 1), $"basket of {p[0]}: {basket}");
        }

        return last;
    }

    private async Task<List<(Guid Submission, int Worker, int Index)>> RunAndKillAsync(string tenant, int acknowledgements, Random random)
    {
        var acks = new List<(Guid, int, int)>();
        var errors = new List<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Probe.Start("crash", Database.File, tenant, Workers.ToString(CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ack ", StringComparison.Ordinal))
            {
                var p = line.Split(' ');
                lock (acks)
                {
                    acks.Add((Guid.Parse(p[1]), int.Parse(p[2], CultureInfo.InvariantCulture), int.Parse(p[3], CultureInfo.InvariantCulture)));
                    if (acknowledgements > 0 && acks.Count >= acknowledgements)
                    {
                        enough.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.Add(e.Data ?? string.Empty);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = acknowledgements == 0 ? Task.Delay(random.Next(100, 1500)) : enough.Task;
        var first = await Task.WhenAny(waited, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(first == waited, $"the probe stopped by itself ({(process.HasExited ? process.ExitCode : -1)}): {string.Join('\n', errors)}");
        await Task.Delay(random.Next(0, 10));
        process.Kill();
        await process.WaitForExitAsync();
        lock (acks)
        {
            return [.. acks];
        }
    }

    [GeneratedRegex("^w([0-9]+)c([0-9]+)$")]
    private static partial Regex ChildName();
}
