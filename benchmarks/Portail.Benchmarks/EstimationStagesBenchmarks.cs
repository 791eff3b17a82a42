using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;

namespace Portail.Benchmarks;

/// <summary>
/// Where the time of <see cref="EstimationBenchmarks"/> goes: the loop of <see cref="BalanceEstimation.EstimateAsync"/>
/// over the family's year (confirmed bookings, debited when consumed), without the ports, in
/// stages; and the same result computed in one pass. These are copies made for the measurement,
/// not Portail's code: <see cref="AsInSource"/> is the source's LINQ pipeline verbatim, the
/// others are what a change could make of it. Each result is checked against <see cref="AsInSource"/>
/// in <see cref="Setup"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class EstimationStagesBenchmarks
{
    private Tenant _tenant = null!;
    private IReadOnlyList<ChildBooking> _bookings = null!;
    private Dictionary<WalletTypeId, decimal> _balances = null!;
    private LocalDate _firstNotDebited;
    private readonly StructureId _structure = FamilyYear.School;

    /// <summary>The year's bookings from the first day of school to the last, and the balances.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var year = FamilyYear.Build(0);
        _tenant = year.Tenant;
        _bookings = year.Bookings.Where(b => b.Date >= FamilyYear.FirstDay && b.Date <= FamilyYear.LastDay).ToList();
        _balances = year.Ledger.GroupBy(m => m.Wallet).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount));
        _firstNotDebited = FamilyYear.FirstDay;
        var expected = AsInSource();
        foreach (var (name, actual) in new[] { (nameof(SinglePass), SinglePass()), (nameof(SinglePassLastActivity), SinglePassLastActivity()) })
        {
            if (!actual.SequenceEqual(expected))
            {
                throw new InvalidOperationException($"{name} does not compute what the source computes.");
            }
        }
    }

    /// <summary>(1) The status and date filter alone.</summary>
    [Benchmark]
    public int FilterOnly() => _bookings.Count(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited);

    /// <summary>(2) The filter and each booking's activity looked up in the catalogue, with the structure filter.</summary>
    [Benchmark]
    public int FilterAndFindActivity() => _bookings
        .Where(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited)
        .Select(b => (Booking: b, Activity: _tenant.FindActivity(b.Activity)))
        .Count(x => x.Activity is not null && x.Activity.Structure == _structure);

    /// <summary>(3) The source's pipeline verbatim: filter, look up, GroupBy wallet, ToDictionary of sums, then the wallets.</summary>
    [Benchmark(Baseline = true)]
    public List<WalletEstimate> AsInSource()
    {
        var costs = _bookings
            .Where(b => (b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited) || (false && b.Status is BookingStatus.AwaitingAnswer or BookingStatus.Waitlisted))
            .Select(b => (Booking: b, Activity: _tenant.FindActivity(b.Activity)))
            .Where(x => x.Activity is not null && x.Activity.Structure == _structure)
            .GroupBy(x => x.Activity!.Wallet)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Booking.Cost));
        return Wallets(costs);
    }

    /// <summary>(4) One pass: the sums accumulated in a dictionary per wallet, no grouping.</summary>
    [Benchmark]
    public List<WalletEstimate> SinglePass()
    {
        var costs = new Dictionary<WalletTypeId, decimal>();
        foreach (var b in _bookings)
        {
            if ((b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited) && _tenant.FindActivity(b.Activity) is { } activity && activity.Structure == _structure)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(costs, activity.Wallet, out _) += b.Cost;
            }
        }

        return Wallets(costs);
    }

    /// <summary>(5) One pass, the activity looked up only when it changes from the previous booking's (a store returns them by date, so runs are short but frequent).</summary>
    [Benchmark]
    public List<WalletEstimate> SinglePassLastActivity()
    {
        var costs = new Dictionary<WalletTypeId, decimal>();
        ActivityId lastId = default;
        Activity? last = null;
        foreach (var b in _bookings)
        {
            if (!(b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited))
            {
                continue;
            }

            if (last is null || !ReferenceEquals(lastId.Value, b.Activity.Value) && lastId != b.Activity)
            {
                last = _tenant.FindActivity(b.Activity);
                lastId = b.Activity;
            }

            if (last is not null && last.Structure == _structure)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(costs, last.Wallet, out _) += b.Cost;
            }
        }

        return Wallets(costs);
    }

    private List<WalletEstimate> Wallets(Dictionary<WalletTypeId, decimal> costs) => _tenant.WalletTypes
        .Where(w => w.Structure == _structure)
        .Select(w =>
        {
            var balance = _balances.GetValueOrDefault(w.Id);
            var cost = costs.GetValueOrDefault(w.Id);
            return new WalletEstimate(w, balance, cost, Math.Max(0, cost - balance));
        })
        .ToList();
}
