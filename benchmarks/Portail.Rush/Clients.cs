using System.Diagnostics;
using NodaTime;
using NodaTime.Testing;
using Portail.Accounts;
using Portail.Booking;

namespace Portail.Rush;

/// <summary>
/// K clients, each taking the next family of its share and validating its basket through the public
/// use case, <see cref="BookingService.ValidateAsync"/>, until none is left.
/// </summary>
internal static class Clients
{
    /// <summary>
    /// Reads what a family's first page reads (its children and their bookings, through
    /// <see cref="BookingService.SummarizeAsync"/>) for <paramref name="count"/> families at once: the
    /// code is compiled and the connection pool filled before the clock starts. Nothing is written.
    /// </summary>
    public static async Task WarmUpAsync(BookingService bookings, IReadOnlyList<RushFamily> families, int count)
    {
        var tasks = families.Take(count).Select(f => bookings.SummarizeAsync(Scope(f), f.Basket));
        foreach (var summary in await Task.WhenAll(tasks).ConfigureAwait(false))
        {
            if (summary.IsT1)
            {
                throw new InvalidOperationException($"The warm-up summary was refused: {summary.AsT1.Message}");
            }
        }
    }

    /// <summary>
    /// The families who arrive early (issue 10, item 5): <paramref name="count"/> families validate
    /// their basket one second before the opening instant, concurrently; each must be told, line by
    /// line, that the period opens later and when, and nothing may be booked. The clock is put back
    /// at the scenario's instant afterwards.
    /// </summary>
    public static async Task<CheckResult> ArriveEarlyAsync(BookingService bookings, FakeClock clock, Scenario scenario, int count)
    {
        clock.Reset(scenario.Period.OpensAt - Duration.FromSeconds(1));
        try
        {
            var early = scenario.Families.Take(count).ToList();
            var results = await Task.WhenAll(early.Select(f => bookings.ValidateAsync(Scope(f), f.Basket, Guid.NewGuid()))).ConfigureAwait(false);
            var expected = $"ouvriront le {French.LongDate(scenario.Period.OpensAt.InZone(scenario.Tenant.Zone).Date)}";
            var told = results.Count(r => r.TryPickT0(out var report, out _)
                && report.Lines.All(l => l.Outcome == LineOutcome.NotProcessed && l.Remark?.Contains(expected, StringComparison.Ordinal) == true));
            return new CheckResult(
                "early arrivals refused",
                told == early.Count,
                $"{told} of {early.Count} families validating a second before the opening were told \"…{expected}…\" for every line");
        }
        finally
        {
            clock.Reset(scenario.Now);
        }
    }

    /// <summary>Validates every family of <paramref name="families"/> with <paramref name="clients"/> concurrent clients; <paramref name="completed"/> hears of each.</summary>
    public static async Task<IReadOnlyList<ValidationRecord>> RunAsync(BookingService bookings, IReadOnlyList<RushFamily> families, int clients, Action<ValidationRecord> completed)
    {
        var next = -1;
        var records = new ValidationRecord[families.Count];

        async Task Client()
        {
            // Each client starts on its own thread-pool work item, as concurrent requests of a host do.
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < families.Count)
            {
                records[i] = await ValidateAsync(bookings, families[i]).ConfigureAwait(false);
                completed(records[i]);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(clients, families.Count)).Select(_ => Client())).ConfigureAwait(false);
        return records;
    }

    private static FamilyScope Scope(RushFamily family) => new(new FamilyActor(Scenario.TenantId, new LoginId(family.Id.Value), family.Id, new HashSet<ChildId>()), Scenario.Structure);

    private static async Task<ValidationRecord> ValidateAsync(BookingService bookings, RushFamily family)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await bookings.ValidateAsync(Scope(family), family.Basket, Guid.NewGuid()).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            return result.Match(
                report => new ValidationRecord(family.Index, start, end, string.Concat(report.Lines.Select(l => ValidationRecord.Letter(l.Outcome))), null),
                refused => new ValidationRecord(family.Index, start, end, string.Empty, "refused: " + refused.Message));
        }
#pragma warning disable CA1031 // a failed validation is recorded and fails the checks; the other clients go on
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new ValidationRecord(family.Index, start, Stopwatch.GetTimestamp(), string.Empty, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
