using Microsoft.Extensions.Configuration;
using NodaTime;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Families;
using Portail.Windows;

namespace Portail.Benchmarks;

/// <summary>
/// The facts a month view is drawn from, built once per benchmark: the sample municipality
/// (Cestas, <c>samples/Portail.SampleHost/appsettings.json</c>), a 4-year-old child, Monday
/// 2 October 2023 at 09:00 Europe/Paris, a dozen recorded bookings, a few pending requests and the
/// day counts of the limited Wednesday activities (some full).
/// </summary>
internal static class SampleFacts
{
    public static readonly ChildId ChildId = new("lea");
    public static readonly ActivityId Canteen = new("restauration");
    public static readonly ActivityId WednesdayDay = new("alsh-36-mercredi-journee");
    private static readonly ActivityId ApsMorning = new("aps-matin");
    private static readonly ActivityId ApsEvening = new("aps-soir");
    private static readonly ActivityId ApsFlat = new("aps-forfait");
    private static readonly ActivityId WednesdayMorning = new("alsh-36-mercredi-matin");
    private static readonly ActivityId WednesdayAfternoon = new("alsh-36-mercredi-apres-midi");

    /// <summary>The tenant <c>cestas</c> of the sample configuration, copied next to the benchmarks.</summary>
    public static Tenant LoadTenant()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("sample-municipality.json", optional: false)
            .Build();
        var options = new PortailOptions();
        configuration.GetSection("Portail").Bind(options);
        return CatalogueLoader.Load(options, "Portail")[new TenantId("cestas")];
    }

    /// <summary>The activities of the structure "scolaire" (13 in the sample).</summary>
    public static IReadOnlyList<Activity> School(Tenant tenant)
    {
        var activities = tenant.ActivitiesOf(new StructureId("scolaire"));
        return activities.Count >= 12
            ? activities
            : throw new InvalidOperationException($"The sample structure 'scolaire' should have at least 12 activities, it has {activities.Count}.");
    }

    /// <summary>An activity of the sample, or a clear failure when the sample changed.</summary>
    public static Activity Find(Tenant tenant, ActivityId id) =>
        tenant.FindActivity(id) ?? throw new InvalidOperationException($"The sample municipality has no activity '{id}'.");

    /// <summary>The child's facts on Monday 2 October 2023 at 09:00 (Europe/Paris).</summary>
    public static CalendarFacts Build(Tenant tenant)
    {
        var now = new LocalDateTime(2023, 10, 2, 9, 0).InZoneStrictly(tenant.Zone).ToInstant();
        var child = new Child(ChildId, new FamilyId("dupont"), "DUPONT", "Léa", new LocalDate(2019, 3, 12), "École maternelle du Bourg", new HashSet<ActivityId>());

        // A dozen recorded bookings: canteen and after-school care in the first two weeks (some
        // already past their deadline), Wednesdays at the centre, one on the waiting list.
        var bookings = new List<ChildBooking>
        {
            Booked(Canteen, 2), Booked(Canteen, 3), Booked(Canteen, 5), Booked(Canteen, 6),
            Booked(Canteen, 9), Booked(Canteen, 10), Booked(Canteen, 12), Booked(Canteen, 13),
            Booked(ApsEvening, 3), Booked(ApsEvening, 10),
            Booked(WednesdayDay, 4), Booked(WednesdayDay, 11),
            Booked(WednesdayDay, 18, BookingStatus.Waitlisted),
        };

        // Places taken on the limited Wednesday activities: the day centre full on the 11th (the
        // child has her place) and on the 18th with a full waiting list, the morning of the 18th
        // full too, its afternoon full with room on the waiting list.
        var counts = new List<DayCount>
        {
            Count(WednesdayDay, 4, 18, 0), Count(WednesdayDay, 11, 24, 2), Count(WednesdayDay, 18, 24, 6),
            Count(WednesdayMorning, 4, 9, 0), Count(WednesdayMorning, 11, 12, 1), Count(WednesdayMorning, 18, 12, 4),
            Count(WednesdayAfternoon, 4, 5, 0), Count(WednesdayAfternoon, 11, 7, 0), Count(WednesdayAfternoon, 18, 12, 1),
        };

        // A few pending requests: canteen and morning care the week of the 16th, one cancellation.
        var basket = Basket.Empty
            .With(Request(Canteen, 16)).With(Request(Canteen, 17)).With(Request(Canteen, 19))
            .With(Request(ApsMorning, 16)).With(Request(ApsFlat, 17))
            .With(Request(Canteen, 13, RequestKind.Cancel));

        return new CalendarFacts(tenant, child, now, FamilyStanding.Good, bookings, counts, basket);
    }

    private static ChildBooking Booked(ActivityId activity, int day, BookingStatus status = BookingStatus.Accepted) =>
        new(ChildId, activity, new LocalDate(2023, 10, day), status);

    private static DayCount Count(ActivityId activity, int day, int accepted, int waitlisted) =>
        new(activity, new LocalDate(2023, 10, day), accepted, waitlisted);

    private static PendingRequest Request(ActivityId activity, int day, RequestKind kind = RequestKind.Book) =>
        new(new RequestKey(ChildId, activity, new LocalDate(2023, 10, day)), kind);
}
