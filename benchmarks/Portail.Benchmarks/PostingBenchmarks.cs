using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;
using Portail.Windows;

namespace Portail.Benchmarks;

/// <summary>The store a posting benchmark writes to.</summary>
public enum PostingStore
{
    /// <summary>A SQLite file (<c>UseSqliteStorage</c>, the adapter's defaults: WAL, synchronous=NORMAL).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>UsePostgresStorage</c>), from <c>PORTAIL_BENCH_POSTGRES</c>, <c>PORTAIL_RUSH_POSTGRES</c> or <c>PORTAIL_TEST_POSTGRES</c>.</summary>
    Postgres,
}

/// <summary>
/// Posting one day of attendance (R-WAL-4, R-TAR-2; issue 7): the canteen's sheet for 5,000 booked
/// children of the sample municipality, plus 50 present without a booking, through
/// <see cref="ConsumptionPosting.PostDayAsync"/> composed as an integrator composes it
/// (<c>AddPortail(...).Use…Storage(...)</c>) on a real store. <see cref="NewDay"/> posts a day never
/// posted (each iteration the next one: a day posted twice writes nothing); <see cref="Repost"/>
/// posts again a day already posted (reads the day's bookings, writes nothing). Each iteration is
/// one posting (<see cref="RunStrategy.Monitoring"/>), checked afterwards.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 8)]
public class PostingBenchmarks
{
    /// <summary>Children booked on each seeded day (two per family).</summary>
    public const int BookedChildren = 5_000;

    /// <summary>Children present without a booking on each posted day.</summary>
    public const int WalkIns = 50;

    /// <summary>Canteen days seeded (from Monday 8 January 2024): enough for the jitting, warm-up and measured postings, and the day reposted.</summary>
    public const int SeededDays = 14;

    private const string Schema = "bench_posting";
    private static readonly string[] PostgresVariables = ["PORTAIL_BENCH_POSTGRES", "PORTAIL_RUSH_POSTGRES", "PORTAIL_TEST_POSTGRES"];
    private static readonly TenantId Tenant = new("cestas");
    private static readonly AgentActor Clerk = new(Tenant, new LoginId("pointage"), new Dictionary<StructureId, AgentRole> { [new("scolaire")] = AgentRole.Clerk });
    private static readonly ActivityId Canteen = new("restauration");

    private ServiceProvider? _provider;
    private ConsumptionPosting _posting = null!;
    private List<AttendanceMark> _marks = null!;
    private List<LocalDate> _days = null!;
    private int _next;
    private LocalDate _day;
    private PostingReport? _report;
    private bool _repost;
    private ConsumptionPosting _readAndBill = null!;
    private ConsumptionPosting _billOnly = null!;
    private int _expectedMovements;
    private string _connection = string.Empty;

    /// <summary>The store: SQLite always; PostgreSQL when a connection string is set.</summary>
    [ParamsSource(nameof(Stores))]
    public PostingStore Store { get; set; }

    /// <summary>SQLite, and PostgreSQL unless no server is configured (then a line says why it is skipped).</summary>
    public static IEnumerable<PostingStore> Stores()
    {
        yield return PostingStore.Sqlite;
        if (PostgresConnection() is null)
        {
            Console.WriteLine("// PostingBenchmarks: PostgreSQL SKIPPED: no server. Set PORTAIL_BENCH_POSTGRES, or run eval \"$(bash build/postgres-for-rush.sh)\" (durable) or eval \"$(bash build/postgres-for-tests.sh)\" (fsync off) first.");
        }
        else
        {
            yield return PostingStore.Postgres;
        }
    }

