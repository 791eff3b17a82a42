using NodaTime;
using Portail.Booking;
using Portail.Families;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// Bad input at the store boundary (issue 4, "Tests that must exist"): another tenant's ids change
/// nothing through any port; over-long ids and texts, costs finer than a cent, and bookings of an
/// activity the commit gives no limits for are refused with an <see cref="ArgumentException"/> naming
/// the field, before anything is written.
/// </summary>
[RequiresPostgres]
public sealed class BoundaryTests
{
    private static readonly ActivityId Centre = new("centre");
    private static readonly ActivityId Music = new("musique");
    private static readonly LocalDate Day = new(2023, 10, 11);
    private static readonly DateInterval Week = new(Day, Day.PlusDays(6));
    private static readonly Instant At = Instant.FromUtc(2023, 10, 2, 7, 0);
    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new() { [Centre] = new(10, 5, false), [Music] = new(10, 3, true) };

    private readonly PostgresBookingStore _bookings = new(PostgresServer.Shared);
    private readonly PostgresBasketStore _baskets = new(PostgresServer.Shared);
    private readonly PostgresFamilyDirectory _children = new(PostgresServer.Shared);

    /// <summary>R-TEN-1: tenant B, using tenant A's ids through every port and every kind of commit, neither sees nor changes anything of A's.</summary>
    [Fact]
    public async Task R_TEN_1_another_tenants_ids_change_nothing_through_any_port()
    {
        var a = new TenantId($"a-{Guid.NewGuid():N}");
        var b = new TenantId($"b-{Guid.NewGuid():N}");
        var family = new FamilyId("dupont");
        var child = new ChildId("lenny");
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(child, Centre, Day.PlusDays(1)), RequestKind.Book));
        var first = Commit(family, [Line(child, Centre, Day), Line(child, Music, Day)]);
        await _bookings.CommitAsync(a, first, Arbitration.Plan);
        await _baskets.SaveAsync(a, family, basket);
        await _children.SaveChildAsync(a, Lenny(family, "Lenny"));
        var before = await SnapshotAsync(a, family, child);

        // B reads A's ids: nothing.
        Assert.Empty(await _bookings.GetFamilyBookingsAsync(b, family, Week));
        Assert.Empty(await _bookings.GetChildBookingsAsync(b, child, Week));
        Assert.Empty(await _bookings.GetDayCountsAsync(b, [Centre, Music], Week));
        Assert.Empty(await _bookings.GetAwaitingAnswerAsync(b));
        Assert.Equal(0, (await _bookings.GetDayAsync(b, new DayKey(Centre, Day), Limits[Centre])).Accepted);
        Assert.Equal(Basket.Empty, await _baskets.GetAsync(b, family));
        Assert.Empty(await _children.GetChildrenAsync(b, family));

        // B writes with A's ids: cancellations, answers, capacity changes, a replayed submission id, baskets, children.
        var cancel = await _bookings.CommitAsync(b, Commit(family, [], cancellations: [new RequestKey(child, Centre, Day)]), Arbitration.Plan);
        Assert.Equal(LineOutcome.NotProcessed, Assert.Single(cancel.Results).Outcome);
        var answer = await _bookings.CommitAsync(b, Commit(family, [], answers: [new Answer(new RequestKey(child, Music, Day), true)]), Arbitration.Plan);
        Assert.Equal(LineOutcome.NotProcessed, Assert.Single(answer.Results).Outcome);
        await _bookings.CommitAsync(b, Commit(default, [], capacities: [new CapacityChange(new DayKey(Centre, Day), 0)]), Arbitration.Plan);
        var replay = await _bookings.CommitAsync(b, first, Arbitration.Plan);
        Assert.False(replay.Replayed);
        await _baskets.SaveAsync(b, family, Basket.Empty);
        await _children.SaveChildAsync(b, Lenny(family, "Autre"));

        Assert.Equal(before, await SnapshotAsync(a, family, child));
        Assert.Equal(10, (await _bookings.GetDayAsync(a, new DayKey(Centre, Day), Limits[Centre])).Capacity);
    }

    /// <summary>Over-long ids in a commit are refused, naming the field; nothing is written and the submission id stays free.</summary>
    [Theory]
    [InlineData("child")]
    [InlineData("activity")]
    [InlineData("family")]
    [InlineData("tenant")]
    [InlineData("cancellation")]
    public async Task An_over_long_id_in_a_commit_is_refused_naming_the_field_and_nothing_is_written(string which)
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var family = new FamilyId("dupont");
        var child = new ChildId("lenny");
        var longId = new string('x', 65);
        var commit = which switch
        {
            "child" => Commit(family, [Line(child, Centre, Day), Line(new ChildId(longId), Centre, Day)]),
            "activity" => Commit(family, [Line(child, Centre, Day), Line(child, new ActivityId(longId), Day)]) with { Limits = new Dictionary<ActivityId, ActivityLimits>(Limits) { [new ActivityId(longId)] = new(null, 0, false) } },
            "family" => Commit(new FamilyId(longId), [Line(child, Centre, Day)]),
            "cancellation" => Commit(family, [Line(child, Centre, Day)], cancellations: [new RequestKey(child, Centre, Day.PlusDays(1)), new RequestKey(child, Centre, Day.PlusDays(2)) with { Child = new ChildId(longId) }]),
            _ => Commit(family, [Line(child, Centre, Day)]),
        };
        var target = which == "tenant" ? new TenantId(longId) : tenant;
        var expected = which switch
        {
            "child" => "commit.Bookings[1].Key.Child",
            "activity" => "commit.Bookings[1].Key.Activity",
            "family" => "commit.Family",
            "cancellation" => "commit.Cancellations[1].Child",
            _ => "tenant",
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await _bookings.CommitAsync(target, commit, Arbitration.Plan));

        Assert.Equal(expected, error.ParamName);
        Assert.Contains($"{expected} is 65 characters long", error.Message, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(target);
        Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {PostgresServer.SharedSchema}.submission WHERE id = $1", commit.SubmissionId));
    }

    /// <summary>A cost finer than a cent, a negative capacity, and a booking of an activity the commit gives no limits for (a day the catalogue does not know) are refused before anything is written.</summary>
    [Fact]
    public async Task Impossible_commits_are_refused_naming_the_field_and_nothing_is_written()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var family = new FamilyId("dupont");
        var child = new ChildId("lenny");

        var cost = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _bookings.CommitAsync(tenant, Commit(family, [Line(child, Centre, Day) with { Cost = 6.655m }]), Arbitration.Plan));
        Assert.Equal("commit.Bookings[0].Cost", cost.ParamName);
        Assert.Contains("whole cents", cost.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _bookings.CommitAsync(tenant, Commit(family, [Line(child, Centre, Day), Line(child, new ActivityId("piscine"), Day)]), Arbitration.Plan));
        Assert.Contains("commit.Limits has no entry for activity 'piscine'", unknown.Message, StringComparison.Ordinal);

        var negative = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _bookings.CommitAsync(tenant, Commit(default, [], capacities: [new CapacityChange(new DayKey(Centre, Day), -1)]), Arbitration.Plan));
        Assert.Contains("commit.CapacityChanges[0].Capacity is -1", negative.Message, StringComparison.Ordinal);

        await AssertNothingWrittenAsync(tenant);
    }

    /// <summary>Over-long and unstorable texts of a child or a basket are refused naming the field; what was stored stays as it was.</summary>
    [Fact]
    public async Task Over_long_texts_of_children_and_baskets_are_refused_naming_the_field_and_nothing_changes()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var family = new FamilyId("dupont");
        var lenny = Lenny(family, "Lenny");
        await _children.SaveChildAsync(tenant, lenny);
        var basket = Basket.Empty.With(new PendingRequest(new RequestKey(lenny.Id, Centre, Day), RequestKind.Book));
        await _baskets.SaveAsync(tenant, family, basket);

        var name = await Assert.ThrowsAsync<ArgumentException>(async () => await _children.SaveChildAsync(tenant, lenny with { FirstName = new string('é', 101) }));
        Assert.Equal("child.FirstName", name.ParamName);
        var school = await Assert.ThrowsAsync<ArgumentException>(async () => await _children.SaveChildAsync(tenant, lenny with { School = new string('s', 201) }));
        Assert.Equal("child.School", school.ParamName);
        var nul = await Assert.ThrowsAsync<ArgumentException>(async () => await _children.SaveChildAsync(tenant, lenny with { LastName = "DU\0PONT" }));
        Assert.Equal("child.LastName", nul.ParamName);
        Assert.Contains("NUL", nul.Message, StringComparison.Ordinal);
        var enrolment = await Assert.ThrowsAsync<ArgumentException>(async () => await _children.SaveChildAsync(tenant, lenny with { Enrolments = new HashSet<ActivityId> { new(new string('a', 65)) } }));
        Assert.Equal("child.Enrolments", enrolment.ParamName);
        var request = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _baskets.SaveAsync(tenant, family, basket.With(new PendingRequest(new RequestKey(lenny.Id, new ActivityId(new string('a', 65)), Day.PlusDays(1)), RequestKind.Book))));
        Assert.Equal("basket.Requests[1].Key.Activity", request.ParamName);

        Assert.Equal("Lenny", Assert.Single(await _children.GetChildrenAsync(tenant, family)).FirstName);
        Assert.Equal(basket, await _baskets.GetAsync(tenant, family));
    }

    /// <summary>What a booking keeps comes back as it went in: times, cost in cents, family, the instant to the microsecond.</summary>
    [Fact]
    public async Task A_booking_is_read_back_with_its_times_cost_and_instant()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var at = Instant.FromUtc(2023, 10, 2, 7, 0).PlusNanoseconds(123_456_789);
        var line = new BookingLine(new RequestKey(new ChildId("lenny"), Centre, Day), new LocalTime(7, 30), new LocalTime(8, 45), 12.34m);
        var commit = Commit(new FamilyId("dupont"), [line]) with { At = at };
        await _bookings.CommitAsync(tenant, commit, Arbitration.Plan);

        var booking = Assert.Single(await _bookings.GetChildBookingsAsync(tenant, new ChildId("lenny"), Week));

        Assert.Equal((new LocalTime(7, 30), new LocalTime(8, 45), 12.34m, "dupont", false), (booking.Arrival, booking.Departure, booking.Cost, booking.Family.Value, booking.Transmitted));
        Assert.Equal(at.PlusNanoseconds(-789), booking.RecordedAt);
    }

    /// <summary>A commit of lines the use case already refused writes only its receipt, which a replay gives back remark for remark.</summary>
    [Fact]
    public async Task A_commit_of_refused_lines_only_is_recorded_and_replayed()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var rejected = new LineResult(new RequestKey(new ChildId("lenny"), Centre, Day), RequestKind.Book, LineOutcome.NotProcessed, "Hors délai : réservation close le 8 octobre");
        var commit = Commit(new FamilyId("dupont"), []) with { Rejected = [rejected] };

        var first = await _bookings.CommitAsync(tenant, commit, Arbitration.Plan);
        var again = await _bookings.CommitAsync(tenant, commit, Arbitration.Plan);

        Assert.Equal([rejected], first.Results);
        Assert.True(again.Replayed);
        Assert.Equal(first.Results, again.Results);
        Assert.Empty(await _bookings.GetFamilyBookingsAsync(tenant, new FamilyId("dupont"), Week));
    }

    private static async Task AssertNothingWrittenAsync(TenantId tenant)
    {
        foreach (var table in new[] { "booking_day", "booking", "submission" })
        {
            Assert.Equal(0L, await PostgresServer.ScalarAsync<long>($"SELECT count(*) FROM {PostgresServer.SharedSchema}.{table} WHERE tenant = $1", tenant.Value));
        }
    }

    private static BookingLine Line(ChildId child, ActivityId activity, LocalDate date) => new(new RequestKey(child, activity, date), null, null, 6.65m);

    private static BookingCommit Commit(FamilyId family, IReadOnlyList<BookingLine> lines, IReadOnlyList<RequestKey>? cancellations = null, IReadOnlyList<Answer>? answers = null, IReadOnlyList<CapacityChange>? capacities = null) =>
        new(Guid.NewGuid(), family, At, lines, cancellations ?? [], answers ?? [], capacities ?? [], Limits, []);

    private static Child Lenny(FamilyId family, string firstName) =>
        new(new ChildId("lenny"), family, "DUPONT", firstName, new LocalDate(2019, 3, 12), "École du Bourg", new HashSet<ActivityId> { Centre });

    private async Task<string> SnapshotAsync(TenantId tenant, FamilyId family, ChildId child)
    {
        var bookings = await _bookings.GetFamilyBookingsAsync(tenant, family, Week);
        var counts = await _bookings.GetDayCountsAsync(tenant, [Centre, Music], Week);
        var awaiting = await _bookings.GetAwaitingAnswerAsync(tenant);
        var basket = await _baskets.GetAsync(tenant, family);
        var children = await _children.GetChildrenAsync(tenant, family);
        return string.Join(
            " | ",
            string.Join(", ", bookings.Select(b => $"{b.Key} {b.Status} {b.Sequence}")),
            string.Join(", ", counts),
            string.Join(", ", awaiting.Select(b => b.Key)),
            basket.ToString(),
            string.Join(", ", children.Select(c => $"{c.Id} {c.FirstName}")),
            string.Join(", ", (await _bookings.GetChildBookingsAsync(tenant, child, Week)).Select(b => b.Key)));
    }
}
