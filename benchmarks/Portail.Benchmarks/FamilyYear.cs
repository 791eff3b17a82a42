using Microsoft.Extensions.Configuration;
using NodaTime;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Windows;

namespace Portail.Benchmarks;

/// <summary>
/// A family of three children booked for the school year 2023–2024 of the sample municipality
/// (Cestas, <c>sample-municipality.json</c>), as the "Paiement et solde" page estimates it
/// (R-WAL-2, R-WAL-4): canteen on Monday, Tuesday, Thursday and Friday, morning and evening care,
/// the Wednesday centres and the holiday centres, from the first day of school (Monday 4 September
/// 2023) to the last (Friday 5 July 2024), at the sample's prices; a few Wednesdays on a waiting
/// list, the music school's awakening awaiting the service's answer; a ledger carried over from the
/// previous year (payments and consumptions).
/// </summary>
internal sealed class FamilyYear
{
    public static readonly TenantId TenantId = new("cestas");
    public static readonly FamilyId Family = new("martin");
    public static readonly StructureId School = new("scolaire");
    public static readonly LocalDate FirstDay = new(2023, 9, 4);
    public static readonly LocalDate LastDay = new(2024, 7, 5);

    private static readonly ChildId Lea = new("lea-martin");     // 4 years old: maternelle, the 3-6 centres
    private static readonly ChildId Hugo = new("hugo-martin");   // 7: the 6-12 centres, the music school's awakening
    private static readonly ChildId Ines = new("ines-martin");    // 10: the 6-12 centres

    private FamilyYear(Catalogue catalogue, Tenant tenant, IReadOnlyList<ChildBooking> bookings, IReadOnlyList<WalletMovement> ledger, Instant now)
    {
        Catalogue = catalogue;
        Tenant = tenant;
        Bookings = bookings;
        Ledger = ledger;
        Now = now;
    }

    public Catalogue Catalogue { get; }

    public Tenant Tenant { get; }

    /// <summary>Every booking of the year, by date then validation order (as stores return them).</summary>
    public IReadOnlyList<ChildBooking> Bookings { get; }

    /// <summary>The previous year's movements: payments and consumptions.</summary>
    public IReadOnlyList<WalletMovement> Ledger { get; }

    /// <summary>The first day of school at 07:00, Europe/Paris: every booking of the year is still to come.</summary>
    public Instant Now { get; }

    /// <summary>Loads the sample catalogue (with <paramref name="debitDaysInAdvance"/> as its billing rule) and builds the family's year.</summary>
    public static FamilyYear Build(int debitDaysInAdvance)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("sample-municipality.json", optional: false)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Portail:Tenants:0:Billing:DebitDaysInAdvance"] = debitDaysInAdvance.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        var options = new PortailOptions();
        configuration.GetSection("Portail").Bind(options);
        var catalogue = CatalogueLoader.Load(options, "Portail");
        var tenant = catalogue[TenantId];
        if (tenant.Billing.DebitDaysInAdvance != debitDaysInAdvance)
        {
            throw new InvalidOperationException($"The sample's first tenant should be '{TenantId}', configured with DebitDaysInAdvance {debitDaysInAdvance}.");
        }

        var now = new LocalDateTime(2023, 9, 4, 7, 0).InZoneStrictly(tenant.Zone).ToInstant();
        var bookings = new List<ChildBooking>();
        var sequence = 1000L;
        void Book(ChildId child, string activityId, LocalDate date, BookingStatus status = BookingStatus.Accepted)
        {
            var activity = tenant.FindActivity(new ActivityId(activityId)) ?? throw new InvalidOperationException($"The sample municipality has no activity '{activityId}'.");
            // Each booking its own strings, as a store materialises its rows.
            bookings.Add(new ChildBooking(new ChildId(new string(child.Value.AsSpan())), new ActivityId(new string(activityId.AsSpan())), date, status)
            {
                Family = Family,
                Sequence = ++sequence,
                Cost = new ConfiguredPrices().PriceOf(tenant, PricingProfile.ResidentWithoutCertificate, activity, date),
                RecordedAt = now - Duration.FromDays(20),
            });
        }