    /// <summary>Composes Portail on a new, empty store and books the canteen for 5,000 children on <see cref="SeededDays"/> days.</summary>
    [GlobalSetup(Target = nameof(NewDay))]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Posts the day <see cref="Repost"/> posts again (the breakdown's benchmarks use that day too).</summary>
    [GlobalSetup(Targets = [nameof(Repost), nameof(ReadAndBill), nameof(BillOnly)])]
    public void SetupRepost()
    {
        Setup();
        _day = _days[^1];
        var first = Post();
        if (first.Posted != _expectedMovements)
        {
            throw new InvalidOperationException($"The first posting of {_day} wrote {first.Posted} movements, {_expectedMovements} expected.");
        }

        // The breakdown: the same use case over a ledger that checks the movements and writes
        // nothing, reading the day from the store, or from a list read once.
        var provider = _provider ?? throw new InvalidOperationException("Not set up.");
        var catalogue = provider.GetRequiredService<Catalogue>();
        var clock = provider.GetRequiredService<IClock>();
        var store = provider.GetRequiredService<IBookingStore>();
        var prices = provider.GetRequiredService<IPriceList>();
        var pricing = provider.GetRequiredService<IFamilyPricing>();
        _readAndBill = new ConsumptionPosting(catalogue, clock, store, new CheckingLedger(), prices, pricing);
        var day = store.GetDayBookingsAsync(Tenant, new DayKey(Canteen, _day)).AsTask().GetAwaiter().GetResult();
        _billOnly = new ConsumptionPosting(catalogue, clock, new OneDayBookings(day), new CheckingLedger(), prices, pricing);
    }

    /// <summary>The next day never posted.</summary>
    [IterationSetup(Target = nameof(NewDay))]
    public void NextDay()
    {
        if (_next >= _days.Count - 1)
        {
            throw new InvalidOperationException($"PostingBenchmarks seeded {SeededDays} days and every one is posted: raise SeededDays above the job's jitting + warm-up + measured iterations.");
        }

        _day = _days[_next++];
    }

    /// <summary>Checks what the iteration's posting did.</summary>
    [IterationCleanup]
    public void Check()
    {
        var expected = _report is null ? "no report" : null;
        if (_report is { } r)
        {
            // A repost finds every movement there; the others write them (the checking ledger counts them as written).
            var (posted, already) = _repost ? (0, _expectedMovements) : (_expectedMovements, 0);
            expected = r.Posted == posted && r.AlreadyPosted == already ? null : $"{r.Posted} written and {r.AlreadyPosted} already there, {posted} and {already} expected";
        }

        if (expected is not null)
        {
            throw new InvalidOperationException($"Posting {_day} on {Store}: {expected}.");
        }

        _report = null;
        _repost = false;
    }

    /// <summary>Posts a day not posted yet: 5,050 lines, 4,800 consumption movements written in one transaction.</summary>
    [Benchmark]
    public PostingReport NewDay() => _report = Post();

    /// <summary>Posts again the day posted in the set-up: the same reads and checks, nothing written.</summary>
    [Benchmark]
    public PostingReport Repost()
    {
        _repost = true;
        return _report = Post();
    }

    /// <summary>Breakdown: the same posting, the day's bookings read from the store, the movements checked (<see cref="WalletMovement.ThrowIfMalformed"/>) and not written.</summary>
    [Benchmark]
    public PostingReport ReadAndBill() => _report = Post(_readAndBill);

    /// <summary>Breakdown: the same posting over the day's bookings read once in the set-up (no I/O): the core's rules, prices, movement ids and checks.</summary>
    [Benchmark]
    public PostingReport BillOnly() => _report = Post(_billOnly);

    /// <summary>Disposes the services and removes the store's data.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        DropAsync().GetAwaiter().GetResult();
    }

    private PostingReport Post() => Post(_posting);

    private PostingReport Post(ConsumptionPosting posting) => posting.PostDayAsync(Clerk, Canteen, _day, _marks).GetAwaiter().GetResult().Match(
        report => report,
        refused => throw new InvalidOperationException($"The posting of {_day} was refused: {refused.Message}"));

