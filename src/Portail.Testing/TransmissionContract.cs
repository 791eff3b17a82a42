using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Booking;
using Portail.Families;
using Portail.Notifications;
using Xunit;
using static Portail.Testing.ContractCommits;

namespace Portail.Testing;

/// <summary>
/// The contract of the nightly transmission every storage must pass (R-NTF-1, R-BSK-5,
/// ARCHITECTURE.md must 6): commits journal their movements — cancellations included, though they
/// delete their booking — until a transmission hands them to its planner with the families'
/// contacts, records the planner's mails in the outbox and marks movements and bookings
/// transmitted, all at once; a second run finds nothing; concurrent runs report once. Subclass it
/// and return a clean storage; every test uses tenants of its own.
/// </summary>
public abstract class TransmissionContract
{
    /// <summary>Thursday 4 May 2023, 18:00 UTC: the requests of the day.</summary>
    private static readonly Instant Day = Instant.FromUtc(2023, 5, 4, 18, 0);

    /// <summary>The end of that day.</summary>
    private static readonly Instant Midnight = Instant.FromUtc(2023, 5, 4, 22, 0);

    private static readonly LocalDate Monday = new(2023, 5, 15);

    /// <summary>A storage with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<IPortailStorage> CreateCleanStorageAsync();

    /// <summary>A second storage on the same data, as another host process would open it; the default is the first one.</summary>
    protected virtual Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult(first);

    /// <summary>
    /// R-NTF-1: the day's requests of three families — one with an address, one whose contact has none,
    /// one without a contact — reach the planner with the contacts recorded; the one report it writes
    /// is in the outbox, pending; every movement and booking of the day is transmitted.
    /// </summary>
    [Fact]
    public async Task R_NTF_1_a_transmission_hands_the_days_movements_to_its_planner_and_records_its_reports()
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        await storage.Families.SaveContactAsync(tenant, Contact("dupont", "jp.dupont@exemple.fr", "maison@exemple.fr"));
        await storage.Families.SaveContactAsync(tenant, Contact("martin"));
        var dupont = Book("dupont", Day, (OnePlace, Monday), (Canteen, Monday), (Canteen, Monday.PlusDays(1)));
        await storage.Bookings.CommitAsync(tenant, dupont, Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, Book("martin", Day + Duration.FromMinutes(1), (OnePlace, Monday)), Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, Book("bernard", Day + Duration.FromMinutes(2), (OnePlace, Monday), (Canteen, Monday)), Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, Cancel("dupont", Day + Duration.FromMinutes(3), (Canteen, Monday.PlusDays(1))), Arbitration.Plan);

        var planner = new RecordingPlanner(tenant, Midnight);
        var result = await storage.Bookings.TransmitAsync(tenant, Midnight, planner.Plan);

        Assert.Equal(new TransmissionResult(7, 5, 1), result);
        var movements = Assert.Single(planner.Calls);
        Assert.Equal(7, movements.Count);
        var ofDupont = movements.Where(m => m.Family == new FamilyId("dupont")).OrderBy(m => m.At).ThenBy(m => m.Kind).ThenBy(m => m.Key.Activity.Value, StringComparer.Ordinal).ThenBy(m => m.Key.Date).ToList();
        Assert.Equal(
            [
                (OnePlace, Monday, RequestKind.Book, BookingStatus.Accepted, dupont.SubmissionId, Day),
                (Canteen, Monday, RequestKind.Book, BookingStatus.Accepted, dupont.SubmissionId, Day),
                (Canteen, Monday.PlusDays(1), RequestKind.Book, BookingStatus.Accepted, dupont.SubmissionId, Day),
                (Canteen, Monday.PlusDays(1), RequestKind.Cancel, BookingStatus.Accepted, ofDupont[3].Submission, Day + Duration.FromMinutes(3)),
            ],
            ofDupont.Select(m => (m.Key.Activity, m.Key.Date, m.Kind, m.Status, m.Submission, m.At)));
        Assert.All(ofDupont, m => Assert.Equal(ChildOf("dupont"), m.Key.Child));
        Assert.Equal([BookingStatus.Waitlisted], movements.Where(m => m.Family == new FamilyId("martin")).Select(m => m.Status));
        Assert.Equal([BookingStatus.Waitlisted, BookingStatus.Accepted], movements.Where(m => m.Family == new FamilyId("bernard")).OrderBy(m => m.Key.Activity.Value, StringComparer.Ordinal).Select(m => m.Status));

