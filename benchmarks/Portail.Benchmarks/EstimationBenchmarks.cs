using System.Globalization;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;

namespace Portail.Benchmarks;

/// <summary>
/// "Paiement et solde" (R-WAL-2, R-WAL-4; issue 7 target: under 50 µs): <see cref="BalanceEstimation.EstimateAsync"/>
/// for a family of three children with a school year of bookings (<see cref="FamilyYear"/>),
/// estimated to the last day of school, counting the confirmed bookings, or the confirmed and the
/// pending ones. The ports answer from lists built in <see cref="Setup"/> (synchronously, the same
/// list each time): what is measured is the use case's own computation, not a store.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class EstimationBenchmarks
{
    private BalanceEstimation _estimation = null!;
    private FamilyScope _scope = null!;

    /// <summary>The municipality's <see cref="BillingRules.DebitDaysInAdvance"/>: 0 (debited when consumed, the default) or 15 (one town's rule, R-WAL-4).</summary>
    [Params(0, 15)]
    public int DebitDaysInAdvance { get; set; }

    /// <summary>Builds the family's year and the canned ports, and checks the estimate once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var year = FamilyYear.Build(DebitDaysInAdvance);
        var balances = year.Ledger.GroupBy(m => m.Wallet).Select(g => new WalletBalance(g.Key, g.Sum(m => m.Amount))).OrderBy(b => b.Wallet.Value, StringComparer.Ordinal).ToList();
        _estimation = new BalanceEstimation(year.Catalogue, new FixedClock(year.Now), new CannedLedger(balances), new CannedBookings(year.Bookings));
        _scope = new FamilyScope(new FamilyActor(FamilyYear.TenantId, new LoginId(FamilyYear.Family.Value), FamilyYear.Family, new HashSet<ChildId>()), FamilyYear.School);

        // Once outside the measurement: fills the canned answers and shows what is estimated.
        var confirmed = Confirmed().GetAwaiter().GetResult();
        var pending = ConfirmedAndPending().GetAwaiter().GetResult();
        var byStatus = string.Join(", ", year.Bookings.GroupBy(b => b.Status).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// FamilyYear: {year.Bookings.Count} bookings ({byStatus}), {year.Ledger.Count} ledger movements; DebitDaysInAdvance {DebitDaysInAdvance}; "
            + $"confirmed: balance {confirmed.Wallets[0].Balance} reservations {confirmed.Reservations} estimated {confirmed.Estimated}; "
            + $"with pending: reservations {pending.Reservations} estimated {pending.Estimated}"));
    }

    /// <summary>The estimate to the last day of school, confirmed bookings only (the page's default).</summary>
    [Benchmark(Baseline = true)]
    public Task<BalanceEstimate> Confirmed() => _estimation.EstimateAsync(_scope, FamilyYear.LastDay, includePending: false);

    /// <summary>The same, with the bookings awaiting an answer or on a waiting list ("En attente").</summary>
    [Benchmark]
    public Task<BalanceEstimate> ConfirmedAndPending() => _estimation.EstimateAsync(_scope, FamilyYear.LastDay, includePending: true);

    /// <summary>The balances of the ledger, summed once.</summary>
    private sealed class CannedLedger(IReadOnlyList<WalletBalance> balances) : IWalletLedger
    {
        public ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) => ValueTask.FromResult(balances);

        public ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>The family's bookings over a run of days, filtered once per run of days and then answered from memory.</summary>
    private sealed class CannedBookings(IReadOnlyList<ChildBooking> all) : IBookingStore
    {
        private readonly Dictionary<DateInterval, IReadOnlyList<ChildBooking>> _answers = [];

        public ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
        {
            if (!_answers.TryGetValue(days, out var list))
            {
                _answers[days] = list = all.Where(b => days.Contains(b.Date)).ToList();
            }

            return ValueTask.FromResult(list);
        }

        public ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey day, ActivityLimits limits, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey day, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
