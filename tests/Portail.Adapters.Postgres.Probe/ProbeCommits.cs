using NodaTime;
using Portail.Booking;

namespace Portail.Adapters.Postgres.Probe;

/// <summary>
/// The commits the probe makes, shared with the tests (linked into them) so that they know what
/// each one writes.
/// </summary>
internal static class ProbeCommits
{
    /// <summary>The hot activity: the race gives it 10 places and a waiting list of 5, the crash test 5 and 3.</summary>
    public static readonly ActivityId Centre = new("centre");

    /// <summary>An activity without a limit.</summary>
    public static readonly ActivityId Canteen = new("cantine");

    /// <summary>The hot day.</summary>
    public static readonly LocalDate Hot = new(2023, 10, 11);

    /// <summary>When the commits are made.</summary>
    public static readonly Instant At = Instant.FromUtc(2023, 10, 2, 7, 0);

    /// <summary>The day of the commits in Paris, which the transmission test transmits.</summary>
    public static readonly LocalDate Day = new(2023, 10, 2);

    /// <summary>
    /// The <c>Portail</c> configuration of the transmission test: one tenant with the race's activities
    /// (the centre on Wednesdays, 10 places and 5 on the waiting list; the canteen), so that the probes
    /// and the test run the core's <c>NightlyTransmission</c> on the same catalogue.
    /// </summary>
    public static Dictionary<string, string?> Catalogue(string tenant)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Id"] = tenant,
            ["Name"] = "Mairie de la sonde",
            ["Structures:0:Id"] = "regie",
            ["Structures:0:Name"] = "Régie des services scolaires",
            ["WalletTypes:0:Id"] = "scolaire",
            ["WalletTypes:0:Name"] = "Services scolaires",
            ["WalletTypes:0:Structure"] = "regie",
            ["Periods:0:Id"] = "P1",
            ["Periods:0:Name"] = "Période 1",
            ["Periods:0:Start"] = "2023-09-04",
            ["Periods:0:End"] = "2023-11-03",
            ["Periods:0:OpensAt"] = "2023-08-21",
            ["Activities:0:Capacity"] = "10",
            ["Activities:0:Waitlist"] = "5",
        };
        (ActivityId Id, string Name, string Start, string End, string Price)[] activities =
            [(Centre, "Centre de loisirs", "08:00", "17:00", "6.65"), (Canteen, "Restauration scolaire", "11:30", "13:30", "3.20")];
        for (var i = 0; i < activities.Length; i++)
        {
            var (id, name, start, end, price) = activities[i];
            foreach (var (key, value) in new[] { ("Id", id.Value), ("Name", name), ("Structure", "regie"), ("Wallet", "scolaire"), ("Days:0", "Mercredi"), ("Start", start), ("End", end), ("Price", price) })
            {
                settings[$"Activities:{i}:{key}"] = value;
            }
        }

        return settings.ToDictionary(p => $"Portail:Tenants:0:{p.Key}", p => p.Value);
    }

    /// <summary>The limits of the race: 10 places, 5 on the waiting list.</summary>
    public static IReadOnlyDictionary<ActivityId, ActivityLimits> RaceLimits { get; } = new Dictionary<ActivityId, ActivityLimits>
    {
        [Centre] = new(10, 5, false),
        [Canteen] = new(null, 0, false),
    };

    /// <summary>The limits of the crash test: 5 places, 3 on the waiting list.</summary>
    public static IReadOnlyDictionary<ActivityId, ActivityLimits> CrashLimits { get; } = new Dictionary<ActivityId, ActivityLimits>
    {
        [Centre] = new(5, 3, false),
        [Canteen] = new(null, 0, false),
    };

    /// <summary>The child of a family of the race.</summary>
    public static ChildId RaceChild(string family) => new(family + "-child");

    /// <summary>A family of the race: its child on the hot day and at the canteen that day — two lines, all or nothing.</summary>
    public static BookingCommit Race(string family) =>
        new(
            Guid.NewGuid(),
            new FamilyId(family),
            At,
            [new BookingLine(new RequestKey(RaceChild(family), Centre, Hot), null, null, 6.65m), new BookingLine(new RequestKey(RaceChild(family), Canteen, Hot), null, null, 3.2m)],
            [],
            [],
            [],
            RaceLimits,
            []);

    /// <summary>The family of a worker of the crash test.</summary>
    public static string CrashFamily(string prefix, int worker) => $"{prefix}w{worker}";

    /// <summary>The child commit <paramref name="index"/> of a worker books.</summary>
    public static ChildId CrashChild(string prefix, int worker, int index) => new($"{prefix}w{worker}c{index}");

    /// <summary>The second day commit <paramref name="index"/> books.</summary>
    public static LocalDate CrashSecondDay(int index) => Hot.PlusDays(1 + (index % 3));

    /// <summary>
    /// Commit <paramref name="index"/> of a worker of the crash test: books a new child on three lines
    /// (the hot day, a second day of the same activity, the canteen) and cancels the hot-day line of
    /// the worker's previous child, which may promote someone from the waiting list.
    /// </summary>
    public static BookingCommit Crash(string prefix, int worker, int index)
    {
        var child = CrashChild(prefix, worker, index);
        BookingLine Line(ActivityId activity, LocalDate date) => new(new RequestKey(child, activity, date), null, null, 4.1m);
        IReadOnlyList<RequestKey> cancel = index == 0 ? [] : [new RequestKey(CrashChild(prefix, worker, index - 1), Centre, Hot)];
        return new BookingCommit(
            Guid.NewGuid(),
            new FamilyId(CrashFamily(prefix, worker)),
            At,
            [Line(Centre, Hot), Line(Centre, CrashSecondDay(index)), Line(Canteen, Hot)],
            cancel,
            [],
            [],
            CrashLimits,
            []);
    }
}
