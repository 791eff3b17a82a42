using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Adapters.Postgres.Probe;
using Portail.Booking;
using Portail.Families;
using Portail.Notifications;
using Xunit.Abstractions;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// Several OS processes on one database (ARCHITECTURE.md must 4, issue 4 items 3 and 7): what holds
/// the capacity is the database's row locks, not a lock in one process; and a process killed in the
/// middle of its commits leaves each of them whole or absent.
/// </summary>
[RequiresPostgres]
public sealed class MultiProcessTests(ITestOutputHelper output)
{
    /// <summary>
    /// R-BSK-3: two probe processes and this one validate 72 families (7 times the 10 places) on the
    /// same hot day at once: exactly 10 accepted and 5 waiting, and in validation order — by sequence,
    /// the day reads 10 accepted, then 5 waiting, then the refused; every family has both of its
    /// lines; the counts equal the rows.
    /// </summary>
    [Fact]
    public async Task R_BSK_3_processes_racing_on_one_day_never_exceed_capacity_and_keep_validation_order()
    {
        var tenant = new TenantId($"mp-{Guid.NewGuid():N}");
        const int PerProcess = 24;
        await using var first = ProbeProcess.Start("race", PostgresServer.SharedSchema, tenant.Value, "p0-", $"{PerProcess}", "8");
        await using var second = ProbeProcess.Start("race", PostgresServer.SharedSchema, tenant.Value, "p1-", $"{PerProcess}", "8");
        var store = new PostgresBookingStore(PostgresServer.Shared);
        // Eight connections open here too, as in each probe, so that all three start together.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => await store.GetDayCountsAsync(tenant, [ProbeCommits.Centre], new DateInterval(ProbeCommits.Hot, ProbeCommits.Hot))));
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());

        using var throttle = new SemaphoreSlim(8);
        var families = Enumerable.Range(0, PerProcess).Select(i => $"ip-{i:000}").ToList();
        await Task.WhenAll(first.GoAsync(), second.GoAsync());
        var here = await Task.WhenAll(families.Select(f => Task.Run(async () =>
        {
            await throttle.WaitAsync();
            try
            {
                var receipt = await store.CommitAsync(tenant, ProbeCommits.Race(f), Arbitration.Plan);
                return receipt.Results.Single(r => r.Key.Activity == ProbeCommits.Centre).Outcome;
            }
            finally
            {
                throttle.Release();
            }
        })));
        await Task.WhenAll(first.WaitForSuccessAsync(), second.WaitForSuccessAsync());

        var acks = first.Lines.Concat(second.Lines).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        output.WriteLine($"probe p0: {first.Lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal))} acks, probe p1: {second.Lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal))}, here: {here.Length}; accepted here {here.Count(o => o == LineOutcome.Accepted)}, in the probes {acks.Count(a => a[2] == nameof(LineOutcome.Accepted))}");
        Assert.Equal(2 * PerProcess, acks.Count);
        var outcomes = acks.Select(a => Enum.Parse<LineOutcome>(a[2])).Concat(here).ToList();
        Assert.Equal(3 * PerProcess, outcomes.Count);
        Assert.Equal(10, outcomes.Count(o => o == LineOutcome.Accepted));
        Assert.Equal(5, outcomes.Count(o => o == LineOutcome.Waitlisted));
        Assert.Equal((3 * PerProcess) - 15, outcomes.Count(o => o == LineOutcome.Refused));

        var rows = await PostgresServer.RowsAsync(
            $"SELECT child, activity, status, sequence FROM {PostgresServer.SharedSchema}.booking WHERE tenant = $1 ORDER BY sequence",
            tenant.Value);
        var hot = rows.Where(r => (string)r[1]! == ProbeCommits.Centre.Value).Select(r => (string)r[2]!).ToList();
        Assert.Equal(Enumerable.Repeat("accepted", 10).Concat(Enumerable.Repeat("waitlisted", 5)).Concat(Enumerable.Repeat("refused", (3 * PerProcess) - 15)), hot);
        var linesPerChild = rows.GroupBy(r => (string)r[0]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3 * PerProcess, linesPerChild.Count);
        Assert.All(linesPerChild, c => Assert.Equal(2, c.Value));

