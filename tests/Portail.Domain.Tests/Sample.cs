using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Families;
using Portail.Windows;

namespace Portail.Domain.Tests;

/// <summary>The sample municipality (the guides' 2023/2024 year) and helpers to state tests in its words.</summary>
internal static class Sample
{
    public static readonly TenantId Cestas = new("cestas");
    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    public static readonly FamilyId Dupont = new("dupont");

    /// <summary>The account of <paramref name="family"/> in <paramref name="tenant"/> (Cestas by default), sharing <paramref name="shared"/> (R-ACC-6).</summary>
    public static Portail.Accounts.FamilyActor Account(FamilyId family, TenantId? tenant = null, params ChildId[] shared) =>
        new(tenant ?? Cestas, new Portail.Accounts.LoginId(family.Value), family, shared.ToHashSet());

    /// <summary>An agent of <paramref name="tenant"/> (Cestas by default), manager of the school and the music school unless <paramref name="grants"/> say otherwise (R-ACC-7).</summary>
    public static Portail.Accounts.AgentActor Agent(TenantId? tenant = null, params (string Structure, Portail.Accounts.AgentRole Role)[] grants) =>
        new(tenant ?? Cestas, new Portail.Accounts.LoginId("agent"), (grants.Length > 0 ? grants : [("scolaire", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)])
            .ToDictionary(g => new StructureId(g.Structure), g => g.Role));

    private static readonly Lazy<Tenant> Cached = new(() => Load(Options()));

    /// <summary>The sample tenant, loaded once.</summary>
    public static Tenant Tenant => Cached.Value;

    /// <summary>A fresh, mutable copy of the sample's options, to derive variants from.</summary>
    public static PortailOptions Options()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json"))
            .Build();
        var options = new PortailOptions();
        config.GetSection("Portail").Bind(options);
        return options;
    }

    public static Tenant Load(PortailOptions options) => CatalogueLoader.Load(options, "Portail")[Cestas];

    public static ActivityOptions ActivityOptions(this PortailOptions options, string id) =>
        options.Tenants[0].Activities.Single(a => a.Id == id);

    public static Activity Activity(string id) => Tenant.FindActivity(new ActivityId(id))!;

    /// <summary>Lenny, 4 in 2023/2024: band 3-6.</summary>
    public static Child Lenny { get; } = new(new ChildId("lenny"), Dupont, "DUPONT", "Lenny", new LocalDate(2019, 3, 12), null, new HashSet<ActivityId>());

    /// <summary>Leyah, 8 in 2023/2024: band 6-12.</summary>
    public static Child Leyah { get; } = new(new ChildId("leyah"), Dupont, "DUPONT", "Leyah", new LocalDate(2015, 6, 2), null, new HashSet<ActivityId>());

    /// <summary>A local date-time of Paris, "2023-09-01T23:59", as an instant.</summary>
    public static Instant At(string local) =>
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(local).GetValueOrThrow().InZoneStrictly(Paris).ToInstant();

    public static LocalDate Day(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    public static WindowDecision Window(string activity, string day, string now, BookingAction action = BookingAction.Book, Child? child = null, FamilyStanding? standing = null, Tenant? tenant = null)
    {
        var t = tenant ?? Tenant;
        return BookingWindow.Evaluate(t, t.FindActivity(new ActivityId(activity))!, child ?? Lenny, Day(day), action, At(now), standing ?? FamilyStanding.Good);
    }

    public static CalendarFacts Facts(string now, IReadOnlyList<ChildBooking>? bookings = null, IReadOnlyList<DayCount>? counts = null, Basket? basket = null, Child? child = null, Tenant? tenant = null) =>
        new(tenant ?? Tenant, child ?? Lenny, At(now), FamilyStanding.Good, bookings ?? [], counts ?? [], basket ?? Basket.Empty);

    public static DateInterval Month(int year, int month) =>
        new(new LocalDate(year, month, 1), new LocalDate(year, month, 1).PlusMonths(1).PlusDays(-1));
}