    private static string? PostgresConnection() =>
        PostgresVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private async Task SetupAsync()
    {
        _connection = Store == PostingStore.Sqlite
            ? $"Data Source={Path.Combine(AppContext.BaseDirectory, $"portail-posting-{Environment.ProcessId}.db")}"
            : PostgresConnection() ?? throw new InvalidOperationException("No PostgreSQL connection string.");
        await DropAsync();

        var configuration = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("sample-municipality.json", optional: false).Build();
        var services = new ServiceCollection();
        var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var now = new LocalDateTime(2024, 3, 1, 12, 0).InZoneStrictly(zone).ToInstant();
        services.AddSingleton<IClock>(new FixedClock(now));
        var portail = services.AddPortail(configuration.GetSection("Portail"));
        _ = Store == PostingStore.Sqlite
            ? portail.UseSqliteStorage(_connection)
            : portail.UsePostgresStorage(o =>
            {
                o.ConnectionString = _connection;
                o.Schema = Schema;
            });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await _provider.GetRequiredService<IPortailStorage>().PrepareAsync(CancellationToken.None);
        _posting = _provider.GetRequiredService<ConsumptionPosting>();

        var tenant = _provider.GetRequiredService<Catalogue>()[Tenant];
        var canteen = tenant.FindActivity(Canteen) ?? throw new InvalidOperationException($"The sample municipality has no activity '{Canteen}'.");
        _days = [];
        for (var date = new LocalDate(2024, 1, 8); _days.Count < SeededDays; date = date.PlusDays(1))
        {
            if (BookingWindow.ServiceRefusal(tenant, canteen, date) is null)
            {
                _days.Add(date);
            }
        }

        // 2,500 families of two children, each booking the canteen on every seeded day, through the store's port.
        var store = _provider.GetRequiredService<IBookingStore>();
        var limits = new Dictionary<ActivityId, ActivityLimits> { [Canteen] = new(canteen.Capacity, canteen.WaitlistSize, canteen.ManualApproval) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, BookedChildren / 2),
            new ParallelOptions { MaxDegreeOfParallelism = Store == PostingStore.Postgres ? 4 : 1 },
            async (f, ct) =>
            {
                var family = FamilyOf(f);
                var lines = _days.SelectMany(d => new[] { ChildOf(2 * f), ChildOf((2 * f) + 1) }.Select(c => new BookingLine(new RequestKey(c, Canteen, d), null, null, canteen.Price))).ToList();
                var commit = new BookingCommit(Guid.NewGuid(), family, now - Duration.FromDays(90), lines, [], [], [], limits, []);
                var receipt = await store.CommitAsync(Tenant, commit, Arbitration.Plan, ct);
                if (receipt.Results.Count != lines.Count)
                {
                    throw new InvalidOperationException($"Seeding family {family}: {receipt.Results.Count} results for {lines.Count} lines.");
                }
            });
        var seeding = started.Elapsed;

        // The sheet: every booked child (1 in 20 absent with a justification, 1 in 20 without), and 50 present without a booking.
        _marks = Enumerable.Range(0, BookedChildren)
            .Select(i => new AttendanceMark(ChildOf(i), FamilyOf(i / 2), (i % 20) switch { 0 => Attendance.AbsentJustified, 1 => Attendance.AbsentUnjustified, _ => Attendance.Present }))
            .Concat(Enumerable.Range(0, WalkIns).Select(i => new AttendanceMark(new ChildId($"sans-reservation-{i:D3}"), FamilyOf(i * 7), Attendance.PresentWithoutBooking)))
            .ToList();
        _expectedMovements = _marks.Count(m => tenant.Billing.Bills(m.Attendance));
        var booked = (await store.GetDayBookingsAsync(Tenant, new DayKey(Canteen, _days[0]))).Count(b => b.Status == BookingStatus.Accepted);
        if (booked != BookedChildren)
        {
            throw new InvalidOperationException($"{_days[0]} has {booked} accepted canteen bookings, {BookedChildren} expected.");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// PostingBenchmarks {Store}: seeded {BookedChildren} children × {SeededDays} days ({_days[0]}..{_days[^1]}) = {BookedChildren * SeededDays} bookings in {seeding.TotalSeconds:F1} s; sheet of {_marks.Count} lines, {_expectedMovements} movements per day"));
    }

    private async Task DropAsync()
    {
        if (Store == PostingStore.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(_connection).DataSource;
            if (!string.IsNullOrEmpty(file))
            {
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }
            }
        }
        else if (!string.IsNullOrEmpty(_connection))
        {
            await using var data = NpgsqlDataSource.Create(_connection);
            await using var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A ledger that checks the movements as the stores do and writes nothing; it answers that all were new.</summary>
    private sealed class CheckingLedger : IWalletLedger
    {
        public ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < movements.Count; i++)
            {
                movements[i].ThrowIfMalformed($"movements[{i}]");
            }

            return ValueTask.FromResult(movements.Count);
        }

        public ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>One day's bookings, read once from the store.</summary>
    private sealed class OneDayBookings(IReadOnlyList<ChildBooking> day) : IBookingStore
    {
        public ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey key, CancellationToken cancellationToken = default) => ValueTask.FromResult(day);

        public ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey key, ActivityLimits limits, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static FamilyId FamilyOf(int index) => new($"famille-{index:D4}");

    private static ChildId ChildOf(int index) => new($"enfant-{index:D4}");
}
