using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Booking;
using Portail.Families;
using Portail.InMemory;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo family DUPONT and bookings that show most calendar states in October 2023, seen at the
/// demo instant (Monday 2 October 2023, 09:00). Other families' children only fill places.
/// </summary>
public sealed class DemoData(IOptions<DemoOptions> options, InMemoryFamilyDirectory families, InMemoryBookingStore bookings) : IHostedService
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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = options.Value.TenantId;
        var family = options.Value.FamilyId;
        families.Add(tenant, new Child(Lenny, family, "DUPONT", "Lenny", new LocalDate(2019, 3, 12), "École maternelle du Parc", new HashSet<ActivityId>()));
        families.Add(tenant, new Child(Leyah, family, "DUPONT", "Leyah", new LocalDate(2015, 6, 2), "École élémentaire du Parc", new HashSet<ActivityId>()));

        void Book(ChildId child, ActivityId activity, int month, int day, BookingStatus status = BookingStatus.Accepted) =>
            bookings.Record(tenant, new ChildBooking(child, activity, new LocalDate(2023, month, day), status));

        // Lenny (3-6): canteen past its 3-day deadline (locked) and still changeable.
        foreach (var day in new[] { 2, 3, 5, 9, 10, 12 })
        {
            Book(Lenny, Restauration, 10, day);
        }

        Book(Lenny, ApsMatin, 10, 9);
        Book(Lenny, Alsh36Journee, 10, 4, BookingStatus.Refused);
        Book(Lenny, Alsh36Journee, 10, 18, BookingStatus.Waitlisted);
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

        // Other families' children: ALSH 3-6 full with a full waiting list on 11 October, places
        // gone but room on the waiting list on 18 October; the same for ALSH 6-12 on 18 October.
        Fill(tenant, Alsh36Journee, new LocalDate(2023, 10, 11), accepted: 24, waitlisted: 6);
        Fill(tenant, Alsh36Journee, new LocalDate(2023, 10, 18), accepted: 24, waitlisted: 1);
        Fill(tenant, Alsh612Journee, new LocalDate(2023, 10, 18), accepted: 24, waitlisted: 2);
        Fill(tenant, Alsh612Journee, new LocalDate(2023, 10, 11), accepted: 12, waitlisted: 0);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Fill(TenantId tenant, ActivityId activity, LocalDate date, int accepted, int waitlisted)
    {
        for (var i = 0; i < accepted + waitlisted; i++)
        {
            var status = i < accepted ? BookingStatus.Accepted : BookingStatus.Waitlisted;
            bookings.Record(tenant, new ChildBooking(new ChildId($"autre-enfant-{i + 1:00}"), activity, date, status));
        }
    }
}
