using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.InMemory;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo family DUPONT and bookings that show most calendar states in October 2023, seen at the
/// demo instant (Monday 2 October 2023, 09:00). Other families' children fill places and waiting
/// lists, so that the agents' back-office has people to show. Seeded bookings count as transmitted
/// (recorded before the demo day); what the family validates during the demo is "non transmise".
/// </summary>
public sealed class DemoData(IOptions<DemoOptions> options, Catalogue catalogue, InMemoryFamilyDirectory families, InMemoryBookingStore bookings) : IHostedService
{
    public static readonly ChildId Lenny = new("lenny");
    public static readonly ChildId Leyah = new("leyah");

    private static readonly ActivityId Restauration = new("restauration");
    private static readonly ActivityId ApsMatin = new("aps-matin");
    private static readonly ActivityId ApsSoir = new("aps-soir");
    private static readonly ActivityId Alsh36Journee = new("alsh-36-mercredi-journee");
    private static readonly ActivityId Alsh612Journee = new("alsh-612-mercredi-journee");
    private static readonly ActivityId Alsh612Matin = new("alsh-612-mercredi-matin");
    private static readonly ActivityId EveilMusical = new("eveil-musical");

    /// <summary>When the seeded bookings were recorded: the evening before the demo week.</summary>
    private static readonly Instant SeededAt = Instant.FromUtc(2023, 9, 25, 18, 0);

    private static readonly string[] LastNames =
    [
        "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU", "LAURENT",
        "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL", "FOURNIER", "GIRARD",
        "BONNET", "DUPUIS", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "LEFEVRE", "FAURE", "ANDRE",
    ];

    private static readonly string[] FirstNames =
    [
        "Chloé", "Louis", "Emma", "Gabriel", "Jade", "Raphaël", "Louise", "Arthur", "Alice", "Jules",
        "Lina", "Adam", "Mia", "Léo", "Rose", "Hugo", "Anna", "Nathan", "Inès", "Paul",
        "Léa", "Tom", "Zoé", "Noah", "Camille", "Sacha", "Manon", "Victor", "Lucie", "Timéo",
    ];

    /// <summary>The other families of the demo: one child each, in the 3-6 or the 6-12 age band.</summary>
    public static IReadOnlyList<FamilyId> OtherFamilies { get; } =
        [.. Enumerable.Range(1, LastNames.Length).SelectMany(i => new[] { FamilyOf("36", i), FamilyOf("612", i) })];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = options.Value.TenantId;
        var family = options.Value.FamilyId;
        families.Add(tenant, new Child(Lenny, family, "DUPONT", "Lenny", new LocalDate(2019, 3, 12), "École maternelle du Parc", new HashSet<ActivityId>()));
        families.Add(tenant, new Child(Leyah, family, "DUPONT", "Leyah", new LocalDate(2015, 6, 2), "École élémentaire du Parc", new HashSet<ActivityId>()));
        for (var i = 1; i <= LastNames.Length; i++)
        {
            families.Add(tenant, new Child(ChildOf("36", i), FamilyOf("36", i), LastNames[i - 1], FirstNames[i - 1], new LocalDate(2019, 1 + (i % 12), 1 + (i % 28)), "École maternelle du Parc", new HashSet<ActivityId>()));
            families.Add(tenant, new Child(ChildOf("612", i), FamilyOf("612", i), LastNames[^i], FirstNames[^i], new LocalDate(2015, 1 + (i % 12), 1 + (i % 28)), "École élémentaire du Parc", new HashSet<ActivityId>()));
        }

        void Book(ChildId child, ActivityId activity, int month, int day, BookingStatus status = BookingStatus.Accepted) =>
            Record(tenant, family, child, activity, new LocalDate(2023, month, day), status);

        // Lenny (3-6): canteen past its 3-day deadline (locked) and still changeable.
        foreach (var day in new[] { 2, 3, 5, 9, 10, 12 })
        {
            Book(Lenny, Restauration, 10, day);
        }

        Book(Lenny, ApsMatin, 10, 9);
        Book(Lenny, Alsh36Journee, 10, 4, BookingStatus.Refused);
        Book(Lenny, EveilMusical, 10, 11, BookingStatus.AwaitingAnswer);

        // Leyah (6-12).
        foreach (var day in new[] { 2, 3, 6, 9, 10, 13 })
        {
            Book(Leyah, Restauration, 10, day);
        }

        Book(Leyah, ApsSoir, 10, 9);
        Book(Leyah, ApsSoir, 10, 12);
        Book(Leyah, Alsh612Journee, 10, 11);
        Book(Leyah, Alsh612Matin, 10, 4, BookingStatus.Waitlisted);

        // Other families' children: the 4 October days where Lenny was refused and Leyah waits are
        // full (Leyah first in line); ALSH 3-6 full with a full waiting list on 11 October, places
        // gone but room on the waiting list on 18 October (Lenny is second in line there); the same
        // for ALSH 6-12 on 18 October. In November (period 2, open from Friday 20 October) the
        // 15th of ALSH 3-6 is full with room on its waiting list.
        Fill(tenant, "36", Alsh36Journee, new LocalDate(2023, 10, 4), accepted: 24, waitlisted: 6);
        Fill(tenant, "612", Alsh612Matin, new LocalDate(2023, 10, 4), accepted: 12, waitlisted: 0);
        Fill(tenant, "36", Alsh36Journee, new LocalDate(2023, 10, 11), accepted: 24, waitlisted: 6);
        Fill(tenant, "36", Alsh36Journee, new LocalDate(2023, 10, 18), accepted: 24, waitlisted: 1);
        Book(Lenny, Alsh36Journee, 10, 18, BookingStatus.Waitlisted);
        Fill(tenant, "612", Alsh612Journee, new LocalDate(2023, 10, 18), accepted: 24, waitlisted: 2);
        Fill(tenant, "612", Alsh612Journee, new LocalDate(2023, 10, 11), accepted: 12, waitlisted: 0);
        Fill(tenant, "36", Alsh36Journee, new LocalDate(2023, 11, 15), accepted: 24, waitlisted: 2);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static FamilyId FamilyOf(string band, int i) => new($"famille-{band}-{i:00}");

    private static ChildId ChildOf(string band, int i) => new($"enfant-{band}-{i:00}");

    private void Fill(TenantId tenant, string band, ActivityId activity, LocalDate date, int accepted, int waitlisted)
    {
        for (var i = 1; i <= accepted + waitlisted; i++)
        {
            Record(tenant, FamilyOf(band, i), ChildOf(band, i), activity, date, i <= accepted ? BookingStatus.Accepted : BookingStatus.Waitlisted);
        }
    }

    private void Record(TenantId tenant, FamilyId family, ChildId child, ActivityId activity, LocalDate date, BookingStatus status)
    {
        var price = catalogue[tenant].FindActivity(activity)?.Price
            ?? throw new InvalidOperationException($"The demo data books activity '{activity}', which appsettings.json does not configure.");
        bookings.Record(tenant, new ChildBooking(child, activity, date, status)
        {
            Family = family,
            Cost = price,
            Transmitted = true,
            RecordedAt = SeededAt,
        });
    }
}
