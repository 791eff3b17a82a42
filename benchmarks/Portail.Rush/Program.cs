using System.Globalization;
using System.Runtime.InteropServices;
using Portail.Rush;

// The opening-day rush driver: see RushOptions.Help and benchmarks/README.md.
RushOptions options;
try
{
    options = RushOptions.Parse(args);
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
string connection;
try
{
    connection = RushStore.ResolveConnection(options);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

if (options.Worker is { } worker)
{
    return await Workers.WorkAsync(options, connection, scenario, worker);
}

var fr = CultureInfo.GetCultureInfo("fr-FR");
var children = scenario.Families.Sum(f => f.Children.Count);
Console.WriteLine("Portail.Rush — the opening-day rush");
Console.WriteLine($"  families   {scenario.Families.Count.ToString("N0", fr)} ({children.ToString("N0", fr)} children), {scenario.Lines.ToString("N0", fr)} lines ({(double)scenario.Lines / scenario.Families.Count:F1} a basket), seed {options.Seed}");
Console.WriteLine($"  hot day    {scenario.HotDay.Activity} {scenario.HotDay.Date:uuuu-MM-dd}: {scenario.HotLimits.Capacity} places, {scenario.HotLimits.WaitlistSize} on the waiting list, asked by every child");
Console.WriteLine($"  clients    {options.Clients} in {options.Processes} process{(options.Processes > 1 ? "es" : string.Empty)}; clock {scenario.Now} (one second after the period opens)");
Console.WriteLine($"  machine    {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");

await RushStore.ResetAsync(options, connection);
await using var store = RushStore.Open(options, connection, scenario);
Console.WriteLine($"  store      {store.Description(options)}");
using (var seeding = new Progress("seeding   ", children))
{
    await store.SeedAsync(Scenario.TenantId, scenario.Families.SelectMany(f => f.Children).Select(c => { seeding.Advance(); return c; }), options.Clients);
}

// The ceilings' tenants are seeded now, so that the previous period and the statistics cover them too.
var pgbenchModes = options.Ceiling && options.Store == StoreKind.Postgres ? new[] { PgbenchMode.Naive, PgbenchMode.Batched } : [];
if (options.Ceiling && options.Store == StoreKind.Sqlite)
{
    await store.SeedAsync(SqliteCeiling.Tenant, scenario.Families.SelectMany(f => f.Children), 1);
}

foreach (var mode in pgbenchModes)
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
        pgbenchModes.Select(m => (PgbenchCeiling.Tenant(m), (Func<RushFamily, int, (string, string)>)PgbenchCeiling.Ids))
            .Prepend((Scenario.TenantId, (f, slot) => (f.Id.Value, f.Children[slot - 1].Id.Value))));
}

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

var portail = Measurement.Of($"Portail ({options.Store.ToString().ToLowerInvariant()}), {options.Clients} clients, {options.Processes} process{(options.Processes > 1 ? "es" : string.Empty)}", records);
var profileLines = profile is null ? [] : await profile.ReportAsync(records.Count);
profile?.Dispose();
var checks = await Checks.RunAsync(scenario, records, store.Store, Math.Min(options.Clients, 16));

var ceilings = new List<Measurement>();
string? ceilingError = null;
if (options.Ceiling && options.Store != StoreKind.InMemory)
{
    try
    {
        if (options.Store == StoreKind.Sqlite)
        {
            using var raw = new Progress("raw loop  ", scenario.Families.Count);
            ceilings.Add(SqliteCeiling.Run(scenario, connection, options.Durable, options.Clients, raw.Advance));
        }
        else
        {
            foreach (var mode in pgbenchModes)
            {
                await Console.Error.WriteLineAsync($"  pgbench {mode.ToString().ToLowerInvariant()}…");
                ceilings.Add(await PgbenchCeiling.RunAsync(options, connection, scenario, mode));
            }
        }
    }
#pragma warning disable CA1031 // a ceiling that cannot run is reported, and fails the run, after Portail's figures
    catch (Exception e)
#pragma warning restore CA1031
    {
        ceilingError = e.Message;
    }
}

Console.WriteLine();
Console.WriteLine(Measurement.Header);
foreach (var m in ceilings.Prepend(portail))
{
    Console.WriteLine(m.Row());
}

Console.WriteLine();
var target = options.Store == StoreKind.Sqlite ? 0.8 : 1.0;
foreach (var ceiling in ceilings)
{
    var ratio = portail.ValidationsPerSecond / ceiling.ValidationsPerSecond;
    var targeted = ceiling == ceilings[0];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"  Portail / {ceiling.Label}: {portail.ValidationsPerSecond:F0} / {ceiling.ValidationsPerSecond:F0} = {ratio:F2}×{(targeted ? $" (target ≥ {target:F1}×: {(ratio >= target ? "met" : "NOT met")})" : string.Empty)}"));
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

if (profileLines.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("Profile of Portail's run");
    profileLines.ToList().ForEach(Console.WriteLine);
}

if (options.Store == StoreKind.Sqlite && options.Connection is null)
{
    await store.DisposeAsync();
    foreach (var path in new[] { string.Empty, "-wal", "-shm" }.Select(s => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource + s))
    {
        File.Delete(path);
    }
}

return checks.All(c => c.Passed) && ceilingError is null ? 0 : 1;
