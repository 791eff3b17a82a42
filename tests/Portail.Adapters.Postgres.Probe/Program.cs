// The PostgreSQL adapter's probe: a child process the multi-process and crash tests start (and kill).
// It opens the store through the public registration, AddPortail(...).UsePostgresStorage(...), with the
// connection string of PORTAIL_TEST_POSTGRES, and says what it does on stdout, one line at a time:
//
//   migrate <schema>                                   print "ready", wait for "go" on stdin, migrate the schema, print "migrated"
//   race <schema> <tenant> <prefix> <families> <parallel>
//                                                      print "ready", wait for "go" on stdin, then validate <families>
//                                                      families (ProbeCommits.Race), <parallel> at a time, printing
//                                                      "ack <family> <outcome of the hot line>" for each; then "done"
//   crash <schema> <tenant> <prefix> <workers>         print "ready", wait for "go", then validate in a loop on <workers>
//                                                      tasks (ProbeCommits.Crash) until killed (or one minute), printing
//                                                      "ack <submission> <worker> <index>" once each commit is acknowledged
//   transmit <schema> <tenant>                         print "ready", wait for "go", run the core's NightlyTransmission of
//                                                      ProbeCommits.Day on ProbeCommits.Catalogue, print
//                                                      "transmitted <movements> <bookings> <reports>"
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portail;
using Portail.Adapters.Postgres.Probe;
using Portail.Booking;
using Portail.Notifications;

if (args.Length < 2 || Environment.GetEnvironmentVariable("PORTAIL_TEST_POSTGRES") is not { Length: > 0 } connectionString)
{
    await Console.Error.WriteLineAsync("usage (PORTAIL_TEST_POSTGRES set): migrate <schema> | race <schema> <tenant> <prefix> <families> <parallel> | crash <schema> <tenant> <prefix> <workers> | transmit <schema> <tenant>");
    return 2;
}

await using var services = new ServiceCollection()
    .AddPortail(new ConfigurationBuilder().AddInMemoryCollection(args[0] == "transmit" ? ProbeCommits.Catalogue(args[2]) : []).Build().GetSection("Portail"))
    .UsePostgresStorage(o =>
    {
        o.ConnectionString = connectionString;
        o.Schema = args[1];
    })
    .Services.BuildServiceProvider();
if (args[0] == "migrate")
{
    // Started together with other migrators: wait for the word, so that all of them start at once.
    Console.WriteLine("ready");
    if (await Console.In.ReadLineAsync() != "go")
    {
        return 3;
    }
}

foreach (var hosted in services.GetServices<IHostedService>())
{
    await hosted.StartAsync(CancellationToken.None);
}

var store = services.GetRequiredService<IBookingStore>();
var output = TextWriter.Synchronized(Console.Out);
void Say(string line)
{
    output.WriteLine(line);
    output.Flush();
}

switch (args[0])
{
    case "migrate":
        Say("migrated");
        return 0;

    case "race":
        {
            var tenant = new TenantId(args[2]);
            var families = Enumerable.Range(0, int.Parse(args[4], CultureInfo.InvariantCulture)).Select(i => $"{args[3]}{i:000}").ToList();
            using var throttle = new SemaphoreSlim(int.Parse(args[5], CultureInfo.InvariantCulture));
            await WarmUpAsync(store, tenant);
            Say("ready");
            if (await Console.In.ReadLineAsync() != "go")
            {
                return 3;
            }

            await Task.WhenAll(families.Select(f => Task.Run(async () =>
            {
                await throttle.WaitAsync();
                try
                {
                    var receipt = await store.CommitAsync(tenant, ProbeCommits.Race(f), Arbitration.Plan);
                    Say($"ack {f} {receipt.Results.Single(r => r.Key.Activity == ProbeCommits.Centre).Outcome}");
                }
                finally
                {
                    throttle.Release();
                }
            })));
            Say("done");
            return 0;
        }

    case "crash":
        {
            var tenant = new TenantId(args[2]);
            var prefix = args[3];
            await WarmUpAsync(store, tenant);
            Say("ready");
            if (await Console.In.ReadLineAsync() != "go")
            {
                return 3;
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, int.Parse(args[4], CultureInfo.InvariantCulture)).Select(w => Task.Run(async () =>
            {
                for (var i = 0; clock.Elapsed < TimeSpan.FromMinutes(1); i++)
                {
                    var commit = ProbeCommits.Crash(prefix, w, i);
                    await store.CommitAsync(tenant, commit, Arbitration.Plan);
                    Say($"ack {commit.SubmissionId} {w} {i}");
                }
            })));
            return 0;
        }

    case "transmit":
        {
            var transmission = services.GetRequiredService<NightlyTransmission>();
            Say("ready");
            if (await Console.In.ReadLineAsync() != "go")
            {
                return 3;
            }

            var result = await transmission.RunAsync(new TenantId(args[2]), ProbeCommits.Day);
            Say($"transmitted {result.Movements} {result.Bookings} {result.Reports}");
            return 0;
        }

    default:
        await Console.Error.WriteLineAsync($"unknown mode '{args[0]}'");
        return 2;
}

// Opens a few pooled connections so that the race starts when the probes are ready, not when they have connected.
static async Task WarmUpAsync(IBookingStore store, TenantId tenant) =>
    await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => await store.GetDayCountsAsync(tenant, [ProbeCommits.Centre], new NodaTime.DateInterval(ProbeCommits.Hot, ProbeCommits.Hot))));
