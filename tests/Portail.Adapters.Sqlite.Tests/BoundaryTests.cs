using System.Globalization;
using NodaTime;
using Portail.Booking;
using Portail.Families;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// Bad input at the store boundary (issue 4): another tenant's ids, an unknown activity, an
/// over-long or malformed value are refused with an <see cref="ArgumentException"/> naming the
/// field, and nothing is written.
/// </summary>
public sealed class BoundaryTests : OnASqliteFile
{
    private static readonly TenantId Cestas = new("cestas");
    private static readonly TenantId Pessac = new("pessac");
    private static readonly DayKey Day = new(Commits.Centre, Commits.Wednesday);

    [Fact]
    public async Task R_TEN_1_another_tenant_using_the_same_ids_changes_nothing_of_the_first()
    {
        var store = Database.Get<IBookingStore>();
        var baskets = Database.Get<IBasketStore>();
        await store.CommitAsync(Cestas, Commits.Book("dupont", Commits.Centre, Commits.Wednesday, "lenny"), Arbitration.Plan);
        await store.CommitAsync(Cestas, Commits.Book("dupont", Commits.Music, Commits.Wednesday, "lenny"), Arbitration.Plan);
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(new ChildId("lenny"), Commits.Centre, Commits.Wednesday.PlusDays(7)), RequestKind.Book));
        await baskets.SaveAsync(Cestas, new FamilyId("dupont"), basket);
        var before = await SnapshotAsync(store, Cestas);

        // Pessac books, cancels, answers and changes the capacity with Cestas's ids, and empties "its" basket.
        var family = new FamilyId("dupont");
        var key = new RequestKey(new ChildId("lenny"), Commits.Centre, Commits.Wednesday);
        var music = key with { Activity = Commits.Music };
        var booked = await store.CommitAsync(Pessac, Commits.Book("dupont", Commits.Centre, Commits.Wednesday, "lenny"), Arbitration.Plan);
        var pessac = await store.CommitAsync(
            Pessac,
            new BookingCommit(Guid.NewGuid(), family, Commits.At, [], [key, key with { Date = Commits.Wednesday.PlusDays(1) }], [new Answer(music, true)], [new CapacityChange(Day, 0)], Commits.Limits, []),
            Arbitration.Plan);
        await baskets.SaveAsync(Pessac, family, Basket.Empty);

        Assert.Equal(LineOutcome.Accepted, Assert.Single(booked.Results).Outcome);
        Assert.Equal([LineOutcome.Cancelled, LineOutcome.NotProcessed, LineOutcome.NotProcessed], pessac.Results.Select(r => r.Outcome));
        Assert.Equal(before, await SnapshotAsync(store, Cestas));
        Assert.Equal(basket, await baskets.GetAsync(Cestas, family));
        Assert.Equal((0, 0), ((await store.GetDayAsync(Pessac, Day, Commits.Limits[Commits.Centre])).Capacity, (await store.GetDayAsync(Pessac, Day, Commits.Limits[Commits.Centre])).Accepted));
    }

    public static TheoryData<string, string> MalformedCommits() => new()
    {
        { "empty submission id", "commit.SubmissionId" },
        { "empty family", "commit.Family" },
        { "empty tenant", "tenant" },
        { "over-long tenant", "tenant" },
        { "control character", "commit.Cancellations[0].Activity" },
        { "unknown activity", "commit.Limits" },
        { "year 0", "commit.Bookings[0].Key.Date" },
        { "over-long remark", "commit.Rejected[0].Remark" },
    };

    [Theory]
    [MemberData(nameof(MalformedCommits))]
    public async Task A_malformed_commit_is_refused_naming_the_field_and_nothing_is_written(string fault, string field)
    {
        var store = Database.Get<IBookingStore>();
        var commit = Commits.Book("dupont", Commits.Centre, Commits.Wednesday);
        var line = commit.Bookings[0];
        var tenant = Cestas;
        await Database.MigrateAsync();
        switch (fault)
        {
            case "empty submission id": commit = commit with { SubmissionId = Guid.Empty }; break;
            case "empty family": commit = commit with { Family = new FamilyId(" ") }; break;
            case "empty tenant": tenant = default; break;
            case "over-long tenant": tenant = new TenantId(new string('t', 101)); break;
            case "control character": commit = commit with { Cancellations = [line.Key with { Activity = new ActivityId("centre\0") }] }; break;
            case "unknown activity": commit = commit with { Bookings = [line with { Key = line.Key with { Activity = new ActivityId("piscine") } }] }; break;
            case "year 0": commit = commit with { Bookings = [line with { Key = line.Key with { Date = new LocalDate(0, 10, 11) } }] }; break;
            case "over-long remark": commit = commit with { Rejected = [new LineResult(line.Key, RequestKind.Book, LineOutcome.NotProcessed, new string('r', 1001))] }; break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.CommitAsync(tenant, commit, Arbitration.Plan));

        Assert.Equal(field, error.ParamName);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Malformed_baskets_children_and_queries_are_refused_naming_the_field()
    {
        var baskets = Database.Get<IBasketStore>();
        var directory = Database.Get<IFamilyDirectory>();
        var store = Database.Get<IBookingStore>();
        var child = new Child(new ChildId("lenny"), new FamilyId("dupont"), "DUPONT", "Lenny", new LocalDate(2019, 3, 12), null, new HashSet<ActivityId>());
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(new ChildId("lenny"), new ActivityId(new string('a', 101)), Commits.Wednesday), RequestKind.Book));
        await Database.MigrateAsync();

        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await baskets.SaveAsync(Cestas, new FamilyId("dupont"), basket)),
            await Assert.ThrowsAsync<ArgumentException>(async () => await baskets.SaveAsync(Cestas, default, Basket.Empty)),
            await Assert.ThrowsAsync<ArgumentException>(async () => await directory.SaveChildAsync(Cestas, child with { FirstName = new string('L', 201) })),
            await Assert.ThrowsAsync<ArgumentException>(async () => await directory.SaveChildAsync(Cestas, child with { School = "École\u0007" })),
            await Assert.ThrowsAsync<ArgumentException>(async () => await directory.SaveChildAsync(Cestas, child with { Enrolments = new HashSet<ActivityId> { new("") } })),
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetChildBookingsAsync(Cestas, new ChildId(new string('c', 101)), new DateInterval(Commits.Wednesday, Commits.Wednesday))),
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetFamilyBookingsAsync(Cestas, default, new DateInterval(Commits.Wednesday, Commits.Wednesday))),
        };

        Assert.Equal(
            ["basket.Requests[0].Key.Activity", "family", "child.FirstName", "child.School", "child.Enrolments", "child", "family"],
            errors.Select(e => e.ParamName));
        AssertNothingWritten();
        Assert.Empty(await directory.GetChildrenAsync(Cestas, new FamilyId("dupont")));
    }

    [Fact]
    public async Task Values_are_read_back_exactly()
    {
        var store = Database.Get<IBookingStore>();
        var line = new BookingLine(new RequestKey(new ChildId("lény-d'arc"), Commits.Centre, new LocalDate(1, 1, 1)), new LocalTime(7, 30, 0, 125), new LocalTime(18, 59, 59), 1234567.89m);
        var at = Instant.FromUnixTimeTicks(16962300001234567);
        var commit = new BookingCommit(Guid.NewGuid(), new FamilyId("Dupont-Martin"), at, [line], [], [], [], Commits.Limits, []);

        await store.CommitAsync(Cestas, commit, Arbitration.Plan);

        var read = Assert.Single(await store.GetChildBookingsAsync(Cestas, line.Key.Child, new DateInterval(LocalDate.MinIsoValue, LocalDate.MaxIsoValue)));
        Assert.Equal((line.Key, line.Arrival, line.Departure, line.Cost, at, commit.Family), (read.Key, read.Arrival, read.Departure, read.Cost, read.RecordedAt, read.Family));
        Assert.Equal("1234567.89", Database.Scalar("SELECT cost FROM booking"));
        Assert.Equal("text", Database.Scalar("SELECT typeof(cost) FROM booking"));
    }

    private static async Task<string> SnapshotAsync(IBookingStore store, TenantId tenant)
    {
        var all = new DateInterval(Commits.Wednesday.PlusDays(-7), Commits.Wednesday.PlusDays(7));
        var bookings = await store.GetFamilyBookingsAsync(tenant, new FamilyId("dupont"), all);
        var counts = await store.GetDayCountsAsync(tenant, [Commits.Centre, Commits.Music], all);
        var day = await store.GetDayAsync(tenant, Day, Commits.Limits[Commits.Centre]);
        var awaiting = await store.GetAwaitingAnswerAsync(tenant);
        return string.Join(
            "\n",
            bookings.Select(b => $"{b.Key} {b.Status} {b.Sequence}").Concat(counts.Select(c => c.ToString())).Append($"{day.Capacity} {day.Accepted}").Concat(awaiting.Select(a => a.Key.ToString())));
    }

    private void AssertNothingWritten()
    {
        foreach (var table in new[] { "booking", "day", "submission", "tenant_sequence", "basket_request", "child" })
        {
            Assert.True(Convert.ToInt64(Database.Scalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture) == 0, $"{table} has rows");
        }
    }
}
