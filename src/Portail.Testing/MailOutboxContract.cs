using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Booking;
using Portail.Notifications;
using Xunit;

namespace Portail.Testing;

/// <summary>
/// The contract every storage's <see cref="IMailOutbox"/> must pass (ARCHITECTURE.md musts 3 and 6):
/// mails recorded once, claimed by one dispatcher at a time under a lease, settled only by the
/// claim that holds them, listed per tenant for agents; and the mail of a waiting-list promotion
/// written by the booking store in the commit that promotes (R-BSK-4, R-NTF-2). Subclass it and
/// return a clean storage; every test uses tenants of its own.
/// </summary>
public abstract class MailOutboxContract
{
    /// <summary>The instant the tests' mails are recorded at.</summary>
    protected static readonly Instant T0 = Instant.FromUtc(2023, 5, 4, 18, 0);

    private static readonly Duration Lease = Duration.FromMinutes(10);

    /// <summary>A storage with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<IPortailStorage> CreateCleanStorageAsync();

    /// <summary>
    /// A second storage on the same data, as another host process would open it (its own pool, its own
    /// locks), for the concurrency tests; the default is the first one.
    /// </summary>
    protected virtual Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult(first);

    /// <summary>A tenant id of its own for one test.</summary>
    protected static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    /// <summary>A mail of a service information to <paramref name="family"/>, recorded at <paramref name="at"/>.</summary>
    protected static OutboxMail Mail(TenantId tenant, string family, Instant at, string subject = "Grève du jeudi 12 octobre") =>
        OutboxMails.ServiceInformation(tenant, new FamilyId(family), new ServiceInformation(Guid.NewGuid(), new StructureId("regie"), subject, "Le service de restauration sera assuré."), at);

    /// <summary>Recorded mails are due at their instant, and each is claimed once.</summary>
    [Fact]
    public async Task Recorded_mails_are_due_at_their_instant_and_claimed_once()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        var mails = new[] { Mail(tenant, "a", T0), Mail(tenant, "b", T0 + Duration.FromSeconds(1)), Mail(tenant, "c", T0 + Duration.FromSeconds(2)) };
        Assert.Equal(3, await outbox.AddAsync(mails));

        Assert.Empty(await outbox.ClaimAsync(T0 - Duration.FromSeconds(1), Lease, 10, tenant));
        var first = await outbox.ClaimAsync(T0 + Duration.FromMinutes(1), Lease, 2, tenant);
        var second = await outbox.ClaimAsync(T0 + Duration.FromMinutes(1), Lease, 10, tenant);