        var contacts = Assert.Single(planner.Contacts);
        Assert.Equal(["dupont", "martin"], contacts.Keys.Select(f => f.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["jp.dupont@exemple.fr", "maison@exemple.fr"], contacts[new FamilyId("dupont")].Emails);

        var report = Assert.Single(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));
        Assert.Equal((MailKind.TransmissionReport, new FamilyId("dupont"), OutboxState.Pending, Midnight), (report.Mail.Kind, report.Mail.Family, report.State, report.NextAttemptAt));
        foreach (var family in new[] { "dupont", "martin", "bernard" })
        {
            Assert.All(await BookingsOf(storage, tenant, family), b => Assert.True(b.Transmitted, $"{family}'s booking of {b.Activity} on {b.Date} is not transmitted"));
        }
    }

    /// <summary>R-NTF-1: a second transmission of the same day finds nothing, changes nothing and writes nothing more.</summary>
    [Fact]
    public async Task R_NTF_1_a_second_transmission_of_the_day_finds_nothing()
    {
        var (storage, tenant) = await OneRequestWithAnAddressAsync();
        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(tenant, Midnight, new RecordingPlanner(tenant, Midnight).Plan));

        var again = new RecordingPlanner(tenant, Midnight);
        Assert.Equal(new TransmissionResult(0, 0, 0), await storage.Bookings.TransmitAsync(tenant, Midnight, again.Plan));
        Assert.Empty(Assert.Single(again.Calls));
        Assert.Single(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));
    }

    /// <summary>R-NTF-1, R-BSK-5: what is recorded after the end of the day waits, non transmise, for the next night.</summary>
    [Fact]
    public async Task R_NTF_1_requests_after_the_day_wait_for_the_next_night()
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        await storage.Families.SaveContactAsync(tenant, Contact("dupont", "jp.dupont@exemple.fr"));
        await storage.Bookings.CommitAsync(tenant, Book("dupont", Midnight - Duration.FromSeconds(1), (Canteen, Monday)), Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, Book("dupont", Midnight, (Canteen, Monday.PlusDays(1))), Arbitration.Plan);

        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(tenant, Midnight, new RecordingPlanner(tenant, Midnight).Plan));
        Assert.Equal([(Monday, true), (Monday.PlusDays(1), false)], (await BookingsOf(storage, tenant, "dupont")).Select(b => (b.Date, b.Transmitted)));

        var next = new RecordingPlanner(tenant, Midnight + Duration.FromDays(1));
        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(tenant, Midnight + Duration.FromDays(1), next.Plan));
        Assert.Equal(Monday.PlusDays(1), Assert.Single(Assert.Single(next.Calls)).Key.Date);
        Assert.Equal(2, (await storage.Outbox.ListAsync(tenant, new OutboxQuery())).Count);
    }

    /// <summary>R-NTF-1, R-BSK-4: a cancellation is remembered until transmitted, though its booking is gone; the promoted booking becomes non transmise again until the night.</summary>
    [Fact]
    public async Task R_NTF_1_a_cancellation_is_remembered_until_transmitted()
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        await storage.Bookings.CommitAsync(tenant, Book("dupont", Day - Duration.FromDays(1), (OnePlace, Monday)), Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, Book("martin", Day - Duration.FromDays(1), (OnePlace, Monday)), Arbitration.Plan);
        await storage.Bookings.TransmitAsync(tenant, Midnight - Duration.FromDays(1), new RecordingPlanner(tenant, Midnight).Plan);
        Assert.True(Assert.Single(await BookingsOf(storage, tenant, "martin")).Transmitted);

        await storage.Bookings.CommitAsync(tenant, Cancel("dupont", Day, (OnePlace, Monday)), Arbitration.Plan);
        Assert.Empty(await BookingsOf(storage, tenant, "dupont"));
        var promoted = Assert.Single(await BookingsOf(storage, tenant, "martin"));
        Assert.Equal((BookingStatus.Accepted, false), (promoted.Status, promoted.Transmitted));

        var planner = new RecordingPlanner(tenant, Midnight);
        Assert.Equal(new TransmissionResult(1, 1, 0), await storage.Bookings.TransmitAsync(tenant, Midnight, planner.Plan));
        var cancellation = Assert.Single(Assert.Single(planner.Calls));
        Assert.Equal((new FamilyId("dupont"), RequestKind.Cancel, BookingStatus.Accepted, Monday), (cancellation.Family, cancellation.Kind, cancellation.Status, cancellation.Key.Date));
        Assert.True(Assert.Single(await BookingsOf(storage, tenant, "martin")).Transmitted);
    }

    /// <summary>R-NTF-1: a transmission whose planner fails changes nothing; the next run transmits everything.</summary>
    [Fact]
    public async Task R_NTF_1_a_transmission_whose_planner_fails_changes_nothing()
    {
        var (storage, tenant) = await OneRequestWithAnAddressAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await storage.Bookings.TransmitAsync(tenant, Midnight, (_, _) => throw new InvalidOperationException("planner failed")));
        Assert.False(Assert.Single(await BookingsOf(storage, tenant, "dupont")).Transmitted);
        Assert.Empty(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));

        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(tenant, Midnight, new RecordingPlanner(tenant, Midnight).Plan));
    }

    /// <summary>
    /// R-NTF-1: eight transmissions of the same day at once, on two storages as two processes would
    /// run them, while families keep validating: each movement is reported once, one report per family.
    /// </summary>
    [Fact]
    public async Task R_NTF_1_concurrent_transmissions_report_each_movement_once()
    {
        var first = await CreateCleanStorageAsync();
        var second = await CreateSecondStorageAsync(first);
        var tenant = NewTenant();
        var families = Enumerable.Range(0, 12).Select(i => $"f{i:00}").ToList();
        foreach (var family in families)
        {
            await first.Families.SaveContactAsync(tenant, Contact(family, $"{family}@exemple.fr"));
            await first.Bookings.CommitAsync(tenant, Book(family, Day, (OnePlace, Monday), (Canteen, Monday)), Arbitration.Plan);
        }

        var reported = new ConcurrentBag<BookingMovement>();
        using var start = new SemaphoreSlim(0);
        var runs = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await (r % 2 == 0 ? first : second).Bookings.TransmitAsync(tenant, Midnight, (movements, contacts) =>
            {
                foreach (var m in movements)
                {
                    reported.Add(m);
                }

                return new RecordingPlanner(tenant, Midnight).Plan(movements, contacts);
            });
        })).ToList();
        var late = Task.Run(async () =>
        {
            await start.WaitAsync();
            await second.Bookings.CommitAsync(tenant, Book("late", Midnight + Duration.FromHours(1), (OnePlace, Monday)), Arbitration.Plan);
        });
        start.Release(9);
        var results = await Task.WhenAll(runs);
        await late;

        Assert.Equal(24, results.Sum(r => r.Movements));
        Assert.Equal(24, results.Sum(r => r.Bookings));
        Assert.Equal(12, results.Sum(r => r.Reports));
        Assert.Equal(24, reported.Count);
        Assert.Equal(24, reported.Select(m => (m.Family, m.Key)).Distinct().Count());
        var reports = await first.Outbox.ListAsync(tenant, new OutboxQuery());
        Assert.Equal(families, reports.Select(r => r.Mail.Family.Value).Order(StringComparer.Ordinal));
        Assert.False(Assert.Single(await BookingsOf(first, tenant, "late")).Transmitted);
    }

    /// <summary>R-TEN-1: a transmission touches its tenant only.</summary>
    [Fact]
    public async Task R_TEN_1_a_transmission_touches_its_tenant_only()
    {
        var storage = await CreateCleanStorageAsync();
        var a = NewTenant();
        var b = NewTenant();
        foreach (var tenant in new[] { a, b })
        {
            await storage.Families.SaveContactAsync(tenant, Contact("dupont", "jp.dupont@exemple.fr"));
            await storage.Bookings.CommitAsync(tenant, Book("dupont", Day, (Canteen, Monday)), Arbitration.Plan);
        }

        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(a, Midnight, new RecordingPlanner(a, Midnight).Plan));
        Assert.False(Assert.Single(await BookingsOf(storage, b, "dupont")).Transmitted);
        Assert.Empty(await storage.Outbox.ListAsync(b, new OutboxQuery()));
        Assert.Equal(new TransmissionResult(1, 1, 1), await storage.Bookings.TransmitAsync(b, Midnight, new RecordingPlanner(b, Midnight).Plan));
    }

    private static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    // A storage where the family "dupont", which has an address, booked the canteen during the day.
    private async Task<(IPortailStorage Storage, TenantId Tenant)> OneRequestWithAnAddressAsync()
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        await storage.Families.SaveContactAsync(tenant, Contact("dupont", "jp.dupont@exemple.fr"));
        await storage.Bookings.CommitAsync(tenant, Book("dupont", Day, (Canteen, Monday)), Arbitration.Plan);
        return (storage, tenant);
    }

    private static FamilyContact Contact(string family, params string[] emails) => new(new FamilyId(family), "M.", family.ToUpperInvariant(), "Jean", emails);

    private static async Task<IReadOnlyList<ChildBooking>> BookingsOf(IPortailStorage storage, TenantId tenant, string family) =>
        await storage.Bookings.GetFamilyBookingsAsync(tenant, new FamilyId(family), new DateInterval(Monday.PlusDays(-30), Monday.PlusDays(30)));

    /// <summary>A planner that writes one report per family with an address, and remembers what it was given.</summary>
    private sealed class RecordingPlanner(TenantId tenant, Instant at)
    {
        public List<IReadOnlyList<BookingMovement>> Calls { get; } = [];

        public List<IReadOnlyDictionary<FamilyId, FamilyContact>> Contacts { get; } = [];

        public List<OutboxMail> Plan(IReadOnlyList<BookingMovement> movements, IReadOnlyDictionary<FamilyId, FamilyContact> contacts)
        {
            Calls.Add(movements);
            Contacts.Add(contacts);
            return movements
                .Where(m => contacts.TryGetValue(m.Family, out var c) && c.Emails.Count > 0)
                .GroupBy(m => m.Family)
                .Select(g => OutboxMails.TransmissionReport(tenant, g.Key, new StructureId("regie"), g.ToList(), at))
                .ToList();
        }
    }
}
