using NodaTime;
using Portail.Booking;
using Portail.Families;

namespace Portail.InMemory;

/// <summary>
/// The in-memory store of bookings, for tests, demos and quick starts; it passes the same contract
/// suite as the SQLite and PostgreSQL stores. One lock per tenant holds the days while a commit is
/// planned and written (ARCHITECTURE.md must 4), its journal recorded and its mails put in the
/// outbox (ARCHITECTURE.md must 6). Nothing survives a restart.
/// </summary>
public sealed class InMemoryBookingStore : IBookingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TenantId, TenantData> _tenants = [];
    private readonly InMemoryMailOutbox _outbox;
    private readonly InMemoryFamilyDirectory _families;

    /// <summary>A store with an outbox and a directory of its own (see <see cref="Outbox"/>): for tests of the bookings alone.</summary>
    public InMemoryBookingStore()
        : this(new InMemoryMailOutbox(), new InMemoryFamilyDirectory())
    {
    }

    /// <summary>A store that writes the mails of its commits and transmissions to <paramref name="outbox"/> and reads the families' contacts from <paramref name="families"/> (what <c>UseInMemoryStorage</c> builds).</summary>
    public InMemoryBookingStore(InMemoryMailOutbox outbox, InMemoryFamilyDirectory families)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(families);
        _outbox = outbox;
        _families = families;
    }

    /// <summary>The outbox the store writes its mails to.</summary>
    public InMemoryMailOutbox Outbox => _outbox;

    /// <summary>
    /// Records a booking as it is, without arbitration: for demo data and test fixtures only. It
    /// replaces the child's booking of the same activity and day and keeps the day counts right.
    /// </summary>
    public void Record(TenantId tenant, ChildBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var data = Data(tenant);
        lock (data)
        {
            if (data.Bookings.TryGetValue(booking.Key, out var old))
            {
                data.Remove(old);
            }

            data.Add(booking with { Sequence = booking.Sequence == 0 ? ++data.Sequence : booking.Sequence });
        }
    }

    /// <inheritdoc />
    public ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(planner);
        Identifier.Check(tenant.Value, nameof(tenant));
        commit.ThrowIfMalformed();
        var data = Data(tenant);
        lock (data)
        {
            var receipt = data.Apply(commit, planner, out var journal);
            if (journal is not null)
            {
                // Under the tenant's lock, like the bookings: nobody sees the commit without its mails.
                _outbox.Add(journal.Mails);
            }

            return ValueTask.FromResult(receipt);
        }
    }

    /// <inheritdoc />
    public ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planner);
        Identifier.Check(tenant.Value, nameof(tenant));
        var data = Data(tenant);
        lock (data)
        {
            var movements = data.Movements.Where(m => m.At < until).ToList();
            var mails = planner(movements, _families.Contacts(tenant, movements.Select(m => m.Family)));
            for (var i = 0; i < mails.Count; i++)
            {
                mails[i].ThrowIfMalformed($"planner's mails[{i}]");
            }

            var reports = _outbox.Add(mails);
            data.Movements.RemoveAll(m => m.At < until);
            var bookings = data.Bookings.Values.Where(b => !b.Transmitted && b.RecordedAt < until).ToList();
            foreach (var b in bookings)
            {
                data.Remove(b);
                data.Add(b with { Transmitted = true });
            }

            return ValueTask.FromResult(new TransmissionResult(movements.Count, bookings.Count, reports));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        var data = Data(tenant);
        lock (data)
        {
            IReadOnlyList<ChildBooking> list = data.ByChild.TryGetValue(child, out var set)
                ? set.Values.Where(b => days.Contains(b.Date)).OrderBy(b => b.Date).ThenBy(b => b.Sequence).ToList()
                : [];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default)
    {
        var data = Data(tenant);
        lock (data)
        {
            return ValueTask.FromResult(data.Receipts.TryGetValue(submissionId, out var receipt) ? receipt with { Replayed = true } : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        var data = Data(tenant);
        lock (data)
        {
            IReadOnlyList<ChildBooking> list = data.Bookings.Values
                .Where(b => b.Family == family && days.Contains(b.Date))
                .OrderBy(b => b.Date).ThenBy(b => b.Sequence).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(days);
        var data = Data(tenant);
        lock (data)
        {
            IReadOnlyList<DayCount> list = data.Days
                .Where(d => days.Contains(d.Key.Date) && activities.Contains(d.Key.Activity))
                .Select(d => new DayCount(d.Key.Activity, d.Key.Date, d.Value.Accepted, d.Value.Waiting.Count))
                .ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey day, ActivityLimits limits, CancellationToken cancellationToken = default)
    {
        var data = Data(tenant);
        lock (data)
        {
            return ValueTask.FromResult(data.Ledger(day, limits));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey day, CancellationToken cancellationToken = default)
    {
        var data = Data(tenant);
        lock (data)
        {
            IReadOnlyList<ChildBooking> list = data.Bookings.Values.Where(b => b.Activity == day.Activity && b.Date == day.Date).OrderBy(b => b.Sequence).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var data = Data(tenant);
        lock (data)
        {
            IReadOnlyList<ChildBooking> list = data.Bookings.Values.Where(b => b.Status == BookingStatus.AwaitingAnswer).OrderBy(b => b.Sequence).ToList();
            return ValueTask.FromResult(list);
        }
    }

    private TenantData Data(TenantId tenant)
    {
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var data))
            {
                _tenants[tenant] = data = new TenantData(tenant);
            }

            return data;
        }
    }

    private sealed class DayRecord
    {
        public int? CapacityOverride { get; set; }

        public int Accepted { get; set; }

        public List<ChildBooking> Waiting { get; } = [];
    }

    private sealed class TenantData(TenantId tenant)
    {
        public Dictionary<RequestKey, ChildBooking> Bookings { get; } = [];

        public Dictionary<ChildId, Dictionary<RequestKey, ChildBooking>> ByChild { get; } = [];

        public Dictionary<DayKey, DayRecord> Days { get; } = [];

        public Dictionary<Guid, CommitReceipt> Receipts { get; } = [];

        /// <summary>The movements not transmitted yet, in the order they were recorded.</summary>
        public List<BookingMovement> Movements { get; } = [];

        public long Sequence { get; set; }

        public CommitReceipt Apply(BookingCommit commit, CommitPlanner planner, out CommitJournal? journal)
        {
            journal = null;
            if (Receipts.TryGetValue(commit.SubmissionId, out var first))
            {
                return first with { Replayed = true };
            }

            var days = commit.Days.ToDictionary(d => d, d => Ledger(d, commit.Limits[d.Activity]));
            var existing = new Dictionary<RequestKey, ChildBooking>();
            foreach (var key in commit.Keys)
            {
                if (Bookings.TryGetValue(key, out var b))
                {
                    existing[key] = b;
                }
            }

            var sequence = Sequence;
            var plan = planner(commit, days, existing, () => ++sequence);
            foreach (var b in plan.Deleted)
            {
                Remove(b);
            }

            foreach (var b in plan.Updated)
            {
                Remove(Bookings[b.Key]);
                Add(b);
            }

            foreach (var b in plan.Inserted)
            {
                Add(b);
            }

            Sequence = sequence;

            foreach (var change in commit.CapacityChanges)
            {
                Day(change.Day).CapacityOverride = change.Capacity;
            }

            journal = CommitJournal.Of(tenant, commit, plan);
            Movements.AddRange(journal.Movements);
            var receipt = new CommitReceipt(commit.SubmissionId, false, plan.Results, plan.Promoted);
            Receipts[commit.SubmissionId] = receipt;
            return receipt;
        }

        public DayLedger Ledger(DayKey key, ActivityLimits limits)
        {
            Days.TryGetValue(key, out var d);
            return new DayLedger(key, d?.CapacityOverride ?? limits.Capacity, limits.WaitlistSize, d?.Accepted ?? 0, d?.Waiting.ToList() ?? []);
        }

        public void Add(ChildBooking b)
        {
            Bookings[b.Key] = b;
            if (!ByChild.TryGetValue(b.Child, out var set))
            {
                ByChild[b.Child] = set = [];
            }

            set[b.Key] = b;
            var day = Day(new DayKey(b.Activity, b.Date));
            if (b.Status == BookingStatus.Accepted)
            {
                day.Accepted++;
            }
            else if (b.Status == BookingStatus.Waitlisted)
            {
                var at = day.Waiting.FindIndex(w => w.Sequence > b.Sequence);
                day.Waiting.Insert(at < 0 ? day.Waiting.Count : at, b);
            }
        }

        public void Remove(ChildBooking b)
        {
            Bookings.Remove(b.Key);
            ByChild[b.Child].Remove(b.Key);
            var day = Day(new DayKey(b.Activity, b.Date));
            if (b.Status == BookingStatus.Accepted)
            {
                day.Accepted--;
            }
            else if (b.Status == BookingStatus.Waitlisted)
            {
                day.Waiting.RemoveAll(w => w.Key == b.Key);
            }
        }

        private DayRecord Day(DayKey key)
        {
            if (!Days.TryGetValue(key, out var d))
            {
                Days[key] = d = new DayRecord();
            }

            return d;
        }
    }
}