        bool Served(string activityId, LocalDate date) => BookingWindow.ServiceRefusal(tenant, tenant.FindActivity(new ActivityId(activityId))!, date) is null;

        var wednesday = 0;
        for (var date = FirstDay; date <= LastDay; date = date.PlusDays(1))
        {
            // School days: canteen and care for the three (Hugo has the flat-rate care, exclusive of the two others).
            if (Served("restauration", date))
            {
                foreach (var child in new[] { Lea, Hugo, Ines })
                {
                    Book(child, "restauration", date);
                }

                Book(Lea, "aps-matin", date);
                Book(Lea, "aps-soir", date);
                Book(Hugo, "aps-forfait", date);
                Book(Ines, "aps-matin", date);
                Book(Ines, "aps-soir", date);
            }

            // Wednesdays in school time: Léa the whole day (every fifth on the waiting list), Hugo
            // morning and afternoon, Inès too; Hugo's awakening to music awaits an answer.
            if (Served("alsh-36-mercredi-journee", date))
            {
                wednesday++;
                Book(Lea, "alsh-36-mercredi-journee", date, wednesday % 5 == 0 ? BookingStatus.Waitlisted : BookingStatus.Accepted);
                Book(Hugo, "alsh-612-mercredi-matin", date);
                Book(Hugo, "alsh-612-mercredi-apres-midi", date);
                Book(Ines, "alsh-612-mercredi-matin", date);
                Book(Ines, "alsh-612-mercredi-apres-midi", date);
                Book(Hugo, "eveil-musical", date, BookingStatus.AwaitingAnswer);
            }

            // Holidays at the centres, every day they open (Inès on the waiting list in February).
            if (Served("alsh-36-vacances", date))
            {
                Book(Lea, "alsh-36-vacances", date);
                Book(Hugo, "alsh-612-vacances", date);
                Book(Ines, "alsh-612-vacances", date, date.Month == 2 ? BookingStatus.Waitlisted : BookingStatus.Accepted);
            }
        }

        // The previous school year's last weeks: consumptions posted, payments at the desk and online.
        var ledger = new List<WalletMovement>();
        var wallet = new WalletTypeId("scolaire-alsh");
        for (var date = new LocalDate(2023, 6, 1); date <= new LocalDate(2023, 7, 7); date = date.PlusDays(1))
        {
            if (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            {
                continue;
            }

            foreach (var child in new[] { Lea, Hugo, Ines })
            {
                ledger.Add(new WalletMovement(Guid.CreateVersion7(), Family, wallet, MovementKind.Consumption, -3.50m, date, "Restauration scolaire") { Child = child, UnitPrice = 3.50m, Quantity = 1, RecordedAt = now });
            }

        }

        foreach (var (day, amount, mode) in new[] { (new LocalDate(2023, 6, 2), 200m, "CBLEUE"), (new LocalDate(2023, 7, 3), 150m, "CH"), (new LocalDate(2023, 8, 28), 400m, "CBLEUE") })
        {
            ledger.Add(new WalletMovement(Guid.CreateVersion7(), Family, wallet, MovementKind.Payment, amount, day, "Paiement") { Payment = new PaymentDetails(mode), RecordedAt = now });
        }

        ledger.Add(new WalletMovement(Guid.CreateVersion7(), Family, new WalletTypeId("musique"), MovementKind.Payment, 40m, new LocalDate(2023, 8, 28), "Paiement") { Payment = new PaymentDetails("CBLEUE"), RecordedAt = now });
        return new FamilyYear(catalogue, tenant, bookings.OrderBy(b => b.Date).ThenBy(b => b.Sequence).ToList(), ledger, now);
    }
}
