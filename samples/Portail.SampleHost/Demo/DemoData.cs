using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using System.Security.Cryptography;
using System.Text;
using Portail.Families;
using Portail.Notifications;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo family DUPONT and bookings that show most calendar states in October 2023, seen at the
/// demo instant (Monday 2 October 2023, 09:00). Other families' children fill places and waiting
/// lists, so that the agents' back-office has people to show. Written once, on the first start: the
/// children a family does not have yet are added, and each family's bookings are one validation with
/// a submission id of its own (<see cref="SeedSubmission"/>), which the store records once — a restart
/// duplicates nothing and gives back nothing the family cancelled. The seeded validations are
/// arbitrated by the core like any other and transmitted by the night after them (before the demo
/// day); what the family validates during the demo is "non transmise" until the next transmission.
/// Every family gets an e-mail address on file. Runs once the storage is prepared
/// (its schema migrated by the hosted service AddPortail registers, before this one).
/// </summary>
public sealed class DemoData(IOptions<DemoOptions> options, Catalogue catalogue, IFamilyDirectory families, IBookingStore bookings, NightlyTransmission transmission) : IHostedService
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = catalogue[options.Value.TenantId];
        var dupont = options.Value.FamilyId;
        List<Child> children =
        [
            new(Lenny, dupont, "DUPONT", "Lenny", new LocalDate(2019, 3, 12), "École maternelle du Parc", new HashSet<ActivityId>()),
            new(Leyah, dupont, "DUPONT", "Leyah", new LocalDate(2015, 6, 2), "École élémentaire du Parc", new HashSet<ActivityId>()),
        ];
        for (var i = 1; i <= LastNames.Length; i++)
        {
            children.Add(new Child(ChildOf("36", i), FamilyOf("36", i), LastNames[i - 1], FirstNames[i - 1], new LocalDate(2019, 1 + (i % 12), 1 + (i % 28)), "École maternelle du Parc", new HashSet<ActivityId>()));
            children.Add(new Child(ChildOf("612", i), FamilyOf("612", i), LastNames[^i], FirstNames[^i], new LocalDate(2015, 1 + (i % 12), 1 + (i % 28)), "École élémentaire du Parc", new HashSet<ActivityId>()));
        }

        foreach (var family in children.GroupBy(c => c.Family))
        {
            var known = (await families.GetChildrenAsync(tenant.Id, family.Key, cancellationToken)).Select(c => c.Id).ToHashSet();
            foreach (var child in family.Where(c => !known.Contains(c.Id)))
            {
                await families.SaveChildAsync(tenant.Id, child, cancellationToken);
            }
        }

        // Requests in the order they were validated; each family validates all of its requests at once.
        var requests = new List<(FamilyId Family, RequestKey Key)>();

        // Other families' children first: the 4 October days where Lenny will be refused and Leyah
        // will wait are full; ALSH 3-6 full with a full waiting list on 11 October, places gone but
        // room on the waiting list on 18 October (Lenny will be second in line there); the same for
        // ALSH 6-12 on 18 October. In November (period 2, open from Friday 20 October) the 15th of
        // ALSH 3-6 is full with room on its waiting list.
        void Fill(string band, ActivityId activity, LocalDate date, int children)
        {
            for (var i = 1; i <= children; i++)
            {
                requests.Add((FamilyOf(band, i), new RequestKey(ChildOf(band, i), activity, date)));
            }
        }

        Fill("36", Alsh36Journee, new LocalDate(2023, 10, 4), 24 + 6);
        Fill("612", Alsh612Matin, new LocalDate(2023, 10, 4), 12);
        Fill("36", Alsh36Journee, new LocalDate(2023, 10, 11), 24 + 6);
        Fill("36", Alsh36Journee, new LocalDate(2023, 10, 18), 24 + 1);
        Fill("612", Alsh612Journee, new LocalDate(2023, 10, 18), 24 + 2);
        Fill("612", Alsh612Journee, new LocalDate(2023, 10, 11), 12);
        Fill("36", Alsh36Journee, new LocalDate(2023, 11, 15), 24 + 2);

        void Book(ChildId child, ActivityId activity, int month, int day) =>
            requests.Add((dupont, new RequestKey(child, activity, new LocalDate(2023, month, day))));

        // Lenny (3-6): canteen past its 3-day deadline (locked) and still changeable; refused on
        // 4 October, second on 18 October's waiting list, awaiting the music school's answer.
        foreach (var day in new[] { 2, 3, 5, 9, 10, 12 })
        {
            Book(Lenny, Restauration, 10, day);
        }

        Book(Lenny, ApsMatin, 10, 9);
        Book(Lenny, Alsh36Journee, 10, 4);
        Book(Lenny, EveilMusical, 10, 11);
        Book(Lenny, Alsh36Journee, 10, 18);

        // Leyah (6-12): first on 4 October's waiting list.
        foreach (var day in new[] { 2, 3, 6, 9, 10, 13 })
        {
            Book(Leyah, Restauration, 10, day);
        }

        Book(Leyah, ApsSoir, 10, 9);
        Book(Leyah, ApsSoir, 10, 12);
        Book(Leyah, Alsh612Journee, 10, 11);
        Book(Leyah, Alsh612Matin, 10, 4);

        foreach (var family in requests.GroupBy(r => r.Family))
        {
            await RecordAsync(bookings, tenant, family.Key, SeedSubmission(tenant.Id, family.Key), family.Select(r => r.Key), cancellationToken);
        }

        // The night after the seeded validations transmitted them, before the families had addresses on
        // file: no report of them waits in the outbox. On a restart it finds nothing left to transmit.
        await transmission.RunAsync(tenant.Id, SeededAt.InZone(tenant.Zone).Date, cancellationToken);

        // Addresses, so that the transmission, the waiting-list promotions and the information mails have
        // someone to write to; an address a family changed during the demo is kept.
        var contacts = children.GroupBy(c => c.Family).Select(f => f.Key == dupont
            ? new FamilyContact(dupont, "M.", "DUPONT", "Jean-Paul", ["jp.dupont@exemple.fr", "maison.dupont@exemple.fr"])
            : new FamilyContact(f.Key, "Mme", f.First().LastName, "", [$"{f.Key.Value}@exemple.fr"]));
        foreach (var contact in contacts)
        {
            if (await families.GetContactAsync(tenant.Id, contact.Family, cancellationToken) is null)
            {
                await families.SaveContactAsync(tenant.Id, contact, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records requests of one family as one validation made before the demo (the evening of 25
    /// September 2023), arbitrated by the core like any other — places first, then the waiting list,
    /// then refused; awaiting an answer where the activity wants one — at the activities' prices. The
    /// store records a submission id once: a second call records nothing.
    /// </summary>
    public static async Task<CommitReceipt> RecordAsync(IBookingStore store, Tenant tenant, FamilyId family, Guid submission, IEnumerable<RequestKey> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(requests);
        var lines = requests.Select(k => new BookingLine(k, null, null, Activity(tenant, k.Activity).Price)).ToList();
        var limits = lines.Select(l => Activity(tenant, l.Key.Activity)).Distinct()
            .ToDictionary(a => a.Id, a => new ActivityLimits(a.Capacity, a.WaitlistSize, a.ManualApproval));
        var commit = new BookingCommit(submission, family, SeededAt, lines, [], [], [], limits, []);
        return await store.CommitAsync(tenant.Id, commit, Arbitration.Plan, cancellationToken);
    }

    /// <summary>The submission id of a family's seeded validation: the same on every start and every machine.</summary>
    public static Guid SeedSubmission(TenantId tenant, FamilyId family) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"portail-demo-seed/{tenant}/{family}")).AsSpan(0, 16));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static FamilyId FamilyOf(string band, int i) => new($"famille-{band}-{i:00}");

    private static ChildId ChildOf(string band, int i) => new($"enfant-{band}-{i:00}");

    private static Activity Activity(Tenant tenant, ActivityId id) =>
        tenant.FindActivity(id) ?? throw new InvalidOperationException($"The demo data books activity '{id}', which appsettings.json does not configure.");
}
