using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Portail.Booking;
using Portail.Families;

namespace Portail.Rush;

/// <summary>
/// Portail composed as an integrator composes it (<c>AddPortail(...).Use…Storage(...)</c>) on the
/// chosen store, with the scenario's fixed clock; the use cases and the store ports it resolves.
/// </summary>
internal sealed class RushStore : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private RushStore(ServiceProvider provider, StoreKind kind, string connection)
    {
        _provider = provider;
        Kind = kind;
        Connection = connection;
        Bookings = provider.GetRequiredService<BookingService>();
        Store = provider.GetRequiredService<IBookingStore>();
        Directory = provider.GetRequiredService<IFamilyDirectory>();
        Clock = provider.GetRequiredService<FakeClock>();
    }

    /// <summary>The clock of this composition, at the scenario's instant except while early arrivals are tried.</summary>
    public FakeClock Clock { get; }

    public StoreKind Kind { get; }

    /// <summary>The connection string in use (empty in memory).</summary>
    public string Connection { get; }

    public BookingService Bookings { get; }

    public IBookingStore Store { get; }

    public IFamilyDirectory Directory { get; }

    /// <summary>What the report says about the store.</summary>
    public string Description(RushOptions options) => Kind switch
    {
        StoreKind.InMemory => "in memory (InMemoryBookingStore: one lock per tenant)",
        StoreKind.Sqlite => $"SQLite file {new SqliteConnectionStringBuilder(Connection).DataSource}, WAL, synchronous={(options.Durable ? "FULL" : "NORMAL")}",
        _ => PostgresDescription(options),
    };

    /// <summary>The connection string a run uses: the option, or the store's default.</summary>
    public static string ResolveConnection(RushOptions options) => options.Store switch
    {
        StoreKind.InMemory => string.Empty,
        StoreKind.Sqlite => options.Connection ?? $"Data Source={Path.Combine(Path.GetTempPath(), $"portail-rush-{Environment.ProcessId}.db")}",
        _ => options.Connection
            ?? Environment.GetEnvironmentVariable("PORTAIL_RUSH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("PORTAIL_TEST_POSTGRES")
            ?? throw new ArgumentException("--store postgres needs --connection, or PORTAIL_RUSH_POSTGRES (eval \"$(bash build/postgres-for-rush.sh)\"), or PORTAIL_TEST_POSTGRES."),
    };

    /// <summary>Starts from nothing: deletes the SQLite file, or drops the PostgreSQL schema (the driver's own).</summary>
    public static async Task ResetAsync(RushOptions options, string connection)
    {
        switch (options.Store)
        {
            case StoreKind.Sqlite:
                DeleteSqliteFile(connection);
                break;
            case StoreKind.Postgres:
                await using (var data = NpgsqlDataSource.Create(connection))
                {
                    await using var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS \"{options.Schema}\" CASCADE");
                    await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Deletes a SQLite database file with its WAL and shared-memory files.</summary>
    public static void DeleteSqliteFile(string connection)
    {
        SqliteConnection.ClearAllPools();
        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }

    /// <summary>Composes Portail on the store of <paramref name="options"/>, the clock fixed at the scenario's instant.</summary>
    public static RushStore Open(RushOptions options, string connection, Scenario scenario)
    {
        var services = new ServiceCollection();
        var clock = new FakeClock(scenario.Now);
        services.AddSingleton<IClock>(clock);
        services.AddSingleton(clock);
        var portail = services.AddPortail(scenario.Configuration.GetSection("Portail"));
        _ = options.Store switch
        {
            StoreKind.InMemory => portail.UseInMemoryStorage(),
            StoreKind.Sqlite => portail.UseSqliteStorage(o =>
            {
                o.ConnectionString = connection;
                o.DurableAgainstPowerLoss = options.Durable;
            }),
            _ => portail.UsePostgresStorage(o =>
            {
                o.ConnectionString = connection;
                o.Schema = options.Schema;
                if (options.MaxCommits is { } m)
                {
                    o.MaxConcurrentCommits = m;
                }
            }),
        };
        return new RushStore(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), options.Store, connection);
    }

    /// <summary>Records <paramref name="children"/> in <paramref name="tenant"/> through the family directory port, several at once on PostgreSQL.</summary>
    public async Task SeedAsync(TenantId tenant, IEnumerable<Child> children, int parallelism) =>
        await Parallel.ForEachAsync(
            children,
            new ParallelOptions { MaxDegreeOfParallelism = Kind == StoreKind.Postgres ? parallelism : 1 },
            async (child, ct) => await Directory.SaveChildAsync(tenant, child, ct).ConfigureAwait(false)).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync().ConfigureAwait(false);

    private string PostgresDescription(RushOptions options)
    {
        var b = new NpgsqlConnectionStringBuilder(Connection);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}, schema \"{options.Schema}\", MaxConcurrentCommits {options.MaxCommits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default (8)"} per process";
    }
}
