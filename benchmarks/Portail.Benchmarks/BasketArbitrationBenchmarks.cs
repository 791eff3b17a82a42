using BenchmarkDotNet.Attributes;
using NodaTime;
using Portail.Booking;
using Portail.InMemory;

namespace Portail.Benchmarks;

/// <summary>
/// Arbitration of one family's 40-line basket (R-BSK-2, R-BSK-3; issue 3 target: under 20 µs per
/// basket, in memory): eight weeks of canteen (Monday, Tuesday, Thursday, Friday) and the Wednesday
/// centre, whose days are nearly full (some lines go to the waiting list or are refused).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BasketArbitrationBenchmarks
{
    private static readonly ActivityId Canteen = new("restauration");
    private static readonly ActivityId Centre = new("alsh-36-mercredi-journee");
    private static readonly TenantId Tenant = new("cestas");
    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new()
    {
        [Canteen] = new(null, 0, false),
        [Centre] = new(24, 6, false),
    };

    private BookingCommit _commit = null!;
    private Dictionary<DayKey, DayLedger> _days = null!;
    private InMemoryBookingStore _store = null!;
    private long _family;

    /// <summary>Builds the basket and the days' ledgers (the centre at 23 of 24 places on even weeks, full on odd ones).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _commit = CommitFor("dupont");
        _days = _commit.Days.ToDictionary(d => d, d => d.Activity == Centre
            ? new DayLedger(d, 24, 6, 23 + (d.Date.Day % 2), [])
            : new DayLedger(d, null, 0, 0, []));
        _store = new InMemoryBookingStore();
    }

    /// <summary>The pure rule: plan the 40 lines against current, locked days.</summary>
    [Benchmark(Baseline = true)]
    public CommitPlan Plan()
    {
        var sequence = 0L;
        return Arbitration.Plan(_commit, _days, new Dictionary<RequestKey, ChildBooking>(), () => ++sequence);
    }

    /// <summary>The same basket committed to the in-memory store (lock, ledgers, plan, writes, receipt), a new family each time.</summary>
    [Benchmark]
    public ValueTask<CommitReceipt> CommitInMemory() =>
        _store.CommitAsync(Tenant, CommitFor($"f{++_family}"), Arbitration.Plan);

    private static BookingCommit CommitFor(string family)
    {
        var child = new ChildId(family + "-child");
        var lines = new List<BookingLine>(40);
        var monday = new LocalDate(2023, 11, 6);
        for (var week = 0; week < 8; week++)
        {
            for (var day = 0; day < 5; day++)
            {
                var date = monday.PlusWeeks(week).PlusDays(day);
                lines.Add(new BookingLine(new RequestKey(child, day == 2 ? Centre : Canteen, date), null, null, day == 2 ? 6.65m : 3.50m));
            }
        }

        return new BookingCommit(Guid.NewGuid(), new FamilyId(family), default, lines, [], [], [], Limits, []);
    }
}