        Assert.Equal([mails[0].Id, mails[1].Id], first.Select(c => c.Mail.Id));
        Assert.Equal([mails[2].Id], second.Select(c => c.Mail.Id));
        Assert.All(first.Concat(second), c => Assert.Equal((1, T0 + Duration.FromMinutes(1) + Lease), (c.Attempt, c.LeaseUntil)));
        Assert.NotEqual(first[0].Lease, second[0].Lease);
        var read = first[0].Mail;
        Assert.Equal((mails[0].Tenant, mails[0].Family, mails[0].Kind, mails[0].CreatedAt), (read.Tenant, read.Family, read.Kind, read.CreatedAt));
        Assert.Equal(JsonOf(mails[0].Payload), JsonOf(read.Payload));
        Assert.Empty(await outbox.ClaimAsync(T0 + Duration.FromMinutes(2), Lease, 10, tenant));
    }

    /// <summary>A claim for no tenant in particular (the dispatcher's) takes the due mails of every tenant, in due order.</summary>
    [Fact]
    public async Task A_claim_for_every_tenant_takes_the_longest_due_first()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        // Long before the other tests' mails, so that a store they share hands out these first.
        var early = Instant.FromUtc(2001, 1, 1, 0, 0) + Duration.FromSeconds(Random.Shared.Next(1_000_000));
        var a = NewTenant();
        var b = NewTenant();
        var mails = new[] { Mail(b, "b", early + Duration.FromSeconds(2)), Mail(a, "a", early), Mail(b, "b", early + Duration.FromSeconds(1)) };
        await outbox.AddAsync(mails);

        var claimed = await outbox.ClaimAsync(early + Duration.FromSeconds(2), Lease, ClaimedMail.MaxBatch);

        Assert.Equal([mails[1].Id, mails[2].Id, mails[0].Id], claimed.Where(c => c.Mail.Tenant == a || c.Mail.Tenant == b).Select(c => c.Mail.Id));
        Assert.Equal(claimed.OrderBy(c => c.Mail.CreatedAt).Select(c => c.Mail.Id), claimed.Select(c => c.Mail.Id));
    }

    /// <summary>A mail recorded twice (the same cause, the same id) is kept once, as it was.</summary>
    [Fact]
    public async Task A_mail_recorded_twice_is_kept_once()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        var mail = Mail(tenant, "a", T0);
        Assert.Equal(1, await outbox.AddAsync([mail]));
        Assert.Equal(0, await outbox.AddAsync([mail with { Payload = "{\"changed\":true}" }, mail]));

        var listed = Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery()));
        Assert.Equal(JsonOf(mail.Payload), JsonOf(listed.Mail.Payload));
        Assert.Equal((OutboxState.Pending, 0, T0), (listed.State, listed.Attempts, listed.NextAttemptAt));
    }

    /// <summary>A claimed mail is held until its lease expires; then another claim takes it, and only the holder of the lease can settle it.</summary>
    [Fact]
    public async Task A_claimed_mail_is_held_until_its_lease_expires_and_only_its_holder_settles_it()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        await outbox.AddAsync([Mail(tenant, "a", T0)]);
        var first = Assert.Single(await outbox.ClaimAsync(T0, Lease, 10, tenant));
        var sending = Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery()));
        Assert.Equal((OutboxState.Sending, 1, first.LeaseUntil), (sending.State, sending.Attempts, sending.LeaseUntil));

        Assert.Empty(await outbox.ClaimAsync(T0 + Lease - Duration.FromSeconds(1), Lease, 10, tenant));
        var second = Assert.Single(await outbox.ClaimAsync(T0 + Lease, Lease, 10, tenant));
        Assert.Equal(2, second.Attempt);
        Assert.NotEqual(first.Lease, second.Lease);

        Assert.False(await outbox.SettleAsync(first, MailSettlement.Sent(T0 + Lease)));
        Assert.Equal(OutboxState.Sending, Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery())).State);
        Assert.True(await outbox.SettleAsync(second, MailSettlement.Sent(T0 + Lease)));
        Assert.False(await outbox.SettleAsync(second, MailSettlement.Sent(T0 + Lease)));
    }

    /// <summary>A sent mail is marked sent at once and never claimed again.</summary>
    [Fact]
    public async Task A_sent_mail_is_never_claimed_again()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        await outbox.AddAsync([Mail(tenant, "a", T0)]);
        var claim = Assert.Single(await outbox.ClaimAsync(T0, Lease, 10, tenant));
        Assert.True(await outbox.SettleAsync(claim, MailSettlement.Sent(T0 + Duration.FromSeconds(3))));

        var sent = Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery()));
        Assert.Equal((OutboxState.Sent, 1, (Instant?)(T0 + Duration.FromSeconds(3)), (Instant?)null, (string?)null), (sent.State, sent.Attempts, sent.SettledAt, sent.LeaseUntil, sent.LastError));
        Assert.Empty(await outbox.ClaimAsync(T0 + Duration.FromDays(365), Lease, 10, tenant));
    }

    /// <summary>A temporary failure keeps the server's answer, and the mail is due again at the time given, not before.</summary>
    [Fact]
    public async Task A_retry_is_due_again_at_its_time_with_the_servers_answer()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        await outbox.AddAsync([Mail(tenant, "a", T0)]);
        var claim = Assert.Single(await outbox.ClaimAsync(T0, Lease, 10, tenant));
        Assert.True(await outbox.SettleAsync(claim, MailSettlement.Retry(T0, T0 + Duration.FromHours(1), "421 4.7.0 Try again later")));

        var pending = Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery()));
        Assert.Equal((OutboxState.Pending, 1, T0 + Duration.FromHours(1), "421 4.7.0 Try again later", (Instant?)null), (pending.State, pending.Attempts, pending.NextAttemptAt, pending.LastError, pending.SettledAt));
        Assert.Empty(await outbox.ClaimAsync(T0 + Duration.FromMinutes(59), Lease, 10, tenant));
        Assert.Equal(2, Assert.Single(await outbox.ClaimAsync(T0 + Duration.FromHours(1), Lease, 10, tenant)).Attempt);
    }

    /// <summary>A permanent failure is kept with the server's answer for the agents, and does not hold back the other mails.</summary>
    [Fact]
    public async Task A_failed_mail_keeps_the_servers_answer_and_does_not_block_the_others()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        var bad = Mail(tenant, "bad", T0);
        var good = Mail(tenant, "good", T0 + Duration.FromSeconds(1));
        await outbox.AddAsync([bad, good]);
        var claim = Assert.Single(await outbox.ClaimAsync(T0, Lease, 1, tenant));
        Assert.Equal(bad.Id, claim.Mail.Id);
        Assert.True(await outbox.SettleAsync(claim, MailSettlement.Failed(T0, "550 5.1.1 <x@exemple.fr>: Recipient address rejected")));

        var other = Assert.Single(await outbox.ClaimAsync(T0 + Duration.FromSeconds(1), Lease, 10, tenant));
        Assert.Equal(good.Id, other.Mail.Id);
        Assert.True(await outbox.SettleAsync(other, MailSettlement.Sent(T0 + Duration.FromSeconds(1))));
        var failed = Assert.Single(await outbox.ListAsync(tenant, new OutboxQuery(OutboxState.Failed)));
        Assert.Equal((bad.Id, "550 5.1.1 <x@exemple.fr>: Recipient address rejected", (Instant?)T0), (failed.Mail.Id, failed.LastError, failed.SettledAt));
        Assert.Empty(await outbox.ClaimAsync(T0 + Duration.FromDays(365), Lease, 10, tenant));
    }

    /// <summary>R-TEN-1: agents list their tenant's mails only, newest first, by state and by family, up to the limit.</summary>
    [Fact]
    public async Task R_TEN_1_agents_list_their_tenants_mails_newest_first()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var a = NewTenant();
        var b = NewTenant();
        var mails = Enumerable.Range(0, 5).Select(i => Mail(a, i % 2 == 0 ? "dupont" : "martin", T0 + Duration.FromMinutes(i))).ToList();
        await outbox.AddAsync([.. mails, Mail(b, "dupont", T0)]);

        Assert.Equal(mails.Select(m => m.Id).Reverse(), (await outbox.ListAsync(a, new OutboxQuery())).Select(e => e.Mail.Id));
        Assert.Equal([mails[4].Id, mails[2].Id], (await outbox.ListAsync(a, new OutboxQuery(Family: new FamilyId("dupont"), Limit: 2))).Select(e => e.Mail.Id));
        Assert.Single(await outbox.ListAsync(b, new OutboxQuery()));
        Assert.Empty(await outbox.ListAsync(a, new OutboxQuery(OutboxState.Sent)));
        Assert.Empty(await outbox.ListAsync(NewTenant(), new OutboxQuery()));
    }

    /// <summary>Every store refuses the same bad input, naming it, and records nothing of a batch it refuses.</summary>
    [Fact]
    public async Task Bad_input_is_refused_and_nothing_of_the_batch_is_recorded()
    {
        var outbox = (await CreateCleanStorageAsync()).Outbox;
        var tenant = NewTenant();
        var good = Mail(tenant, "a", T0);
        Assert.Equal("mails[1].Id", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.AddAsync([good, good with { Id = Guid.Empty }]))).ParamName);
        Assert.Equal("mails[0].Payload", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.AddAsync([good with { Payload = "pas du JSON" }]))).ParamName);
        Assert.Equal("mails[0].Family", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.AddAsync([good with { Family = new FamilyId("") }]))).ParamName);
        Assert.Empty(await outbox.ListAsync(tenant, new OutboxQuery()));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await outbox.ClaimAsync(T0, Duration.Zero, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await outbox.ClaimAsync(T0, Lease, 0));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.ListAsync(tenant, new OutboxQuery(Limit: 0)));
        await outbox.AddAsync([good]);
        var claim = Assert.Single(await outbox.ClaimAsync(T0, Lease, 10, tenant));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.SettleAsync(claim, new MailSettlement(OutboxState.Sending, T0, null, null)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await outbox.SettleAsync(claim, new MailSettlement(OutboxState.Pending, T0, null, "no time")));
        Assert.True(await outbox.SettleAsync(claim, MailSettlement.Sent(T0)));
    }

    /// <summary>
    /// R-NTF-2: eight dispatchers — on two storages, as two processes would be — claim at once, in small
    /// batches, until nothing is left: every mail is claimed exactly once.
    /// </summary>
    [Fact]
    public async Task R_NTF_2_dispatchers_claiming_at_once_never_get_the_same_mail()
    {
        var first = await CreateCleanStorageAsync();
        var second = await CreateSecondStorageAsync(first);
        var tenant = NewTenant();
        var mails = Enumerable.Range(0, 240).Select(i => Mail(tenant, $"f{i % 40}", T0 + Duration.FromMilliseconds(i))).ToList();
        await first.Outbox.AddAsync(mails);

        var claimed = new ConcurrentBag<ClaimedMail>();
        using var start = new SemaphoreSlim(0);
        var dispatchers = Enumerable.Range(0, 8).Select(d => Task.Run(async () =>
        {
            var outbox = (d % 2 == 0 ? first : second).Outbox;
            await start.WaitAsync();
            while (true)
            {
                var batch = await outbox.ClaimAsync(T0 + Duration.FromMinutes(1), Lease, 7, tenant);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var claim in batch)
                {
                    claimed.Add(claim);
                    Assert.True(await outbox.SettleAsync(claim, MailSettlement.Sent(T0 + Duration.FromMinutes(1))));
                }
            }
        })).ToList();
        start.Release(8);
        await Task.WhenAll(dispatchers);

        var twice = claimed.GroupBy(c => c.Mail.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"claimed twice: {string.Join(", ", twice)}");
        Assert.Equal(mails.Select(m => m.Id).Order(), claimed.Select(c => c.Mail.Id).Order());
        Assert.All(await first.Outbox.ListAsync(tenant, new OutboxQuery(Limit: 1000)), e => Assert.Equal((OutboxState.Sent, 1), (e.State, e.Attempts)));
    }

    /// <summary>
    /// R-BSK-4, R-NTF-2: the cancellation that frees a place writes, in its commit, the mail of the
    /// family whose waiting-list request got it; replaying the commit writes nothing more.
    /// </summary>
    [Fact]
    public async Task R_BSK_4_a_promotion_writes_its_mail_in_the_commit_that_promotes()
    {
        var (storage, tenant, day) = await MartinWaitsForDupontsPlaceAsync();
        Assert.Empty(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));

        var cancel = ContractCommits.Cancel("dupont", T0 + Duration.FromHours(1), (ContractCommits.OnePlace, day));
        var receipt = await storage.Bookings.CommitAsync(tenant, cancel, Arbitration.Plan);
        var promoted = Assert.Single(receipt.Promoted);
        Assert.Equal(new FamilyId("martin"), promoted.Family);

        var mail = Assert.Single(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));
        var expected = OutboxMails.WaitlistPromoted(tenant, promoted, cancel.At);
        Assert.Equal(expected, mail.Mail with { Payload = expected.Payload });
        Assert.Equal(JsonOf(expected.Payload), JsonOf(mail.Mail.Payload));
        Assert.Equal((OutboxState.Pending, cancel.At), (mail.State, mail.NextAttemptAt));

        Assert.True((await storage.Bookings.CommitAsync(tenant, cancel, Arbitration.Plan)).Replayed);
        Assert.Single(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));
    }

    /// <summary>R-BSK-4: a commit whose planning fails writes no mail.</summary>
    [Fact]
    public async Task R_BSK_4_a_commit_that_fails_writes_no_mail()
    {
        var (storage, tenant, day) = await MartinWaitsForDupontsPlaceAsync();

        var cancel = ContractCommits.Cancel("dupont", T0, (ContractCommits.OnePlace, day));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await storage.Bookings.CommitAsync(tenant, cancel, (c, d, e, n) =>
        {
            Assert.Single(Arbitration.Plan(c, d, e, n).Promoted);
            throw new InvalidOperationException("the planner failed after deciding a promotion");
        }));

        Assert.Empty(await storage.Outbox.ListAsync(tenant, new OutboxQuery()));
    }

    // The one place of a day is dupont's; martin is first on its waiting list.
    private async Task<(IPortailStorage Storage, TenantId Tenant, LocalDate Day)> MartinWaitsForDupontsPlaceAsync()
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        var day = new LocalDate(2023, 5, 15);
        await storage.Bookings.CommitAsync(tenant, ContractCommits.Book("dupont", T0, (ContractCommits.OnePlace, day)), Arbitration.Plan);
        await storage.Bookings.CommitAsync(tenant, ContractCommits.Book("martin", T0, (ContractCommits.OnePlace, day)), Arbitration.Plan);
        return (storage, tenant, day);
    }

    // Stores may keep JSON in their own spacing and key order: compare what it says.
    private static string JsonOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
