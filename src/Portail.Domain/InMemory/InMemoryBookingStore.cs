using NodaTime;
using Portail.Booking;

namespace Portail.InMemory;

/// <summary>
/// The in-memory store of bookings, for tests, demos and quick starts; it honours the same contract
/// as the SQLite and PostgreSQL stores. Thread-safe. Counts are derived from the bookings recorded.
/// </summary>
public sealed class InMemoryBookingStore : IBookingReader
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TenantId, Dictionary<(ChildId, ActivityId, LocalDate), ChildBooking>> _bookings = [];

    /// <summary>Records a booking, replacing the child's booking of the same activity and day.</summary>
    public void Record(TenantId tenant, ChildBooking booking)
    {
        ArgumentNullException.ThrowIfNull(booking);
        lock (_gate)
        {
            if (!_bookings.TryGetValue(tenant, out var map))
            {
                _bookings[tenant] = map = [];
            }

            map[(booking.Child, booking.Activity, booking.Date)] = booking;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        lock (_gate)
        {
            IReadOnlyList<ChildBooking> list = _bookings.TryGetValue(tenant, out var map)
                ? map.Values.Where(b => b.Child == child && days.Contains(b.Date)).OrderBy(b => b.Date).ToList()
                : [];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(days);
        lock (_gate)
        {
            IReadOnlyList<DayCount> list = _bookings.TryGetValue(tenant, out var map)
                ? map.Values
                    .Where(b => days.Contains(b.Date) && activities.Contains(b.Activity))
                    .GroupBy(b => (b.Activity, b.Date))
                    .Select(g => new DayCount(
                        g.Key.Activity,
                        g.Key.Date,
                        g.Count(b => b.Status == BookingStatus.Accepted),
                        g.Count(b => b.Status == BookingStatus.Waitlisted)))
                    .ToList()
                : [];
            return ValueTask.FromResult(list);
        }
    }
}
