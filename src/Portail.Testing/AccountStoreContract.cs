using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Accounts;
using Portail.Notifications;
using Xunit;

namespace Portail.Testing;

/// <summary>
/// The contract every <see cref="IAccountStore"/> must pass (R-ACC-1..7, R-TEN-1), including the
/// concurrency tests: concurrent failures counted exactly, a reset token used concurrently
/// succeeding once. Subclass it and return a clean storage (the account store and its outbox).
/// </summary>
public abstract class AccountStoreContract
{
    private static readonly Instant T0 = Instant.FromUtc(2023, 10, 2, 7, 0);

    /// <summary>A storage with nothing of the tests' tenants in it.</summary>
    protected abstract Task<IPortailStorage> CreateCleanStorageAsync();

    private static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    private static Account Family(string login, string family = "F-DUPONT") =>
        new(new LoginId(login), AccountKind.Family, new FamilyId(family), "pbkdf2-sha512$v1$1$c2FsdA==$aGFzaA==", true, T0, [], [new Guardian("Mme", "DUPONT", "Marie", "Mère")], [], []);

    private static Account Agent(string login) =>
        new(new LoginId(login), AccountKind.Agent, null, "hash-agent", false, T0, [], [], [], [new AgentGrant(new StructureId("scolaire"), AgentRole.Clerk)]);

    private static string Hash(char c) => new(c, 64);

    // A clean storage, a tenant, and the account dupont.jean with the reset token Hash(c), valid an hour from T0.
    private async Task<(IPortailStorage Storage, TenantId Tenant, LoginId Jean)> JeanWithTokenAsync(char c)
    {
        var storage = await CreateCleanStorageAsync();
        var tenant = NewTenant();
        var jean = new LoginId("dupont.jean");
        await storage.Accounts.CreateAsync(tenant, Family(jean.Value));
        var expires = T0 + Duration.FromHours(1);
        await storage.Accounts.AddResetTokenAsync(tenant, new ResetToken(jean, Hash(c), T0, expires), OutboxMails.PasswordReset(tenant, new FamilyId("F-DUPONT"), new PasswordResetLink(Guid.NewGuid(), new Uri("https://portail.example/r"), expires), T0));
        return (storage, tenant, jean);
    }

    /// <summary>R-ACC-1, R-ACC-7: accounts are read back as created; a login id is given once per tenant; details replace guardians, children and grants.</summary>
    [Fact]
    public async Task R_ACC_1_accounts_are_read_back_and_a_login_is_given_once()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var tenant = NewTenant();
        var family = Family("dupont.jean");
        var agent = Agent("agent.martin");

        Assert.True(await store.CreateAsync(tenant, family));
        Assert.True(await store.CreateAsync(tenant, agent));
        Assert.False(await store.CreateAsync(tenant, Family("dupont.jean", "F-OTHER")));
        AssertSame(family, await store.GetAsync(tenant, family.Login));
        AssertSame(agent, await store.GetAsync(tenant, agent.Login));
        Assert.Null(await store.GetAsync(tenant, new LoginId("nobody")));

