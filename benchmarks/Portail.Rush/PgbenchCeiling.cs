using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Portail.Families;

namespace Portail.Rush;

/// <summary>
/// The PostgreSQL ceiling: pgbench runs <see cref="PgbenchScript"/>s (the adapter's statements for a
/// validation, the first baskets of the scenario as shapes, equally weighted) at the same
/// concurrency, against the same schema, in a tenant of its own, for about as many transactions as
/// Portail validated. Its per-transaction log gives the latencies.
/// </summary>
internal static partial class PgbenchCeiling
{
    private const int Shapes = 8;

    /// <summary>The tenant of a ceiling.</summary>
    public static TenantId Tenant(PgbenchMode mode) => new(mode == PgbenchMode.Naive ? "rush-naive" : "rush-batched");

    /// <summary>Family n has children 2n and 2n + 1, as the script names them; the scenario's family i is n = i + 1.</summary>
    public static (string Family, string Child) Ids(RushFamily family, int slot) => Ids(family.Index + 1, slot);

    /// <summary>The children of every family a ceiling's transactions take.</summary>
    public static IEnumerable<Child> Children(RushOptions options, Scenario scenario) =>
        Enumerable.Range(1, options.Clients * PerClient(options, scenario)).SelectMany(n => Enumerable.Range(1, 2).Select(slot => new Child(
            new ChildId(Ids(n, slot).Child),
            new FamilyId(Ids(n, slot).Family),
            "PLAFOND",
            "Enfant",
            new NodaTime.LocalDate(2016, 5, 1),
            null,
            new HashSet<ActivityId>())));

    /// <summary>Runs pgbench; the children of <see cref="Children"/> are in the ceiling's tenant.</summary>
    public static async Task<Measurement> RunAsync(RushOptions options, string connection, Scenario scenario, PgbenchMode mode)
    {
        var tenant = Tenant(mode);
        var clients = options.Clients;
        var perClient = PerClient(options, scenario);

        var folder = Directory.CreateTempSubdirectory("portail-rush-pgbench-");
        try
        {
            var arguments = new List<string> { "-n", "-M", mode == PgbenchMode.Naive ? "prepared" : "simple", "-c", Invariant(clients), "-j", Invariant(Math.Min(clients, Environment.ProcessorCount)) };
            arguments.AddRange(["-t", Invariant(perClient), "-D", "k=0", "-D", $"clients={clients}", "-D", $"tenant={tenant}", "-l", "--log-prefix", Path.Combine(folder.FullName, "log")]);
            var families = scenario.Families.Take(Shapes).ToList();
            var receipts = await ReceiptsAsync(connection, options.Schema, families).ConfigureAwait(false);
            for (var i = 0; i < families.Count; i++)
            {
                var script = new PgbenchScript(scenario, options.Schema, mode, i, families[i]);
                var path = Path.Combine(folder.FullName, $"shape{i}.sql");
                await File.WriteAllTextAsync(path, script.ToString()).ConfigureAwait(false);
                arguments.AddRange(["-f", path + "@1", "-D", $"{script.ReceiptVariable}={receipts[i]}"]);
            }

            var b = new NpgsqlConnectionStringBuilder(connection);
            arguments.AddRange(["-h", b.Host ?? "localhost", "-p", Invariant(b.Port), "-U", b.Username ?? "postgres", b.Database ?? "postgres"]);
            var output = await RunPgbenchAsync(options, arguments, b.Password).ConfigureAwait(false);

            var processed = ProcessedPattern().Match(output);
            var tps = TpsPattern().Match(output);
            var average = LatencyPattern().Match(output);
            if (!processed.Success || !tps.Success || processed.Groups[1].Value != processed.Groups[2].Value)
            {
                throw new InvalidOperationException($"pgbench did not complete its transactions:{Environment.NewLine}{output}");
            }

            var transactions = int.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture);
            var latencies = folder.EnumerateFiles("log*")
                .SelectMany(f => File.ReadLines(f.FullName))
                .Select(l => long.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture) / 1000.0)
                .Order()
                .ToList();
            var lines = families.Sum(f => f.Basket.Count) * (long)transactions / families.Count;
            return new Measurement(
                $"pgbench, {(mode == PgbenchMode.Naive ? "naive: a statement per round trip" : "batched: 2 round trips, simple protocol")}",
                transactions,
                lines,
                transactions / double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
                latencies,
                average.Success ? double.Parse(average.Groups[1].Value, CultureInfo.InvariantCulture) : latencies.Average());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int PerClient(RushOptions options, Scenario scenario) => (scenario.Families.Count + options.Clients - 1) / options.Clients;

    private static (string Family, string Child) Ids(int n, int slot) => (Invariant(n), Invariant((2 * n) + slot - 1));

    /// <summary>The pgbench to run: the option, pgbench on PATH, or the newest of Debian's.</summary>
    private static string Pgbench(RushOptions options)
    {
        if (options.Pgbench is { } given)
        {
            return given;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "pgbench")).FirstOrDefault(File.Exists);
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists).OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return onPath ?? debian ?? throw new InvalidOperationException("pgbench was not found: install Debian's postgresql-client (or postgresql), or give --pgbench PATH, or run with --no-ceiling.");
    }

    private static async Task<string> RunPgbenchAsync(RushOptions options, List<string> arguments, string? password)
    {
        var start = new ProcessStartInfo(Pgbench(options)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"pgbench exited with {process.ExitCode}:{Environment.NewLine}{output}");
    }

    // The receipt Portail's run recorded for each shape's family: the ceiling writes as many bytes.
    private static async Task<List<string>> ReceiptsAsync(string connection, string schema, List<RushFamily> families)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        var receipts = new List<string>();
        foreach (var family in families)
        {
            await using var command = data.CreateCommand($"SELECT receipt::text FROM \"{schema}\".submission WHERE tenant = $1 AND family = $2");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Scenario.TenantId.Value });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = family.Id.Value });
            receipts.Add(await command.ExecuteScalarAsync().ConfigureAwait(false) as string
                ?? throw new InvalidOperationException($"Portail's run left no receipt for family {family.Id} to copy for the ceiling."));
        }

        return receipts;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"number of transactions actually processed: (\d+)/(\d+)")]
    private static partial Regex ProcessedPattern();

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsPattern();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyPattern();
}
