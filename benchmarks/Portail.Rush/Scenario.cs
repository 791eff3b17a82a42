using Microsoft.Extensions.Configuration;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Families;

namespace Portail.Rush;

/// <summary>One family of the rush: its children and the basket it validates.</summary>
/// <param name="Index">Its place in the scenario, from 0.</param>
/// <param name="Id">The family.</param>
/// <param name="Children">One or two children.</param>
/// <param name="Basket">About 40 booking requests over the period.</param>
internal sealed record RushFamily(int Index, FamilyId Id, IReadOnlyList<Child> Children, Basket Basket);

/// <summary>
/// The rush, built from <c>rush-municipality.json</c> and a seed, the same in every process: a tenant
/// with one booking period of eight school weeks, canteen and evening care without limit, a Wednesday
/// centre of 60 places and 20 on the waiting list; N families of one or two children. A child alone
/// books every canteen day (32), seven evenings of care and the centre on the first Wednesday, the
/// hot day; each of two children books 16 canteen days, three evenings and the hot day: 40 lines.
/// The clock stands one second after the period opens.
/// </summary>
internal sealed class Scenario
{
    public static readonly TenantId TenantId = new("rush");
    public static readonly StructureId Structure = new("scolaire");
    public static readonly ActivityId Canteen = new("cantine");
    public static readonly ActivityId Care = new("garderie-soir");
    public static readonly ActivityId Centre = new("mercredi");

    private Scenario(IConfiguration configuration, Tenant tenant, IReadOnlyList<RushFamily> families)
    {
        Configuration = configuration;
        Tenant = tenant;
        Families = families;
        Period = tenant.Periods.Single();
        Now = Period.OpensAt.Plus(Duration.FromSeconds(1));
        HotDay = new DayKey(Centre, Days(Centre)[0]);
        Lines = families.Sum(f => f.Basket.Count);
    }

    /// <summary>The configuration holding the <c>Portail</c> section.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The tenant <c>rush</c>.</summary>
    public Tenant Tenant { get; }

    /// <summary>The one booking period.</summary>
    public BookingPeriod Period { get; }

    /// <summary>The instant of every validation: one second after the period opens.</summary>
    public Instant Now { get; }

    /// <summary>The first Wednesday of the period, which every child asks for.</summary>
    public DayKey HotDay { get; }

    /// <summary>The families, in the order clients take them.</summary>
    public IReadOnlyList<RushFamily> Families { get; }

    /// <summary>The booking lines of all baskets.</summary>
    public int Lines { get; }

    /// <summary>The capacity and waiting list of the hot day.</summary>
    public ActivityLimits HotLimits => Limits(Centre);

    public static Scenario Build(int families, int seed)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("rush-municipality.json", optional: false)
            .Build();
        var options = new PortailOptions();
        configuration.GetSection("Portail").Bind(options);
        var tenant = CatalogueLoader.Load(options, "Portail")[TenantId];
        var period = tenant.Periods.Single().Days;
        var canteen = DaysOf(tenant, Canteen, period);
        var care = DaysOf(tenant, Care, period);
        var hot = DaysOf(tenant, Centre, period)[0];
        var list = new List<RushFamily>(families);
        for (var i = 0; i < families; i++)
        {
            list.Add(Family(i, new Random(unchecked((seed * 1_000_003) + i)), canteen, care, hot));
        }

        return new Scenario(configuration, tenant, list);
    }

    /// <summary>The limits of an activity, from the catalogue.</summary>
    public ActivityLimits Limits(ActivityId activity)
    {
        var a = Tenant.FindActivity(activity) ?? throw new InvalidOperationException($"rush-municipality.json has no activity '{activity}'.");
        return new ActivityLimits(a.Capacity, a.WaitlistSize, a.ManualApproval);
    }

    /// <summary>The days of the period an activity runs on.</summary>
    public IReadOnlyList<LocalDate> Days(ActivityId activity) => DaysOf(Tenant, activity, Period.Days);

    private static List<LocalDate> DaysOf(Tenant tenant, ActivityId id, DateInterval period)
    {
        var activity = tenant.FindActivity(id) ?? throw new InvalidOperationException($"rush-municipality.json has no activity '{id}'.");
        return period.Where(d => activity.Days.Includes(d)).ToList();
    }

    private static RushFamily Family(int index, Random random, List<LocalDate> canteen, List<LocalDate> care, LocalDate hot)
    {
        var family = new FamilyId($"f{index + 1}");
        var count = random.Next(2) + 1;
        var children = Enumerable.Range(1, count)
            .Select(n => new Child(
                new ChildId($"{family}-{n}"),
                family,
                $"FAMILLE{index + 1}",
                FirstNames[random.Next(FirstNames.Length)],
                new LocalDate(2014 + random.Next(7), 1 + random.Next(12), 1 + random.Next(28)),
                null,
                new HashSet<ActivityId>()))
            .ToList();
        var basket = Basket.Empty;
        foreach (var child in children)
        {
            var canteenDays = count == 1 ? canteen : Pick(random, canteen, canteen.Count / 2);
            var careDays = Pick(random, care, count == 1 ? 7 : 3);
            var requests = canteenDays.Select(d => (Canteen, d)).Concat(careDays.Select(d => (Care, d))).Append((Centre, hot));
            basket = requests.Aggregate(basket, (b, r) => b.With(new PendingRequest(new RequestKey(child.Id, r.Item1, r.Item2), RequestKind.Book)));
        }

        return new RushFamily(index, family, children, basket);
    }

    private static IEnumerable<LocalDate> Pick(Random random, List<LocalDate> days, int count) =>
        days.OrderBy(_ => random.Next()).Take(count);

    private static readonly string[] FirstNames = ["Léa", "Lenny", "Leyah", "Jade", "Louis", "Emma", "Gabriel", "Alice", "Raphaël", "Chloé", "Arthur", "Inès"];
}