        Assert.True(await store.SaveDetailsAsync(tenant, family.Login, [], [new ChildId("C-LIOU")], []));
        var saved = await store.GetAsync(tenant, family.Login);
        Assert.Equal([new ChildId("C-LIOU")], saved!.SharedChildren);
        Assert.Empty(saved.OtherGuardians);
        Assert.False(await store.SaveDetailsAsync(tenant, new LoginId("nobody"), [], [], []));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.SaveDetailsAsync(tenant, family.Login, [], [], [new AgentGrant(new StructureId("scolaire"), AgentRole.Reader)]));
    }

    /// <summary>R-TEN-1: a tenant neither sees nor changes another tenant's account with the same login id.</summary>
    [Fact]
    public async Task R_TEN_1_accounts_of_another_tenant_are_invisible()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var (a, b) = (NewTenant(), NewTenant());
        await store.CreateAsync(a, Family("dupont.jean"));

        Assert.Null(await store.GetAsync(b, new LoginId("dupont.jean")));
        Assert.False(await store.SetPasswordAsync(b, new LoginId("dupont.jean"), "other", false, T0));
        Assert.True(await store.CreateAsync(b, Family("dupont.jean", "F-B")));
        Assert.Equal(new FamilyId("F-DUPONT"), (await store.GetAsync(a, new LoginId("dupont.jean")))!.Family);
    }

    /// <summary>R-ACC-2, R-ACC-3: a password change, a rehash only over the expected hash, a consent replacing the same document's.</summary>
    [Fact]
    public async Task R_ACC_2_password_rehash_and_consents_are_kept()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var tenant = NewTenant();
        var login = new LoginId("dupont.jean");
        await store.CreateAsync(tenant, Family(login.Value));

        Assert.True(await store.SetPasswordAsync(tenant, login, "hash-2", mustChange: false, T0 + Duration.FromHours(1)));
        var account = await store.GetAsync(tenant, login);
        Assert.Equal(("hash-2", false, T0 + Duration.FromHours(1)), (account!.PasswordHash, account.MustChangePassword, account.PasswordChangedAt));
        Assert.False(await store.ReplaceHashAsync(tenant, login, "hash-1", "hash-3"));
        Assert.True(await store.ReplaceHashAsync(tenant, login, "hash-2", "hash-3"));
        Assert.Equal("hash-3", (await store.GetAsync(tenant, login))!.PasswordHash);

        var rgpd = new ConsentRecord(ConsentDocument.Rgpd, "2023-09", T0);
        var cgu = new ConsentRecord(ConsentDocument.Cgu, "2023-09", T0);
        var rgpd2 = new ConsentRecord(ConsentDocument.Rgpd, "2024-01", T0 + Duration.FromDays(100));
        Assert.True(await store.RecordConsentAsync(tenant, login, rgpd));
        Assert.True(await store.RecordConsentAsync(tenant, login, cgu));
        Assert.True(await store.RecordConsentAsync(tenant, login, rgpd2));
        Assert.Equal([cgu, rgpd2], (await store.GetAsync(tenant, login))!.Consents.OrderBy(c => c.Document == ConsentDocument.Rgpd));
        Assert.False(await store.RecordConsentAsync(tenant, new LoginId("nobody"), rgpd));
    }

    /// <summary>R-ACC-2: failures are counted in a window, locked, restarted when the window or the lock ends, cleared.</summary>
    [Fact]
    public async Task R_ACC_2_failures_are_counted_locked_and_restarted()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var tenant = NewTenant();
        var key = ThrottleKey.ForLogin(new LoginId("dupont.jean"));
        var window = Duration.FromHours(24);

        Assert.Null(await store.GetFailuresAsync(tenant, key));
        Assert.Equal(new FailureCount(1, T0, T0, null), await store.RecordFailureAsync(tenant, key, T0, window));
        Assert.Equal(new FailureCount(2, T0, T0 + Duration.FromMinutes(1), null), await store.RecordFailureAsync(tenant, key, T0 + Duration.FromMinutes(1), window));
        await store.LockAsync(tenant, key, T0 + Duration.FromHours(2));
        await store.LockAsync(tenant, key, T0 + Duration.FromHours(1));
        Assert.Equal(T0 + Duration.FromHours(2), (await store.GetFailuresAsync(tenant, key))!.LockedUntil);
        Assert.Equal(3, (await store.RecordFailureAsync(tenant, key, T0 + Duration.FromMinutes(2), window)).Count);
        Assert.Equal(new FailureCount(1, T0 + Duration.FromHours(3), T0 + Duration.FromHours(3), null), await store.RecordFailureAsync(tenant, key, T0 + Duration.FromHours(3), window));
        Assert.Equal(1, (await store.RecordFailureAsync(tenant, key, T0 + Duration.FromHours(28), window)).Count);
        Assert.Null(await store.GetFailuresAsync(NewTenant(), key));
        await store.ClearFailuresAsync(tenant, key);
        Assert.Null(await store.GetFailuresAsync(tenant, key));
    }

    /// <summary>R-ACC-2: 40 concurrent failures of one login, and of one address, are each counted exactly once.</summary>
    [Fact]
    public async Task R_ACC_2_concurrent_failures_are_counted_exactly()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var tenant = NewTenant();
        var login = ThrottleKey.ForLogin(new LoginId("dupont.jean"));
        var address = ThrottleKey.ForAddress("203.0.113.7");

        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () => (await store.RecordFailureAsync(tenant, i % 2 == 0 ? login : address, T0, Duration.FromHours(24))).Count)));

        Assert.Equal(20, (await store.GetFailuresAsync(tenant, login))!.Count);
        Assert.Equal(20, (await store.GetFailuresAsync(tenant, address))!.Count);
        Assert.Equal(Enumerable.Range(1, 20).SelectMany(n => new[] { n, n }), counts.Order());
    }

    /// <summary>R-ACC-4: a token and its mail are recorded together; the token works for its login only, until it expires; a use sets the password, clears the failures and ends every token of the account.</summary>
    [Fact]
    public async Task R_ACC_4_reset_tokens_work_once_for_their_login_until_they_expire()
    {
        var storage = await CreateCleanStorageAsync();
        var store = storage.Accounts;
        var tenant = NewTenant();
        var (jean, marie) = (new LoginId("dupont.jean"), new LoginId("martin.marie"));
        await store.CreateAsync(tenant, Family(jean.Value));
        await store.CreateAsync(tenant, Family(marie.Value, "F-MARTIN"));
        var expires = T0 + Duration.FromHours(1);
        var mail = OutboxMails.PasswordReset(tenant, new FamilyId("F-DUPONT"), new PasswordResetLink(Guid.NewGuid(), new Uri("https://portail.example/reinitialiser?jeton=x"), expires), T0);
        await store.AddResetTokenAsync(tenant, new ResetToken(jean, Hash('a'), T0, expires), mail);
        await store.AddResetTokenAsync(tenant, new ResetToken(jean, Hash('b'), T0, expires), OutboxMails.PasswordReset(tenant, new FamilyId("F-DUPONT"), new PasswordResetLink(Guid.NewGuid(), new Uri("https://portail.example/r"), expires), T0));
        await store.RecordFailureAsync(tenant, ThrottleKey.ForLogin(jean), T0, Duration.FromHours(24));

        Assert.Contains(await storage.Outbox.ListAsync(tenant, new OutboxQuery()), e => e.Mail.Id == mail.Id && e.Mail.Kind == MailKind.PasswordReset);
        Assert.True(await store.FindResetTokenAsync(tenant, jean, Hash('a'), T0));
        Assert.False(await store.FindResetTokenAsync(tenant, marie, Hash('a'), T0));
        Assert.False(await store.FindResetTokenAsync(tenant, jean, Hash('a'), expires));
        Assert.False(await store.FindResetTokenAsync(NewTenant(), jean, Hash('a'), T0));
        Assert.False(await store.ResetPasswordAsync(tenant, marie, Hash('a'), "hash-marie", T0));
        Assert.False(await store.ResetPasswordAsync(tenant, jean, Hash('a'), "hash-late", expires));

        Assert.True(await store.ResetPasswordAsync(tenant, jean, Hash('a'), "hash-new", T0 + Duration.FromMinutes(5)));
        var account = await store.GetAsync(tenant, jean);
        Assert.Equal(("hash-new", false), (account!.PasswordHash, account.MustChangePassword));
        Assert.Null(await store.GetFailuresAsync(tenant, ThrottleKey.ForLogin(jean)));
        Assert.False(await store.ResetPasswordAsync(tenant, jean, Hash('a'), "hash-again", T0 + Duration.FromMinutes(6)));
        Assert.False(await store.FindResetTokenAsync(tenant, jean, Hash('b'), T0 + Duration.FromMinutes(6)));
        Assert.Equal("pbkdf2-sha512$v1$1$c2FsdA==$aGFzaA==", (await store.GetAsync(tenant, marie))!.PasswordHash);
    }

    /// <summary>R-ACC-4: any password change ends the account's reset tokens.</summary>
    [Fact]
    public async Task R_ACC_4_a_password_change_ends_the_reset_tokens()
    {
        var (storage, tenant, jean) = await JeanWithTokenAsync('c');

        Assert.True(await storage.Accounts.SetPasswordAsync(tenant, jean, "hash-changed", false, T0 + Duration.FromMinutes(1)));
        Assert.False(await storage.Accounts.FindResetTokenAsync(tenant, jean, Hash('c'), T0 + Duration.FromMinutes(2)));
    }

    /// <summary>R-ACC-4: one token used by 16 concurrent requests resets the password once.</summary>
    [Fact]
    public async Task R_ACC_4_a_token_used_concurrently_succeeds_once()
    {
        var (storage, tenant, jean) = await JeanWithTokenAsync('d');

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await storage.Accounts.ResetPasswordAsync(tenant, jean, Hash('d'), $"hash-{i}", T0 + Duration.FromMinutes(1)))));

        var winner = Assert.Single(Enumerable.Range(0, 16).Where(i => results[i]));
        Assert.Equal($"hash-{winner}", (await storage.Accounts.GetAsync(tenant, jean))!.PasswordHash);
    }

    /// <summary>Bad input at the store boundary is refused naming the field, and nothing is written.</summary>
    [Fact]
    public async Task Malformed_accounts_are_refused_naming_the_field()
    {
        var store = (await CreateCleanStorageAsync()).Accounts;
        var tenant = NewTenant();
        var good = Family("dupont.jean");
        (Account Account, string Field)[] cases =
        [
            (good with { Login = new LoginId("") }, "account.Login"),
            (good with { Family = null }, "account.Family"),
            (good with { PasswordHash = "" }, "account.PasswordHash"),
            (good with { Grants = [new AgentGrant(new StructureId("scolaire"), AgentRole.Reader)] }, "account.Grants"),
            (good with { OtherGuardians = [new Guardian("", " ", "", "")] }, "account.OtherGuardians[0].LastName"),
            (good with { SharedChildren = [new ChildId(new string('x', 65))] }, "account.SharedChildren[0]"),
            (good with { Consents = [new ConsentRecord(ConsentDocument.Cgu, "", T0)] }, "account.Consents[0].Version"),
            (Agent("agent") with { Family = new FamilyId("F") }, "account.Family"),
        ];

        foreach (var (account, field) in cases)
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.CreateAsync(tenant, account));
            Assert.Equal(field, error.ParamName);
        }

        Assert.Null(await store.GetAsync(tenant, good.Login));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.FindResetTokenAsync(tenant, good.Login, "not-a-hash", T0));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.RecordFailureAsync(tenant, new ThrottleKey(""), T0, Duration.FromHours(1)));
    }

    private static void AssertSame(Account expected, Account? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Consents = [], OtherGuardians = [], SharedChildren = [], Grants = [] }, actual with { Consents = [], OtherGuardians = [], SharedChildren = [], Grants = [] });
        Assert.Equal(expected.Consents, actual.Consents);
        Assert.Equal(expected.OtherGuardians, actual.OtherGuardians);
        Assert.Equal(expected.SharedChildren, actual.SharedChildren);
        Assert.Equal(expected.Grants, actual.Grants);
    }
}
