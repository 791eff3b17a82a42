using System.Globalization;
using System.Runtime.InteropServices;

namespace Portail.Rush;

/// <summary>The rush driver's command (see <see cref="RushOptions.Help"/> and benchmarks/README.md).</summary>
internal static class RushCommand
{
    /// <summary>Runs the command line; answers the exit status.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        RushOptions options;
        string connection;
        try
        {
            options = RushOptions.Parse(args);
            connection = options.ShowHelp ? string.Empty : RushStore.ResolveConnection(options);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + "Run with --help for the options.");
            return 2;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(RushOptions.Help);
            return 0;
        }

        var scenario = Scenario.Build(options.Families, options.Seed);
        if (options.Worker is { } worker)
        {
            return await Workers.WorkAsync(options, connection, scenario, worker);
        }

        PrintHeader(options, scenario);
        await RushStore.ResetAsync(options, connection);
        try
        {
            await using var store = RushStore.Open(options, connection, scenario);
            return await RunAsync(options, connection, scenario, store);
        }
        finally
        {
            if (options.Store == StoreKind.Sqlite && options.Connection is null)
            {
                RushStore.DeleteSqliteFile(connection);
            }
        }
    }

    private static async Task<int> RunAsync(RushOptions options, string connection, Scenario scenario, RushStore store)
    {
        Console.WriteLine($"  store      {store.Description(options)}");
        PgbenchMode[] pgbench = options.Ceiling && options.Store == StoreKind.Postgres ? [PgbenchMode.Naive, PgbenchMode.Batched] : [];
        await PrepareAsync(options, connection, scenario, store, pgbench);
        var early = await Clients.ArriveEarlyAsync(store.Bookings, store.Clock, scenario, Math.Min(options.Clients, scenario.Families.Count));

        IReadOnlyList<ValidationRecord> records;
        Profile? profile = null;
        using (var running = new Progress("validating", scenario.Families.Count))
        {
            if (options.Processes == 1)
            {
                await Clients.WarmUpAsync(store.Bookings, scenario.Families, options.Clients);
                profile = options.Profile && options.Store == StoreKind.Postgres ? await Profile.StartAsync(connection) : null;
                records = await Clients.RunAsync(store.Bookings, scenario.Families, options.Clients, _ => running.Advance());
            }
            else
            {
                records = await Workers.RunAsync(options, connection, running.Advance);
            }
        }

        var portail = Measurement.Of($"Portail ({options.Store.ToString().ToLowerInvariant()}), {options.Clients} clients, {Processes(options)}", records);
        IReadOnlyList<string> profiled = profile is null ? [] : await profile.ReportAsync(records.Count);
        profile?.Dispose();
        IReadOnlyList<CheckResult> checks = [early, .. await Checks.RunAsync(scenario, records, store.Store, Math.Min(options.Clients, 16))];

        var ceilings = new List<Measurement>();
        string? ceilingError = null;
        try
        {
            if (options.Ceiling && options.Store == StoreKind.Sqlite)
            {
                using var raw = new Progress("raw loop  ", scenario.Families.Count);
                ceilings.Add(SqliteCeiling.Run(scenario, connection, options.Durable, options.Clients, raw.Advance));
            }

            foreach (var mode in pgbench)
            {
                await Console.Error.WriteLineAsync($"  pgbench, {mode.ToString().ToLowerInvariant()}…");
                ceilings.Add(await PgbenchCeiling.RunAsync(options, connection, scenario, mode));
            }
        }
#pragma warning disable CA1031 // a ceiling that cannot run is reported, and fails the run, after Portail's figures
        catch (Exception e)
#pragma warning restore CA1031
        {
            ceilingError = e.Message;
        }

        PrintResults(options, portail, ceilings, ceilingError, checks, profiled);
        return checks.All(c => c.Passed) && ceilingError is null ? 0 : 1;
    }

    // Children of every tenant, then (PostgreSQL) the previous period and the statistics; the
    // ceilings' tenants are seeded now, so that the statistics cover them too.
    private static async Task PrepareAsync(RushOptions options, string connection, Scenario scenario, RushStore store, PgbenchMode[] pgbench)
    {
        var children = scenario.Families.SelectMany(f => f.Children).ToList();
        using (var seeding = new Progress("seeding   ", children.Count))
        {
            await store.SeedAsync(Scenario.TenantId, children.Select(c => { seeding.Advance(); return c; }), options.Clients);
        }

        if (options.Ceiling && options.Store == StoreKind.Sqlite)
        {
            await store.SeedAsync(SqliteCeiling.Tenant, children, 1);
        }

        foreach (var mode in pgbench)
        {
            await store.SeedAsync(PgbenchCeiling.Tenant(mode), PgbenchCeiling.Children(options, scenario), options.Clients);
        }

        if (options.Store == StoreKind.Postgres && options.History)
        {
            await Console.Error.WriteLineAsync("  previous period's bookings, ANALYZE…");
            await PostgresHistory.WriteAsync(
                connection,
                options.Schema,
                scenario,
                pgbench.Select(m => (PgbenchCeiling.Tenant(m), (Func<RushFamily, int, (string, string)>)PgbenchCeiling.Ids))
                    .Prepend((Scenario.TenantId, (f, slot) => (f.Id.Value, f.Children[slot - 1].Id.Value))));
        }
    }

    private static void PrintHeader(RushOptions options, Scenario scenario)
    {
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var children = scenario.Families.Sum(f => f.Children.Count);
        Console.WriteLine("Portail.Rush — the opening-day rush");
        Console.WriteLine($"  families   {scenario.Families.Count.ToString("N0", fr)} ({children.ToString("N0", fr)} children), {scenario.Lines.ToString("N0", fr)} lines ({(double)scenario.Lines / scenario.Families.Count:F1} a basket), seed {options.Seed}");
        Console.WriteLine($"  hot day    {scenario.HotDay.Activity} {scenario.HotDay.Date:uuuu-MM-dd}: {scenario.HotLimits.Capacity} places, {scenario.HotLimits.WaitlistSize} on the waiting list, asked by every child");
        Console.WriteLine($"  clients    {options.Clients} in {Processes(options)}; clock {scenario.Now} (one second after the period opens)");
        Console.WriteLine($"  machine    {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }

    private static void PrintResults(RushOptions options, Measurement portail, List<Measurement> ceilings, string? ceilingError, IReadOnlyList<CheckResult> checks, IReadOnlyList<string> profiled)
    {
        Console.WriteLine();
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(portail.Row());
        ceilings.ForEach(c => Console.WriteLine(c.Row()));

        Console.WriteLine();
        var target = options.Store == StoreKind.Sqlite ? 0.8 : 1.0;
        foreach (var ceiling in ceilings)
        {
            var ratio = portail.ValidationsPerSecond / ceiling.ValidationsPerSecond;
            var verdict = ceiling == ceilings[0] ? $" (target ≥ {target:F1}×: {(ratio >= target ? "met" : "NOT met")})" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Portail / {ceiling.Label}: {portail.ValidationsPerSecond:F0} / {ceiling.ValidationsPerSecond:F0} = {ratio:F2}×{verdict}"));
        }

        if (ceilingError is not null)
        {
            Console.WriteLine($"  ceiling FAILED: {ceilingError}");
        }

        Console.WriteLine();
        Console.WriteLine("Checks");
        foreach (var check in checks)
        {
            Console.WriteLine($"  [{(check.Passed ? "ok" : "FAILED")}] {check.Name}: {check.Detail}");
        }

        if (profiled.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Profile of Portail's run");
            foreach (var line in profiled)
            {
                Console.WriteLine(line);
            }
        }
    }

    private static string Processes(RushOptions options) => options.Processes == 1 ? "1 process" : $"{options.Processes} processes";
}
