using System.Globalization;

namespace Portail.Rush;

/// <summary>The store the rush runs against.</summary>
internal enum StoreKind
{
    InMemory,
    Sqlite,
    Postgres,
}

/// <summary>The command line of the rush driver (see <see cref="Help"/>).</summary>
internal sealed record RushOptions
{
    public const string Help = """
        Portail.Rush — the opening-day rush (issues 4 and 10): N families validate their baskets at
        the opening of a booking period, K at a time, through Portail's public use cases
        (BookingService.ValidateAsync), against one store; then the run is checked, and the same
        statements are run without Portail (pgbench, or a raw Microsoft.Data.Sqlite loop) for the ceiling.

        Usage: dotnet run -c Release --project benchmarks/Portail.Rush -- [options]

          --store inmemory|sqlite|postgres
                               the store (default sqlite)
          --families N         families, one or two children each, ~40 lines a basket (default 5000)
          --clients K          concurrent clients, over all processes (default 64)
          --connection S       sqlite: a Microsoft.Data.Sqlite connection string (default: a new file
                               under the temp folder, deleted first); postgres: an Npgsql connection
                               string (default: $PORTAIL_RUSH_POSTGRES, then $PORTAIL_TEST_POSTGRES)
          --schema NAME        postgres: the schema, DROPPED and recreated at the start (default rush)
          --max-commits M      postgres: PostgresStorageOptions.MaxConcurrentCommits per process
                               (default: the adapter's)
          --durable            sqlite: SqliteStorageOptions.DurableAgainstPowerLoss (synchronous=FULL)
          --processes P        host processes sharing the store, K/P clients each (default 1)
          --seed S             seed of the families and baskets (default 1)
          --no-history         postgres: start from empty tables, without the previous period's
                               bookings and the statistics the server has on them (see the README)
          --no-ceiling         skip the ceiling (pgbench / raw SQLite loop)
          --pgbench PATH       pgbench to run (default: pgbench on PATH, else /usr/lib/postgresql/*/bin/pgbench)
          --profile            count the round trips of a validation (Npgsql commands and batches),
                               and, where pg_stat_statements is loaded, the statements per validation
          --worker I           (internal) run as worker I of --processes, told to start on stdin
          --help               this text

        Exit status: 0 when every check passed; 1 when a check failed; 2 for a bad command line.
        Progress goes to stderr, the report to stdout.
        """;

    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    public int Families { get; init; } = 5000;

    public int Clients { get; init; } = 64;

    public string? Connection { get; init; }

    public string Schema { get; init; } = "rush";

    public int? MaxCommits { get; init; }

    public bool Durable { get; init; }

    public int Processes { get; init; } = 1;

    public int Seed { get; init; } = 1;

    public bool Ceiling { get; init; } = true;

    public bool History { get; init; } = true;

    public string? Pgbench { get; init; }

    public bool Profile { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>Set in a worker process (<c>--worker INDEX</c>): runs its share of the families when told to, and prints its records.</summary>
    public int? Worker { get; init; }

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static RushOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RushOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number(int min) =>
                int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new ArgumentException($"{name} takes a whole number ≥ {min}; found '{args[i]}'.");
            options = name switch
            {
                "--store" => options with { Store = ParseStore(Value()) },
                "--families" => options with { Families = Number(1) },
                "--clients" => options with { Clients = Number(1) },
                "--connection" => options with { Connection = Value() },
                "--schema" => options with { Schema = Value() },
                "--max-commits" => options with { MaxCommits = Number(1) },
                "--durable" => options with { Durable = true },
                "--processes" => options with { Processes = Number(1) },
                "--seed" => options with { Seed = Number(0) },
                "--no-ceiling" => options with { Ceiling = false },
                "--no-history" => options with { History = false },
                "--pgbench" => options with { Pgbench = Value() },
                "--profile" => options with { Profile = true },
                "--worker" => options with { Worker = Number(0) },
                "--help" or "-h" or "-?" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Processes > options.Clients)
        {
            throw new ArgumentException($"--processes {options.Processes} is more than --clients {options.Clients}: every process needs at least one client.");
        }

        if (options.Processes > 1 && options.Store == StoreKind.InMemory)
        {
            throw new ArgumentException("--processes needs a store the processes can share: sqlite or postgres.");
        }

        return options;
    }

    /// <summary>The arguments a worker process is started with: the same run, minus what only the parent does.</summary>
    public IEnumerable<string> WorkerArguments(int index, string connection) =>
    [
        "--worker", Invariant(index),
        "--store", Store.ToString().ToLowerInvariant(),
        "--families", Invariant(Families),
        "--clients", Invariant(Clients),
        "--processes", Invariant(Processes),
        "--seed", Invariant(Seed),
        "--connection", connection,
        "--schema", Schema,
        .. MaxCommits is { } m ? ["--max-commits", Invariant(m)] : Array.Empty<string>(),
        .. Durable ? ["--durable"] : Array.Empty<string>(),
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static StoreKind ParseStore(string value) => value.ToLowerInvariant() switch
    {
        "inmemory" or "memory" => StoreKind.InMemory,
        "sqlite" => StoreKind.Sqlite,
        "postgres" or "postgresql" => StoreKind.Postgres,
        _ => throw new ArgumentException($"--store takes inmemory, sqlite or postgres; found '{value}'."),
    };
}