        var day = await store.GetDayAsync(tenant, new DayKey(ProbeCommits.Centre, ProbeCommits.Hot), ProbeCommits.RaceLimits[ProbeCommits.Centre]);
        Assert.Equal((10, 5), (day.Accepted, day.Waiting.Count));
        Assert.Equal(day.Waiting.OrderBy(w => w.Sequence).Select(w => w.Key), day.Waiting.Select(w => w.Key));
        await AssertCountsEqualRowsAsync(tenant);
    }

    /// <summary>
    /// R-BSK-3: a probe validating on four tasks is killed (SIGKILL) at random moments, four times:
    /// every acknowledged validation is there; each validation — three lines booked and the previous
    /// child's hot line cancelled — is there whole or not at all; the counts equal the rows, the
    /// capacity holds, and no one waits while a place is free.
    /// </summary>
    [Fact]
    public async Task R_BSK_3_a_killed_process_leaves_every_commit_whole_or_absent()
    {
        var tenant = new TenantId($"crash-{Guid.NewGuid():N}");
        var random = new Random(20231011);
        var acknowledged = new HashSet<(string Prefix, int Worker, int Index)>();
        var submissions = new HashSet<Guid>();
        const int Workers = 4;
        var prefixes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var prefix = $"r{round}";
            prefixes.Add(prefix);
            await using var probe = ProbeProcess.Start("crash", PostgresServer.SharedSchema, tenant.Value, prefix, $"{Workers}");
            await probe.WaitReadyAsync();
            await probe.GoAsync();

            // Let some commits through, then kill it at a random moment.
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (probe.Lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal)) < 4 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            var delay = random.Next(50, 400);
            await Task.Delay(delay);
            await probe.KillAsync();
            output.WriteLine($"round {round}: killed {delay} ms after the 4th acknowledgement, {probe.Lines.Count(l => l.StartsWith("ack ", StringComparison.Ordinal))} commits acknowledged");

            foreach (var ack in probe.Lines.Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
            {
                submissions.Add(Guid.Parse(ack[1]));
                acknowledged.Add((prefix, int.Parse(ack[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(ack[3], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        Assert.True(acknowledged.Count >= 16, $"only {acknowledged.Count} commits were acknowledged before the kills");

        // Every acknowledged submission is recorded, with its receipt; no submission is recorded without one.
        var recorded = (await PostgresServer.RowsAsync($"SELECT id, receipt IS NOT NULL FROM {PostgresServer.SharedSchema}.submission WHERE tenant = $1", tenant.Value))
            .ToDictionary(r => (Guid)r[0]!, r => (bool)r[1]!);
        Assert.All(submissions, s => Assert.True(recorded.ContainsKey(s), $"acknowledged submission {s} is missing"));
        Assert.All(recorded, r => Assert.True(r.Value, $"submission {r.Key} is recorded without its receipt"));

        // Whole or absent: child i's lines are there iff commit i was; its hot line went with commit i + 1.
        var lines = (await PostgresServer.RowsAsync($"SELECT child, activity, day FROM {PostgresServer.SharedSchema}.booking WHERE tenant = $1", tenant.Value))
            .Select(r => ((string)r[0]!, (string)r[1]!, LocalDate.FromDateOnly((DateOnly)r[2]!)))
            .ToHashSet();
        var committedCommits = 0;
        foreach (var prefix in prefixes)
        {
            for (var w = 0; w < Workers; w++)
            {
                bool Committed(int i) => lines.Contains((ProbeCommits.CrashChild(prefix, w, i).Value, ProbeCommits.Canteen.Value, ProbeCommits.Hot));
                var last = -1;
                while (Committed(last + 1))
                {
                    last++;
                }

                committedCommits += last + 1;
                for (var i = 0; i <= last + 3; i++)
                {
                    var child = ProbeCommits.CrashChild(prefix, w, i).Value;
                    var committed = i <= last;
                    var where = $"{prefix} worker {w} commit {i} (last committed {last})";
                    Assert.True(committed || !acknowledged.Contains((prefix, w, i)), $"{where}: acknowledged but not recorded");
                    Assert.True(committed == Committed(i), $"{where}: recorded after a commit that is missing");
                    Assert.True(committed == lines.Contains((child, ProbeCommits.Centre.Value, ProbeCommits.CrashSecondDay(i))), $"{where}: the second day and the canteen lines disagree");
                    Assert.True((committed && i == last) == lines.Contains((child, ProbeCommits.Centre.Value, ProbeCommits.Hot)), $"{where}: the hot line disagrees with the next commit's cancellation");
                }
            }
        }

        output.WriteLine($"{acknowledged.Count} commits acknowledged, {committedCommits} recorded (the others were cut by the kills)");
        Assert.Equal(committedCommits, recorded.Count);
        await AssertCountsEqualRowsAsync(tenant);
        var days = await PostgresServer.RowsAsync(
            $"SELECT day, accepted, waitlisted FROM {PostgresServer.SharedSchema}.booking_day WHERE tenant = $1 AND activity = $2",
            tenant.Value,
            ProbeCommits.Centre.Value);
        Assert.All(days, d =>
        {
            Assert.True((int)d[1]! <= 5, $"{d[0]}: {d[1]} accepted for 5 places");
            Assert.True((int)d[2]! <= 3, $"{d[0]}: {d[2]} waiting for 3 places");
            Assert.True((int)d[1]! == 5 || (int)d[2]! == 0, $"{d[0]}: {d[2]} waiting while {d[1]} of 5 places are taken");
        });
    }

    /// <summary>
    /// R-NTF-1: two probe processes and this one run the nightly transmission of the same tenant and
    /// day at once, after 30 families validated (20 of them with an e-mail address): each movement is
    /// transmitted once, each family with an address gets one report, every booking is transmitted.
    /// </summary>
    [Fact]
    public async Task R_NTF_1_transmissions_racing_in_three_processes_report_each_family_once()
    {
        var tenant = new TenantId($"tx-{Guid.NewGuid():N}");
        await using var services = new ServiceCollection()
            .AddPortail(new ConfigurationBuilder().AddInMemoryCollection(ProbeCommits.Catalogue(tenant.Value)).Build().GetSection("Portail"))
            .UsePostgresStorage(o =>
            {
                o.ConnectionString = PostgresForTests.Require();
                o.Schema = PostgresServer.SharedSchema;
            })
            .Services.BuildServiceProvider();
        var store = services.GetRequiredService<IBookingStore>();
        var families = services.GetRequiredService<IFamilyDirectory>();
        for (var i = 0; i < 30; i++)
        {
            var family = $"f{i:00}";
            await store.CommitAsync(tenant, ProbeCommits.Race(family), Arbitration.Plan);
            if (i < 20)
            {
                await families.SaveContactAsync(tenant, new FamilyContact(new FamilyId(family), "Mme", family.ToUpperInvariant(), "Claire", [$"{family}@exemple.fr"]));
            }
        }

        await using var first = ProbeProcess.Start("transmit", PostgresServer.SharedSchema, tenant.Value);
        await using var second = ProbeProcess.Start("transmit", PostgresServer.SharedSchema, tenant.Value);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        await Task.WhenAll(first.GoAsync(), second.GoAsync());
        var here = await services.GetRequiredService<NightlyTransmission>().RunAsync(tenant, ProbeCommits.Day);
        await Task.WhenAll(first.WaitForSuccessAsync(), second.WaitForSuccessAsync());

        var results = first.Lines.Concat(second.Lines).Where(l => l.StartsWith("transmitted ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1..].Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .Select(n => new TransmissionResult(n[0], n[1], n[2]))
            .Append(here)
            .ToList();
        output.WriteLine(string.Join("; ", results));
        Assert.Equal(3, results.Count);
        Assert.Equal((60, 60, 20), (results.Sum(r => r.Movements), results.Sum(r => r.Bookings), results.Sum(r => r.Reports)));
        var reports = await PostgresServer.RowsAsync($"SELECT family, kind, state FROM {PostgresServer.SharedSchema}.mail_outbox WHERE tenant = $1 ORDER BY family", tenant.Value);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"f{i:00}"), reports.Select(r => (string)r[0]!));
        Assert.All(reports, r => Assert.Equal(("transmission-report", "pending"), ((string)r[1]!, (string)r[2]!)));
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {PostgresServer.SharedSchema}.booking WHERE tenant = $1 AND NOT transmitted", tenant.Value));
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {PostgresServer.SharedSchema}.booking_movement WHERE tenant = $1 AND NOT transmitted", tenant.Value));
    }

    /// <summary>Each day's counts equal its rows, for every day of the tenant.</summary>
    private static async Task AssertCountsEqualRowsAsync(TenantId tenant)
    {
        var mismatches = await PostgresServer.RowsAsync(
            $"""
            SELECT d.activity, d.day, d.accepted, d.waitlisted,
                   count(b.*) FILTER (WHERE b.status = 'accepted'), count(b.*) FILTER (WHERE b.status = 'waitlisted')
            FROM {PostgresServer.SharedSchema}.booking_day d
            LEFT JOIN {PostgresServer.SharedSchema}.booking b ON b.tenant = d.tenant AND b.activity = d.activity AND b.day = d.day
            WHERE d.tenant = $1
            GROUP BY d.activity, d.day, d.accepted, d.waitlisted
            HAVING d.accepted <> count(b.*) FILTER (WHERE b.status = 'accepted') OR d.waitlisted <> count(b.*) FILTER (WHERE b.status = 'waitlisted')
            """,
            tenant.Value);
        Assert.True(mismatches.Count == 0, "counts differ from rows: " + string.Join("; ", mismatches.Select(m => string.Join(", ", m))));
    }
}
