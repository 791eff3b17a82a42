using System.Globalization;
using Portail.Booking;

namespace Portail.Rush;

/// <summary>One check of a run and what it found.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Detail);

/// <summary>
/// The checks after a run (issue 10, item 2), read back through the public store ports
/// (<see cref="IBookingStore.GetFamilyBookingsAsync"/>, <see cref="IBookingStore.GetDayCountsAsync"/>,
/// <see cref="IBookingStore.GetDayAsync"/>) and compared with what every client was answered.
/// </summary>
internal static class Checks
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(Scenario scenario, IReadOnlyList<ValidationRecord> records, IBookingStore store, int parallelism)
    {
        var tenant = Scenario.TenantId;
        var period = scenario.Period.Days;
        var stored = new IReadOnlyList<ChildBooking>[scenario.Families.Count];
        await Parallel.ForEachAsync(
            scenario.Families,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (f, ct) => stored[f.Index] = await store.GetFamilyBookingsAsync(tenant, f.Id, period, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var activities = scenario.Tenant.ActivitiesOf(Scenario.Structure).Select(a => a.Id).ToList();
        var counts = await store.GetDayCountsAsync(tenant, activities, period).ConfigureAwait(false);
        var hot = await store.GetDayAsync(tenant, scenario.HotDay, scenario.HotLimits).ConfigureAwait(false);
        var byFamily = records.ToDictionary(r => r.Family);

        return
        [
            Lines(scenario, records),
            AllOrNothing(scenario, byFamily, stored),
            CountsEqualBookings(stored, counts),
            Capacity(scenario, stored, counts, hot),
            WaitingListOrder(scenario, byFamily, stored, hot),
        ];
    }

    private static string N(int n) => n.ToString("N0", Fr);

    // accepted + waiting + refused = lines sent; a failed validation leaves its lines unanswered.
    private static CheckResult Lines(Scenario scenario, IReadOnlyList<ValidationRecord> records)
    {
        var sent = scenario.Families.Sum(f => f.Basket.Count);
        var letters = records.SelectMany(r => r.Outcomes).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        int Of(char c) => letters.GetValueOrDefault(c);
        var answered = Of('A') + Of('W') + Of('R');
        var failures = records.Where(r => r.Error is not null).ToList();
        var detail = $"accepted {N(Of('A'))} + waiting list {N(Of('W'))} + refused {N(Of('R'))} = {N(answered)} of {N(sent)} lines sent";
        if (answered != sent)
        {
            detail += $"; other outcomes {N(letters.Where(kv => kv.Key is not ('A' or 'W' or 'R')).Sum(kv => kv.Value))}; {N(failures.Count)} validations failed"
                + string.Concat(failures.Take(3).Select(f => $"; family {f.Family + 1}: {f.Error}"));
        }

        return new CheckResult("lines answered", answered == sent && records.Count == scenario.Families.Count, detail);
    }

    // Each family has every line of its basket recorded with the outcome it was told, or none of them.
    private static CheckResult AllOrNothing(Scenario scenario, Dictionary<int, ValidationRecord> records, IReadOnlyList<ChildBooking>[] stored)
    {
        int whole = 0, empty = 0;
        var broken = new List<string>();
        foreach (var family in scenario.Families)
        {
            var rows = stored[family.Index].ToDictionary(b => b.Key);
            if (rows.Count == 0)
            {
                empty++;
                continue;
            }

            var told = records.TryGetValue(family.Index, out var r) && r.Outcomes.Length == family.Basket.Count ? r.Outcomes : null;
            var lines = family.Basket.Requests.ToList();
            var same = rows.Count == lines.Count && lines.Select((l, i) => rows.TryGetValue(l.Key, out var b) && (told is null || Matches(b.Status, told[i]))).All(x => x);
            if (same)
            {
                whole++;
            }
            else
            {
                broken.Add($"family {family.Index + 1}: {rows.Count} of {lines.Count} lines stored{(told is null ? string.Empty : ", or not as the client was told")}");
            }
        }

        var answeredNothing = scenario.Families.Count(f => !records.TryGetValue(f.Index, out var r) || r.Error is not null);
        var passed = broken.Count == 0 && empty == answeredNothing;
        return new CheckResult(
            "every basket all or nothing",
            passed,
            $"{N(whole)} baskets stored whole, as answered; {N(empty)} with nothing stored ({N(answeredNothing)} not answered); {N(broken.Count)} partial or different"
                + string.Concat(broken.Take(3).Select(b => "; " + b)));
    }

    private static bool Matches(BookingStatus status, char told) => (status, told) switch
    {
        (BookingStatus.Accepted, 'A') or (BookingStatus.Waitlisted, 'W') or (BookingStatus.Refused, 'R') or (BookingStatus.AwaitingAnswer, 'Q') => true,
        _ => false,
    };

    // The day counts the calendar reads equal the bookings counted one by one.
    private static CheckResult CountsEqualBookings(IReadOnlyList<ChildBooking>[] stored, IReadOnlyList<DayCount> counts)
    {
        var fromRows = stored.SelectMany(s => s)
            .GroupBy(b => new DayKey(b.Activity, b.Date))
            .Select(g => (Key: g.Key, Accepted: g.Count(b => b.Status == BookingStatus.Accepted), Waitlisted: g.Count(b => b.Status == BookingStatus.Waitlisted)))
            .Where(d => d.Accepted + d.Waitlisted > 0)
            .ToDictionary(d => d.Key, d => (d.Accepted, d.Waitlisted));
        var fromCounts = counts.Where(c => c.Accepted + c.Waitlisted > 0).ToDictionary(c => new DayKey(c.Activity, c.Date), c => (c.Accepted, c.Waitlisted));
        var differ = fromRows.Keys.Union(fromCounts.Keys)
            .Where(k => fromRows.GetValueOrDefault(k) != fromCounts.GetValueOrDefault(k))
            .Select(k => $"{k.Activity} {k.Date:uuuu-MM-dd}: counts {fromCounts.GetValueOrDefault(k)}, rows {fromRows.GetValueOrDefault(k)}")
            .ToList();
        return new CheckResult(
            "counts = bookings",
            differ.Count == 0,
            $"{N(fromCounts.Count)} days counted, {N(fromRows.Values.Sum(v => v.Accepted))} accepted and {N(fromRows.Values.Sum(v => v.Waitlisted))} waiting bookings; {N(differ.Count)} days differ"
                + string.Concat(differ.Take(3).Select(d => "; " + d)));
    }

    // No day above its capacity or its waiting list; the hot day exactly filled, not undersold.
    private static CheckResult Capacity(Scenario scenario, IReadOnlyList<ChildBooking>[] stored, IReadOnlyList<DayCount> counts, DayLedger hot)
    {
        var over = counts
            .Select(c => (Count: c, Limits: scenario.Limits(c.Activity)))
            .Where(c => c.Limits.Capacity is { } capacity && (c.Count.Accepted > capacity || c.Count.Waitlisted > c.Limits.WaitlistSize))
            .Select(c => $"{c.Count.Activity} {c.Count.Date:uuuu-MM-dd}: {c.Count.Accepted} accepted for {c.Limits.Capacity}, {c.Count.Waitlisted} waiting for {c.Limits.WaitlistSize}")
            .ToList();
        var requests = stored.Sum(s => s.Count(b => b.Activity == scenario.HotDay.Activity && b.Date == scenario.HotDay.Date));
        var capacity = hot.Capacity ?? int.MaxValue;
        var expected = (Accepted: Math.Min(capacity, requests), Waiting: Math.Min(hot.WaitlistSize, Math.Max(0, requests - capacity)));
        var filled = (hot.Accepted, hot.Waiting.Count) == expected;
        return new CheckResult(
            "no day above capacity",
            over.Count == 0 && filled,
            $"hot day {scenario.HotDay.Date:uuuu-MM-dd}: {hot.Accepted} accepted of {hot.Capacity} places, {hot.Waiting.Count} waiting of {hot.WaitlistSize}, for {N(requests)} requests"
                + (filled ? string.Empty : $" (expected {expected.Accepted} and {expected.Waiting})")
                + $"; {N(over.Count)} days over"
                + string.Concat(over.Take(3).Select(o => "; " + o)));
    }

    // The waiting list is in validation order: by sequence, after every accepted request and before
    // every refused one of the day; and a request validated after another one was answered never
    // comes before it (real-time order, from the clients' clocks).
    private static CheckResult WaitingListOrder(Scenario scenario, Dictionary<int, ValidationRecord> records, IReadOnlyList<ChildBooking>[] stored, DayLedger hot)
    {
        var problems = new List<string>();
        var waiting = hot.Waiting.Select(w => w.Sequence).ToList();
        if (!waiting.Zip(waiting.Skip(1)).All(p => p.First < p.Second))
        {
            problems.Add("the waiting list is not in increasing sequence");
        }

        var onHotDay = scenario.Families
            .SelectMany(f => stored[f.Index].Where(b => b.Activity == scenario.HotDay.Activity && b.Date == scenario.HotDay.Date).Select(b => (Family: f.Index, Booking: b)))
            .ToList();
        var storedWaiting = onHotDay.Where(h => h.Booking.Status == BookingStatus.Waitlisted).Select(h => h.Booking.Key).ToHashSet();
        if (!storedWaiting.SetEquals(hot.Waiting.Select(w => w.Key)))
        {
            problems.Add($"GetDayAsync lists {hot.Waiting.Count} waiting, the families' bookings {storedWaiting.Count}");
        }

        long Max(BookingStatus s) => onHotDay.Where(h => h.Booking.Status == s).Select(h => h.Booking.Sequence).DefaultIfEmpty(long.MinValue).Max();
        long Min(BookingStatus s) => onHotDay.Where(h => h.Booking.Status == s).Select(h => h.Booking.Sequence).DefaultIfEmpty(long.MaxValue).Min();
        if (Max(BookingStatus.Accepted) > Min(BookingStatus.Waitlisted) || Max(BookingStatus.Waitlisted) > Min(BookingStatus.Refused) || Max(BookingStatus.Accepted) > Min(BookingStatus.Refused))
        {
            problems.Add("a later validation got a better outcome on the hot day than an earlier one");
        }

        // Sweep: requests by start; those that ended before each start, by end; the latest sequence among them must be lower.
        var timed = onHotDay.Where(h => records.ContainsKey(h.Family)).Select(h => (records[h.Family].Start, records[h.Family].End, h.Booking.Sequence)).ToList();
        var byEnd = timed.OrderBy(t => t.End).ToList();
        var before = long.MinValue;
        var e = 0;
        var inversions = 0;
        foreach (var t in timed.OrderBy(t => t.Start))
        {
            while (e < byEnd.Count && byEnd[e].End < t.Start)
            {
                before = Math.Max(before, byEnd[e++].Sequence);
            }

            if (before > t.Sequence)
            {
                inversions++;
            }
        }

        if (inversions > 0)
        {
            problems.Add($"{N(inversions)} hot-day requests got a sequence lower than one answered before they were sent");
        }

        return new CheckResult(
            "waiting list in validation order",
            problems.Count == 0,
            $"{hot.Waiting.Count} waiting on the hot day; {N(timed.Count)} hot-day requests in real-time order"
                + string.Concat(problems.Select(p => "; " + p)));
    }
}
