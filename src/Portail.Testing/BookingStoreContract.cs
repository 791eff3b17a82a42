using NodaTime;
using Portail.Booking;
using Xunit;

namespace Portail.Testing;

/// <summary>
/// The contract every <see cref="IBookingStore"/> must pass (ARCHITECTURE.md musts 3 and 4).
/// Subclass it in the adapter's test project and return a clean store; every test uses its own
/// tenant ids, so one store may serve several tests.
/// </summary>
public abstract class BookingStoreContract
{
    /// <summary>An activity with 10 places and a waiting list of 5.</summary>
    protected static readonly ActivityId Centre = new("centre");

    /// <summary>An activity with unlimited places.</summary>
    protected static readonly ActivityId Canteen = new("cantine");

    /// <summary>An activity whose requests await an answer.</summary>
    protected static readonly ActivityId Music = new("musique");

    /// <summary>The day most tests book.</summary>
    protected static readonly LocalDate Wednesday = new(2023, 10, 11);

    private static readonly Instant At = Instant.FromUtc(2023, 10, 2, 7, 0);

    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new()
    {
        [Centre] = new(10, 5, false),
        [Canteen] = new(null, 0, false),
        [Music] = new(10, 3, true),
    };

    /// <summary>A store with nothing in it (or with data of other tenants only).</summary>
    protected abstract Task<IBookingStore> CreateCleanStoreAsync();

    /// <summary>How many families validate at once in the concurrency tests.</summary>
    /// <value>64.</value>
    protected virtual int ConcurrentFamilies => 64;

    /// <summary>A tenant id of its own for one test.</summary>
    protected static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    /// <summary>A commit of booking requests (child "f-child" of family "f").</summary>
    protected static BookingCommit Book(string family, params (ActivityId Activity, LocalDate Date)[] days) =>
        new(Guid.NewGuid(), new FamilyId(family), At, days.Select(d => new BookingLine(new RequestKey(new ChildId(family + "-child"), d.Activity, d.Date), null, null, 6.65m)).ToList(),
            [], [], [], Limits, []);

    /// <summary>A commit cancelling the family's bookings.</summary>
    protected static BookingCommit Cancel(string family, params (ActivityId Activity, LocalDate Date)[] days) =>
        new(Guid.NewGuid(), new FamilyId(family), At, [], days.Select(d => new RequestKey(new ChildId(family + "-child"), d.Activity, d.Date)).ToList(), [], [], Limits, []);

    /// <summary>Commits with the core's planner.</summary>
    protected static async Task<CommitReceipt> CommitAsync(IBookingStore store, TenantId tenant, BookingCommit commit) =>
        await store.CommitAsync(tenant, commit, Arbitration.Plan);

    /// <summary>R-BSK-3: A commit records its bookings and the day counts.</summary>
    [Fact]
    public async Task R_BSK_3_a_commit_records_its_bookings_and_the_day_counts()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var receipt = await CommitAsync(store, tenant, Book("dupont", (Centre, Wednesday), (Canteen, Wednesday.PlusDays(1))));

