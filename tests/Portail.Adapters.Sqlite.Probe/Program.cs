// The Sqlite adapter's probe: a child process the crash and multi-process tests start, and kill.
// It opens the store through the public registration (AddPortail(...).UseSqliteStorage(...)).
//
//   migrate <file>                                   migrate the schema, print "migrated"
//   crash <file> <tenant> <workers>                  save a basket, validate it, empty it, in a loop on <workers> tasks until killed
//                                                    (or 2 minutes), printing "ack <submission> <worker> <index>" once each commit is acknowledged
//   race <file> <tenant> <prefix> <count> <capacity> <count> families validate one day at once (64 at a time),
//                                                    then print "accepted=… waitlisted=… refused=…"
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Portail;
using Portail.Booking;

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: migrate <file> | crash <file> <tenant> <workers> | race <file> <tenant> <prefix> <count> <capacity>");
    return 2;
}

await using var services = new ServiceCollection()
    .AddPortail(new ConfigurationBuilder().Build())
    .UseSqliteStorage($"Data Source={args[1]}")
    .Services.BuildServiceProvider();
foreach (var hosted in services.GetServices<IHostedService>())
{
    await hosted.StartAsync(CancellationToken.None);
}

var store = services.GetRequiredService<IBookingStore>();
var baskets = services.GetRequiredService<IBasketStore>();
var at = Instant.FromUtc(2023, 10, 2, 7, 0);
var hot = new LocalDate(2023, 10, 11);
switch (args[0])
{
    case "migrate":
        Console.WriteLine("migrated");
        return 0;
    case "crash":
        {
            var tenant = new TenantId(args[2]);
            var limits = new Dictionary<ActivityId, ActivityLimits> { [ProbeCommits.Centre] = new(5, 3, false), [ProbeCommits.Canteen] = new(null, 0, false) };
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, int.Parse(args[3], CultureInfo.InvariantCulture)).Select(w => Task.Run(async () =>
            {
                for (var i = 0; clock.Elapsed < TimeSpan.FromMinutes(2); i++)
                {
                    // As a family does: the basket saved, validated, then emptied.
                    var commit = ProbeCommits.Crash(w, i, hot, at, limits);
                    var family = commit.Family;
                    await baskets.SaveAsync(tenant, family, commit.Bookings.Aggregate(Basket.Empty, (b, l) => b.With(new PendingRequest(l.Key, RequestKind.Book))));
                    await store.CommitAsync(tenant, commit, Arbitration.Plan);
                    await baskets.SaveAsync(tenant, family, Basket.Empty);
                    Console.Out.WriteLine($"ack {commit.SubmissionId} {w} {i}");
                    Console.Out.Flush();
                }
            }));
            await Task.WhenAll(workers);
            return 0;
        }

    case "race":
        {
            var tenant = new TenantId(args[2]);
            var capacity = int.Parse(args[5], CultureInfo.InvariantCulture);
            var limits = new Dictionary<ActivityId, ActivityLimits> { [ProbeCommits.Centre] = new(capacity, (capacity + 1) / 2, false) };
            using var throttle = new SemaphoreSlim(64);
            var families = Enumerable.Range(0, int.Parse(args[4], CultureInfo.InvariantCulture)).Select(i => $"{args[3]}{i:0000}");
            var outcomes = await Task.WhenAll(families.Select(f => Task.Run(async () =>
            {
                await throttle.WaitAsync();
                try
                {
                    var line = new BookingLine(new RequestKey(new ChildId(f + "-child"), ProbeCommits.Centre, hot), null, null, 6.65m);
                    var receipt = await store.CommitAsync(tenant, new BookingCommit(Guid.NewGuid(), new FamilyId(f), at, [line], [], [], [], limits, []), Arbitration.Plan);
                    return receipt.Results.Single().Outcome;
                }
                finally
                {
                    throttle.Release();
                }
            })));
            Console.WriteLine($"accepted={outcomes.Count(o => o == LineOutcome.Accepted)} waitlisted={outcomes.Count(o => o == LineOutcome.Waitlisted)} refused={outcomes.Count(o => o == LineOutcome.Refused)}");
            return 0;
        }

    default:
        await Console.Error.WriteLineAsync($"unknown mode '{args[0]}'");
        return 2;
}

/// <summary>The commits of the crash probe, so that the test can tell what each one wrote.</summary>
internal static class ProbeCommits
{
    public static readonly ActivityId Centre = new("centre");
    public static readonly ActivityId Canteen = new("cantine");

    /// <summary>
    /// Commit <paramref name="index"/> of worker <paramref name="worker"/> (family "w{worker}"): books child
    /// "w{worker}c{index}" on three lines (the hot day, one of the five days after it, the canteen) and
    /// cancels the hot-day line of the worker's previous child, which may promote from the waiting list.
    /// </summary>
    public static BookingCommit Crash(int worker, int index, LocalDate hot, Instant at, IReadOnlyDictionary<ActivityId, ActivityLimits> limits)
    {
        var child = new ChildId($"w{worker}c{index}");
        BookingLine Line(ActivityId activity, LocalDate date) => new(new RequestKey(child, activity, date), null, null, 4.1m);
        IReadOnlyList<RequestKey> cancel = index == 0 ? [] : [new RequestKey(new ChildId($"w{worker}c{index - 1}"), Centre, hot)];
        return new BookingCommit(
            Guid.NewGuid(),
            new FamilyId($"w{worker}"),
            at,
            [Line(Centre, hot), Line(Centre, hot.PlusDays(1 + (index % 5))), Line(Canteen, hot)],
            cancel,
            [],
            [],
            limits,
            []);
    }
}
