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
/// not Portail's code: <see cref="AsInSource"/> is the source's LINQ pipeline verbatim as it was
/// before main's f713cc9 (one pass, string-keyed: <see cref="SinglePassStringKeyed"/>), the
/// others are what a change could make of it. Each result is checked against <see cref="AsInSource"/>
/// in <see cref="Setup"/>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class EstimationStagesBenchmarks
{
    private Tenant _tenant = null!;
    private IReadOnlyList<ChildBooking> _bookings = null!;
    private Dictionary<WalletTypeId, decimal> _balances = null!;
    private Dictionary<string, Activity> _byString = null!;
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
        _byString = _tenant.Activities.ToDictionary(a => a.Id.Value, StringComparer.Ordinal);
        var expected = AsInSource();
        foreach (var (name, actual) in new[] { (nameof(SinglePass), SinglePass()), (nameof(SinglePassLastActivity), SinglePassLastActivity()), (nameof(SinglePassStringKeyed), SinglePassStringKeyed()), (nameof(SinglePassNoHashing), SinglePassNoHashing()) })
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

    /// <summary>(1b) The filter and the sum of the costs, in <see cref="decimal"/>, without looking anything up.</summary>
    [Benchmark]
    public decimal FilterAndSum() => _bookings.Where(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited).Sum(b => b.Cost);

    /// <summary>(1c) The filter and the sum of the costs in cents, as <see cref="long"/>.</summary>
    [Benchmark]
    public long FilterAndSumCents() => _bookings.Where(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited).Sum(b => (long)(b.Cost * 100));

    /// <summary>(2) The filter and each booking's activity looked up in the catalogue, with the structure filter.</summary>
    [Benchmark]
    public int FilterAndFindActivity() => _bookings
        .Where(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited)
        .Select(b => (Booking: b, Activity: _tenant.FindActivity(b.Activity)))
        .Count(x => x.Activity is not null && x.Activity.Structure == _structure);

    /// <summary>(2b) The same, the activity looked up in a dictionary keyed by the id's string (the runtime then hashes it without randomisation).</summary>
    [Benchmark]
    public int FilterAndFindActivityStringKeyed() => _bookings
        .Where(b => b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited)
        .Select(b => (Booking: b, Activity: _byString.GetValueOrDefault(b.Activity.Value)))
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

            if (last is null || lastId != b.Activity)
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

    /// <summary>(6) One pass, the activity looked up by the id's string: what (2b) and (4) together give.</summary>
    [Benchmark]
    public List<WalletEstimate> SinglePassStringKeyed()
    {
        var costs = new Dictionary<WalletTypeId, decimal>();
        foreach (var b in _bookings)
        {
            if ((b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited) && _byString.GetValueOrDefault(b.Activity.Value) is { } activity && activity.Structure == _structure)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(costs, activity.Wallet, out _) += b.Cost;
            }
        }

        return Wallets(costs);
    }

    /// <summary>
    /// (7) One pass without hashing: the few activities met so far in a small list scanned in order
    /// (a family meets a dozen), each with the index of its wallet's sum; no dictionary, no grouping.
    /// </summary>
    [Benchmark]
    public List<WalletEstimate> SinglePassNoHashing()
    {
        var seen = new List<(string Id, int Wallet)>(16);
        var wallets = new List<WalletTypeId>(4);
        Span<decimal> sums = stackalloc decimal[8];
        foreach (var b in _bookings)
        {
            if (!(b.Status == BookingStatus.Accepted && b.Date >= _firstNotDebited))
            {
                continue;
            }

            var id = b.Activity.Value;
            var slot = -2;
            foreach (var (known, wallet) in seen)
            {
                if (string.Equals(known, id, StringComparison.Ordinal))
                {
                    slot = wallet;
                    break;
                }
            }

            if (slot == -2)
            {
                // First time this activity is met: -1 when it is unknown or of another structure.
                slot = _tenant.FindActivity(b.Activity) is { } activity && activity.Structure == _structure ? IndexOf(wallets, activity.Wallet) : -1;
                seen.Add((id, slot));
            }

            if (slot >= 0)
            {
                sums[slot] += b.Cost;
            }
        }

        var costs = new Dictionary<WalletTypeId, decimal>(wallets.Count);
        for (var i = 0; i < wallets.Count; i++)
        {
            costs[wallets[i]] = sums[i];
        }

        return Wallets(costs);

        static int IndexOf(List<WalletTypeId> wallets, WalletTypeId wallet)
        {
            var i = wallets.IndexOf(wallet);
            if (i < 0)
            {
                wallets.Add(wallet);
                i = wallets.Count - 1;
            }

            return i;
        }
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