        Assert.False(receipt.Replayed);
        Assert.All(receipt.Results, r => Assert.Equal(LineOutcome.Accepted, r.Outcome));
        var bookings = await store.GetFamilyBookingsAsync(tenant, new FamilyId("dupont"), new DateInterval(Wednesday, Wednesday.PlusDays(7)));
        Assert.Equal(2, bookings.Count);
        Assert.All(bookings, b => Assert.Equal(6.65m, b.Cost));
        Assert.True(bookings[0].Sequence < bookings[1].Sequence);
        var child = await store.GetChildBookingsAsync(tenant, new ChildId("dupont-child"), new DateInterval(Wednesday, Wednesday));
        Assert.Equal(BookingStatus.Accepted, Assert.Single(child).Status);
        var count = Assert.Single(await store.GetDayCountsAsync(tenant, [Centre], new DateInterval(Wednesday, Wednesday)));
        Assert.Equal((1, 0), (count.Accepted, count.Waitlisted));
    }

    /// <summary>R-BSK-3: A commit whose planning fails writes nothing.</summary>
    [Fact]
    public async Task R_BSK_3_a_commit_whose_planning_fails_writes_nothing()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var commit = Book("dupont", (Centre, Wednesday), (Centre, Wednesday.PlusDays(7)));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.CommitAsync(tenant, commit, (_, _, _, _) => throw new InvalidOperationException("planner failed")));

        Assert.Empty(await store.GetFamilyBookingsAsync(tenant, new FamilyId("dupont"), new DateInterval(Wednesday, Wednesday.PlusDays(7))));
        var retry = await CommitAsync(store, tenant, commit);
        Assert.False(retry.Replayed);
        Assert.Equal(2, (await store.GetFamilyBookingsAsync(tenant, new FamilyId("dupont"), new DateInterval(Wednesday, Wednesday.PlusDays(7)))).Count);
    }

    /// <summary>R-BSK-3: A submission is applied once.</summary>
    [Fact]
    public async Task R_BSK_3_a_submission_is_applied_once()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var commit = Book("dupont", (Centre, Wednesday));
        var first = await CommitAsync(store, tenant, commit);
        var again = await CommitAsync(store, tenant, commit);

        Assert.True(again.Replayed);
        Assert.Equal(first.Results, again.Results);
        var ledger = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        Assert.Equal(1, ledger.Accepted);

        var read = await store.GetReceiptAsync(tenant, commit.SubmissionId);
        Assert.NotNull(read);
        Assert.True(read.Replayed);
        Assert.Equal(first.Results, read.Results);
        Assert.Null(await store.GetReceiptAsync(tenant, Guid.NewGuid()));
        Assert.Null(await store.GetReceiptAsync(NewTenant(), commit.SubmissionId));
    }

    /// <summary>R-BSK-4: A cancellation promotes the first of the waiting list.</summary>
    [Fact]
    public async Task R_BSK_4_a_cancellation_promotes_the_first_of_the_waiting_list()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        for (var i = 0; i < 13; i++)
        {
            await CommitAsync(store, tenant, Book($"f{i:00}", (Centre, Wednesday)));
        }

        var before = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        Assert.Equal(10, before.Accepted);
        Assert.Equal(["f10", "f11", "f12"], before.Waiting.Select(w => w.Family.Value));

        var receipt = await CommitAsync(store, tenant, Cancel("f03", (Centre, Wednesday)));

        Assert.Equal(LineOutcome.Cancelled, Assert.Single(receipt.Results).Outcome);
        Assert.Equal("f10", Assert.Single(receipt.Promoted).Family.Value);
        var after = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        Assert.Equal(10, after.Accepted);
        Assert.Equal(["f11", "f12"], after.Waiting.Select(w => w.Family.Value));
        var promoted = await store.GetChildBookingsAsync(tenant, new ChildId("f10-child"), new DateInterval(Wednesday, Wednesday));
        Assert.Equal(BookingStatus.Accepted, Assert.Single(promoted).Status);
    }

    /// <summary>R-BSK-4: Waiting list and refused requests can be cancelled.</summary>
    [Fact]
    public async Task R_BSK_4_waiting_list_and_refused_requests_can_be_cancelled()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        for (var i = 0; i < 17; i++)
        {
            await CommitAsync(store, tenant, Book($"f{i:00}", (Centre, Wednesday)));
        }

        var refused = await store.GetChildBookingsAsync(tenant, new ChildId("f16-child"), new DateInterval(Wednesday, Wednesday));
        Assert.Equal(BookingStatus.Refused, Assert.Single(refused).Status);

        await CommitAsync(store, tenant, Cancel("f12", (Centre, Wednesday)));
        await CommitAsync(store, tenant, Cancel("f16", (Centre, Wednesday)));

        var day = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        Assert.Equal(10, day.Accepted);
        Assert.Equal(["f10", "f11", "f13", "f14"], day.Waiting.Select(w => w.Family.Value));
        Assert.Empty(await store.GetChildBookingsAsync(tenant, new ChildId("f16-child"), new DateInterval(Wednesday, Wednesday)));
    }

    /// <summary>R-BSK-4: A lowered capacity cancels no one and promotes no one until the count is under it.</summary>
    [Fact]
    public async Task R_BSK_4_a_lowered_capacity_cancels_no_one_and_promotes_no_one_until_the_count_is_under_it()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        for (var i = 0; i < 12; i++)
        {
            await CommitAsync(store, tenant, Book($"f{i:00}", (Centre, Wednesday)));
        }

        var day = new DayKey(Centre, Wednesday);
        await store.CommitAsync(tenant, new BookingCommit(Guid.NewGuid(), default, At, [], [], [], [new CapacityChange(day, 8)], Limits, []), Arbitration.Plan);
        var lowered = await store.GetDayAsync(tenant, day, Limits[Centre]);
        Assert.Equal((8, 10, 2), (lowered.Capacity, lowered.Accepted, lowered.Waiting.Count));

        var cancel = await CommitAsync(store, tenant, Cancel("f00", (Centre, Wednesday)));
        Assert.Empty(cancel.Promoted);
        Assert.Equal(9, (await store.GetDayAsync(tenant, day, Limits[Centre])).Accepted);

        var raised = await store.CommitAsync(tenant, new BookingCommit(Guid.NewGuid(), default, At, [], [], [], [new CapacityChange(day, 11)], Limits, []), Arbitration.Plan);
        Assert.Equal(["f10", "f11"], raised.Promoted.Select(p => p.Family.Value));
        Assert.Equal((11, 11, 0), ((await store.GetDayAsync(tenant, day, Limits[Centre])).Capacity, (await store.GetDayAsync(tenant, day, Limits[Centre])).Accepted, (await store.GetDayAsync(tenant, day, Limits[Centre])).Waiting.Count));
    }

    /// <summary>R-BSK-2: Requests awaiting an answer are arbitrated when accepted.</summary>
    [Fact]
    public async Task R_BSK_2_requests_awaiting_an_answer_are_arbitrated_when_accepted()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var receipt = await CommitAsync(store, tenant, Book("dupont", (Music, Wednesday)));
        Assert.Equal(LineOutcome.AwaitingAnswer, Assert.Single(receipt.Results).Outcome);
        var awaiting = Assert.Single(await store.GetAwaitingAnswerAsync(tenant));

        var answer = await store.CommitAsync(tenant, new BookingCommit(Guid.NewGuid(), awaiting.Family, At, [], [], [new Answer(awaiting.Key, true)], [], Limits, []), Arbitration.Plan);

        Assert.Equal(LineOutcome.Accepted, Assert.Single(answer.Results).Outcome);
        Assert.Empty(await store.GetAwaitingAnswerAsync(tenant));
        Assert.Equal(1, (await store.GetDayAsync(tenant, new DayKey(Music, Wednesday), Limits[Music])).Accepted);
    }

    /// <summary>R-TEN-1: A tenant neither sees nor changes another tenants bookings.</summary>
    [Fact]
    public async Task R_TEN_1_a_tenant_neither_sees_nor_changes_another_tenants_bookings()
    {
        var store = await CreateCleanStoreAsync();
        var a = NewTenant();
        var b = NewTenant();
        await CommitAsync(store, a, Book("dupont", (Centre, Wednesday)));
        var days = new DateInterval(Wednesday, Wednesday);

        Assert.Empty(await store.GetChildBookingsAsync(b, new ChildId("dupont-child"), days));
        Assert.Empty(await store.GetFamilyBookingsAsync(b, new FamilyId("dupont"), days));
        Assert.Empty(await store.GetDayCountsAsync(b, [Centre], days));
        Assert.Equal(0, (await store.GetDayAsync(b, new DayKey(Centre, Wednesday), Limits[Centre])).Accepted);

        var cancel = await CommitAsync(store, b, Cancel("dupont", (Centre, Wednesday)));
        Assert.Equal(LineOutcome.NotProcessed, Assert.Single(cancel.Results).Outcome);
        Assert.Single(await store.GetChildBookingsAsync(a, new ChildId("dupont-child"), days));
    }

    /// <summary>R-BSK-3: Many families validating at once never exceed capacity.</summary>
    [Fact]
    public async Task R_BSK_3_many_families_validating_at_once_never_exceed_capacity()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var families = Enumerable.Range(0, ConcurrentFamilies).Select(i => $"f{i:000}").ToList();

        var receipts = await RaceAsync(families.Select(f => (Func<Task<CommitReceipt>>)(() => CommitAsync(store, tenant, Book(f, (Centre, Wednesday))))));

        var outcomes = receipts.Select(r => Assert.Single(r.Results).Outcome).ToList();
        Assert.Equal(10, outcomes.Count(o => o == LineOutcome.Accepted));
        Assert.Equal(5, outcomes.Count(o => o == LineOutcome.Waitlisted));
        Assert.Equal(ConcurrentFamilies - 15, outcomes.Count(o => o == LineOutcome.Refused));
        await AssertConsistentAsync(store, tenant, families);
    }

    /// <summary>R-BSK-4: Cancellations and promotions racing keep capacity and order.</summary>
    [Fact]
    public async Task R_BSK_4_cancellations_and_promotions_racing_keep_capacity_and_order()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var families = Enumerable.Range(0, ConcurrentFamilies).Select(i => $"f{i:000}").ToList();
        await RaceAsync(families.Select(f => (Func<Task<CommitReceipt>>)(() => CommitAsync(store, tenant, Book(f, (Centre, Wednesday))))));
        var accepted = (await AllBookingsAsync(store, tenant, families)).Where(b => b.Status == BookingStatus.Accepted).Select(b => b.Family.Value).ToList();
        var waitingBefore = (await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre])).Waiting.Select(w => w.Family.Value).ToList();

        var late = Enumerable.Range(0, 8).Select(i => $"late{i}").ToList();
        var work = accepted.Take(4).Select(f => (Func<Task<CommitReceipt>>)(() => CommitAsync(store, tenant, Cancel(f, (Centre, Wednesday)))))
            .Concat(late.Select(f => (Func<Task<CommitReceipt>>)(() => CommitAsync(store, tenant, Book(f, (Centre, Wednesday))))));
        var receipts = await RaceAsync(work);

        var promoted = receipts.SelectMany(r => r.Promoted).OrderBy(p => p.Sequence).Select(p => p.Family.Value).ToList();
        Assert.Equal(waitingBefore.Take(promoted.Count), promoted);
        Assert.Equal(4, promoted.Count); // the waiting list had 5: the first 4 take the freed places
        await AssertConsistentAsync(store, tenant, families.Concat(late).ToList());
        var day = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        Assert.Equal(10, day.Accepted);
    }

    /// <summary>R-BSK-3: with six times as many attempts as places, exactly the capacity is accepted and the waiting list filled, in validation order.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(500)]
    public async Task R_BSK_3_capacity_is_exact_under_concurrency(int capacity)
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var activity = new ActivityId($"jour-{capacity}");
        var limits = new Dictionary<ActivityId, ActivityLimits> { [activity] = new(capacity, (capacity + 1) / 2, false) };
        var families = Enumerable.Range(0, Math.Max(ConcurrentFamilies, capacity * 6)).Select(i => $"f{i:0000}").ToList();
        using var throttle = new SemaphoreSlim(ConcurrentFamilies);

        var receipts = await RaceAsync(families.Select(f => (Func<Task<CommitReceipt>>)(async () =>
        {
            await throttle.WaitAsync();
            try
            {
                return await CommitAsync(store, tenant, Book(f, (activity, Wednesday)) with { Limits = limits });
            }
            finally
            {
                throttle.Release();
            }
        })));

        var outcomes = receipts.Select(r => Assert.Single(r.Results).Outcome).ToList();
        Assert.Equal(capacity, outcomes.Count(o => o == LineOutcome.Accepted));
        Assert.Equal((capacity + 1) / 2, outcomes.Count(o => o == LineOutcome.Waitlisted));
        Assert.Equal(families.Count - capacity - ((capacity + 1) / 2), outcomes.Count(o => o == LineOutcome.Refused));
        var day = await store.GetDayAsync(tenant, new DayKey(activity, Wednesday), limits[activity]);
        var count = Assert.Single(await store.GetDayCountsAsync(tenant, [activity], new DateInterval(Wednesday, Wednesday)));
        Assert.Equal((capacity, (capacity + 1) / 2), (day.Accepted, day.Waiting.Count));
        Assert.Equal((capacity, (capacity + 1) / 2), (count.Accepted, count.Waitlisted));
        var waitlisted = receipts.Where(r => r.Results[0].Outcome == LineOutcome.Waitlisted).Select(r => r.Results[0].Key).ToHashSet();
        Assert.True(waitlisted.SetEquals(day.Waiting.Select(w => w.Key)));
        Assert.Equal(day.Waiting.OrderBy(w => w.Sequence).Select(w => w.Key), day.Waiting.Select(w => w.Key));

        // First come, first served: in the order of validation, the first ones have the places, the next the waiting list.
        var rows = await store.GetDayBookingsAsync(tenant, new DayKey(activity, Wednesday));
        Assert.Equal(families.Count, rows.Count);
        Assert.Equal(rows.OrderBy(r => r.Sequence), rows);
        Assert.Empty(await store.GetDayBookingsAsync(NewTenant(), new DayKey(activity, Wednesday)));
        var expected = rows.Select((_, i) => i < capacity ? BookingStatus.Accepted : i < capacity + ((capacity + 1) / 2) ? BookingStatus.Waitlisted : BookingStatus.Refused);
        Assert.Equal(expected, rows.Select(r => r.Status));
    }

    /// <summary>Bad input at the store boundary: an empty submission id, an over-long or empty id, a missing activity's limits, a negative capacity or cost are refused with an <see cref="ArgumentException"/> naming the field, and nothing is written.</summary>
    [Fact]
    public async Task Bad_input_is_refused_naming_the_field_and_writes_nothing()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var good = Book("f", (Centre, Wednesday));
        var longId = new string('x', Identifier.MaxLength + 1);
        (BookingCommit Commit, string Field)[] cases =
        [
            (good with { SubmissionId = Guid.Empty }, "commit.SubmissionId"),
            (good with { Limits = new Dictionary<ActivityId, ActivityLimits>() }, "commit.Limits"),
            (good with { Limits = new Dictionary<ActivityId, ActivityLimits> { [Centre] = new(-1, 0, false) } }, "commit.Limits"),
            (good with { Bookings = [good.Bookings[0] with { Key = good.Bookings[0].Key with { Child = new ChildId(longId) } }] }, "commit.Bookings[0].Key.Child"),
            (good with { Bookings = [good.Bookings[0] with { Key = good.Bookings[0].Key with { Activity = new ActivityId(" ") } }] }, "commit.Bookings[0].Key.Activity"),
            (good with { Bookings = [good.Bookings[0] with { Cost = -1m }] }, "commit.Bookings[0].Cost"),
            (good with { Bookings = [good.Bookings[0] with { Cost = 1.005m }] }, "commit.Bookings[0].Cost"),
            (good with { Family = default }, "commit.Family"),
            (good with { CapacityChanges = [new CapacityChange(new DayKey(Centre, Wednesday), -2)] }, "commit.CapacityChanges[0].Capacity"),
        ];

        foreach (var (commit, field) in cases)
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => CommitAsync(store, tenant, commit));
            Assert.Contains(field, error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAnyAsync<ArgumentException>(() => CommitAsync(store, new TenantId(longId), good));
        Assert.Empty(await store.GetDayCountsAsync(tenant, [Centre], new DateInterval(Wednesday, Wednesday)));
        Assert.Empty(await store.GetFamilyBookingsAsync(tenant, new FamilyId("f"), new DateInterval(Wednesday, Wednesday)));
        Assert.Equal(LineOutcome.Accepted, Assert.Single((await CommitAsync(store, tenant, good)).Results).Outcome);
    }

    /// <summary>
    /// R-BSK-3, R-BSK-4: model-based check — the same seeded random histories of validations,
    /// cancellations and capacity changes, run on this store and on the in-memory reference, show the
    /// same outcomes, promotions, counts and waiting lists after every step.
    /// </summary>
    [Fact]
    public async Task R_BSK_3_the_store_shows_what_the_in_memory_reference_shows()
    {
        var store = await CreateCleanStoreAsync();
        for (var seed = 1; seed <= 12; seed++)
        {
            var tenant = NewTenant();
            var reference = new InMemory.InMemoryBookingStore();
            var random = new Random(seed);
            for (var step = 0; step < 60; step++)
            {
                var family = $"f{random.Next(8)}";
                var date = Wednesday.PlusDays(7 * random.Next(3));
                var roll = random.Next(10);
                var commit = roll < 6 ? Book(family, (Centre, date))
                    : roll < 9 ? Cancel(family, (Centre, date))
                    : new BookingCommit(Guid.NewGuid(), default, At, [], [], [], [new CapacityChange(new DayKey(Centre, date), random.Next(4) is var c && c == 3 ? null : c)], Limits, []);
                var actual = await CommitAsync(store, tenant, commit);
                var expected = await CommitAsync(reference, tenant, commit);
                var where = $"seed {seed}, step {step + 1}";
                Assert.True(expected.Results.Select(r => (r.Key, r.Outcome)).SequenceEqual(actual.Results.Select(r => (r.Key, r.Outcome))), $"{where}: outcomes differ");
                Assert.True(expected.Promoted.Select(p => p.Key).SequenceEqual(actual.Promoted.Select(p => p.Key)), $"{where}: promotions differ");
                var day = new DayKey(Centre, date);
                var a = await store.GetDayAsync(tenant, day, Limits[Centre]);
                var e = await reference.GetDayAsync(tenant, day, Limits[Centre]);
                Assert.True((e.Capacity, e.Accepted) == (a.Capacity, a.Accepted), $"{where}: day shows {a.Capacity}/{a.Accepted}, reference {e.Capacity}/{e.Accepted}");
                Assert.True(e.Waiting.Select(w => w.Key).SequenceEqual(a.Waiting.Select(w => w.Key)), $"{where}: waiting lists differ");
            }
        }
    }

    /// <summary>Runs the operations at once, released together.</summary>
    protected static async Task<IReadOnlyList<CommitReceipt>> RaceAsync(IEnumerable<Func<Task<CommitReceipt>>> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = operations.Select(op => Task.Run(async () =>
        {
            await gate.Task;
            return await op();
        })).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task<List<ChildBooking>> AllBookingsAsync(IBookingStore store, TenantId tenant, IReadOnlyList<string> families)
    {
        var all = new List<ChildBooking>();
        foreach (var f in families)
        {
            all.AddRange(await store.GetFamilyBookingsAsync(tenant, new FamilyId(f), new DateInterval(Wednesday, Wednesday)));
        }

        return all;
    }

    // Capacity and waiting list respected, waiting list in validation order, counts equal to rows.
    private static async Task AssertConsistentAsync(IBookingStore store, TenantId tenant, IReadOnlyList<string> families)
    {
        var rows = await AllBookingsAsync(store, tenant, families);
        var day = await store.GetDayAsync(tenant, new DayKey(Centre, Wednesday), Limits[Centre]);
        var count = Assert.Single(await store.GetDayCountsAsync(tenant, [Centre], new DateInterval(Wednesday, Wednesday)));
        Assert.True(day.Accepted <= 10, $"{day.Accepted} accepted for 10 places");
        Assert.True(day.Waiting.Count <= 5, $"{day.Waiting.Count} waiting for 5 places");
        Assert.Equal(rows.Count(b => b.Status == BookingStatus.Accepted), day.Accepted);
        Assert.Equal(rows.Count(b => b.Status == BookingStatus.Accepted), count.Accepted);
        Assert.Equal(rows.Count(b => b.Status == BookingStatus.Waitlisted), count.Waitlisted);
        Assert.Equal(day.Waiting.OrderBy(w => w.Sequence).Select(w => w.Key), day.Waiting.Select(w => w.Key));
        Assert.Equal(rows.Count, rows.Select(r => r.Sequence).Distinct().Count());
    }
}
