using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Windows;

namespace Portail.Calendar;

/// <summary>
/// The day states of the booking calendar (R-CAL-2, R-CAL-3), as pure functions of
/// <see cref="CalendarFacts"/>. The windows decide what may be done (R-WIN); these rules only
/// combine their answers with what is booked, pending and left.
/// </summary>
public static class CalendarRules
{
    /// <summary>The calendar of one activity over <paramref name="days"/> (R-CAL-2).</summary>
    public static ActivityCalendar ForActivity(CalendarFacts facts, Activity activity, DateInterval days)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(days);
        var index = new DayIndex(facts, days);
        return new ActivityCalendar(facts.Tenant, facts.Child, activity, days, Cells(facts, activity, days, index));
    }

    /// <summary>The calendar of all <paramref name="activities"/> over <paramref name="days"/> (R-CAL-3).</summary>
    public static OverviewCalendar ForChild(CalendarFacts facts, IReadOnlyList<Activity> activities, DateInterval days)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(days);
        var index = new DayIndex(facts, days);
        var n = days.Length;
        var flags = new Flags[n];
        foreach (var activity in activities)
        {
            var cells = Cells(facts, activity, days, index);
            for (var i = 0; i < n; i++)
            {
                flags[i] |= FlagOf(cells[i]);
            }
        }

        var result = new OverviewDay[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new OverviewDay(days.Start.PlusDays(i), Combine(flags[i]));
        }

        return new OverviewCalendar(facts.Child, days, result);
    }

    /// <summary>The activities of one day with their cells (R-CAL-4): those the child may attend and that run that day.</summary>
    public static IReadOnlyList<(Activity Activity, DayCell Cell)> ForDay(CalendarFacts facts, IReadOnlyList<Activity> activities, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(activities);
        var days = new DateInterval(date, date);
        var index = new DayIndex(facts, days);
        var list = new List<(Activity, DayCell)>();
        foreach (var activity in activities)
        {
            var cell = Cells(facts, activity, days, index)[0];
            if (cell.Why?.Reason is not (RefusalReason.NoService or RefusalReason.NotEligible) || cell.Booking is not null)
            {
                list.Add((activity, cell));
            }
        }

        return list;
    }

    /// <summary>The state of a day over all activities, from what its activities show (R-CAL-3; precedence on <see cref="OverviewState"/>).</summary>
    internal static OverviewState Combine(Flags f)
    {
        var waiting = (f & Flags.Waiting) != 0;
        var booked = (f & Flags.Booked) != 0;
        var action = (f & Flags.Action) != 0;
        return true switch
        {
            _ when waiting && !action => OverviewState.WaitlistedOrRefusedSeeFollowUp,
            _ when booked && waiting => OverviewState.RequestedWithWaitlistOrRefused,
            _ when booked && action => OverviewState.BookedActionPossible,
            _ when booked => OverviewState.BookedNoAction,
            _ when waiting => OverviewState.WaitlistedOrRefusedCancellable,
            _ when (f & Flags.Available) != 0 => OverviewState.Available,
            _ when (f & Flags.WaitlistOnly) != 0 => OverviewState.WaitlistOnly,
            _ when (f & Flags.Full) != 0 => OverviewState.AllFull,
            _ => OverviewState.NotOpen,
        };
    }

    internal static Flags FlagOf(DayCell cell) => cell.State switch
    {
        DayState.Full => Flags.Full,
        DayState.Available => Flags.Available | Flags.Action,
        DayState.WaitlistOnly => Flags.WaitlistOnly | Flags.Action,
        DayState.BookedChangeable => Flags.Booked | Flags.Action,
        DayState.BookedLocked => Flags.Booked,
        DayState.WaitlistedOrRefusedCancellable => Flags.Waiting | Flags.Action,
        DayState.WaitlistedOrRefusedLocked => Flags.Waiting,
        _ => Flags.None,
    };

    private static DayCell[] Cells(CalendarFacts facts, Activity activity, DateInterval days, DayIndex index)
    {
        var tenant = facts.Tenant;
        var n = days.Length;
        var cells = new DayCell[n];
        var bookings = index.BookingsOf(activity.Id);
        var counts = index.CountsOf(activity.Id);
        var pending = index.PendingOf(activity.Id);
        var date = days.Start;
        for (var i = 0; i < n; i++, date = date.PlusDays(1))
        {
            var booking = bookings?[i];
            var request = pending?[i];
            var count = counts?[i];
            int? left = activity.Capacity is { } cap ? Math.Max(0, cap - (count?.Accepted ?? 0)) : null;

            if (booking is not null && request?.Kind != RequestKind.Cancel)
            {
                var refusal = BookingWindow.Check(tenant, activity, facts.Child, date, BookingAction.Cancel, facts.Now, facts.Today, facts.Standing);
                var state = booking.HoldsPlace
                    ? refusal is null ? DayState.BookedChangeable : DayState.BookedLocked
                    : refusal is null ? DayState.WaitlistedOrRefusedCancellable : DayState.WaitlistedOrRefusedLocked;
                cells[i] = new DayCell(date, state, refusal, left, false, booking);
                continue;
            }

            if (request is not null)
            {
                // A request of the basket: a booking shows as booked (or as a waiting-list request
                // when no place is left), a cancellation as free again ("ils passent au vert").
                var state = request.Kind == RequestKind.Cancel ? DayState.Available
                    : left is 0 ? DayState.WaitlistedOrRefusedCancellable
                    : DayState.BookedChangeable;
                cells[i] = new DayCell(date, state, null, left, true, booking);
                continue;
            }

            var why = BookingWindow.Check(tenant, activity, facts.Child, date, BookingAction.Book, facts.Now, facts.Today, facts.Standing)
                ?? index.Exclusion(activity, date, i);
            if (why is not null)
            {
                cells[i] = new DayCell(date, DayState.NotOpen, why, left, false, null);
                continue;
            }

            var available = left is null or > 0 ? DayState.Available
                : (count?.Waitlisted ?? 0) < activity.WaitlistSize ? DayState.WaitlistOnly
                : DayState.Full;
            cells[i] = new DayCell(date, available, null, left, false, null);
        }

        return cells;
    }

    [Flags]
    internal enum Flags : byte
    {
        None = 0,
        Full = 1,
        Available = 2,
        WaitlistOnly = 4,
        Booked = 8,
        Waiting = 16,
        Action = 32,
    }

    /// <summary>The facts indexed by activity and day offset, built once per calendar.</summary>
    private sealed class DayIndex
    {
        private readonly CalendarFacts _facts;
        private readonly DateInterval _days;
        private Dictionary<ActivityId, ChildBooking?[]>? _bookings;
        private Dictionary<ActivityId, DayCount[]>? _counts;
        private Dictionary<ActivityId, PendingRequest?[]>? _pending;

        public DayIndex(CalendarFacts facts, DateInterval days)
        {
            _facts = facts;
            _days = days;
            foreach (var b in facts.Bookings)
            {
                if (b.Child == facts.Child.Id && days.Contains(b.Date))
                {
                    Slot(ref _bookings, b.Activity)[Offset(b.Date)] = b;
                }
            }

            foreach (var c in facts.Counts)
            {
                if (days.Contains(c.Date))
                {
                    Slot(ref _counts, c.Activity)[Offset(c.Date)] = c;
                }
            }

            foreach (var r in facts.Basket.Requests)
            {
                if (r.Key.Child == facts.Child.Id && days.Contains(r.Key.Date))
                {
                    Slot(ref _pending, r.Key.Activity)[Offset(r.Key.Date)] = r;
                }
            }
        }

        public ChildBooking?[]? BookingsOf(ActivityId activity) => _bookings?.GetValueOrDefault(activity);

        public DayCount[]? CountsOf(ActivityId activity) => _counts?.GetValueOrDefault(activity);

        public PendingRequest?[]? PendingOf(ActivityId activity) => _pending?.GetValueOrDefault(activity);

        /// <summary>The refusal when an exclusive activity is booked or requested that day (R-ACT-4).</summary>
        public Refusal? Exclusion(Activity activity, LocalDate date, int offset)
        {
            foreach (var other in activity.ExclusiveOf)
            {
                var booking = BookingsOf(other)?[offset];
                var request = PendingOf(other)?[offset];
                var taken = request is not null ? request.Kind == RequestKind.Book : booking is { HoldsPlace: true };
                if (taken)
                {
                    var name = _facts.Tenant.FindActivity(other)?.Name ?? other.Value;
                    return new Refusal(RefusalReason.Excluded, date, BookingAction.Book, name);
                }
            }

            return null;
        }

        private int Offset(LocalDate date) => Period.DaysBetween(_days.Start, date);

        private T[] Slot<T>(ref Dictionary<ActivityId, T[]>? map, ActivityId activity)
        {
            map ??= [];
            if (!map.TryGetValue(activity, out var slots))
            {
                map[activity] = slots = new T[_days.Length];
            }

            return slots;
        }
    }
}
