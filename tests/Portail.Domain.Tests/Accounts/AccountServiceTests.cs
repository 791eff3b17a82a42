using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Portail.Accounts;
using Portail.Catalog.Configuration;
using Portail.Families;
using Portail.InMemory;
using Portail.Notifications;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Accounts;

/// <summary>An in-memory world: the sample municipality, a fake clock, accounts and their outbox.</summary>
internal sealed class AccountWorld
{
    public static readonly Uri ResetPage = new("https://famille.cestas.fr/reinitialiser");

    public AccountWorld(AccountOptions? options = null)
    {
        Options = options ?? new AccountOptions { HashIterations = 1_000 };
        Outbox = new InMemoryMailOutbox();
        Store = new InMemoryAccountStore(Outbox);
        Directory = new InMemoryFamilyDirectory();
        Catalogue = CatalogueLoader.Load(Sample.Options(), "Portail");
        Service = new AccountService(Store, Directory, Catalogue, Clock, Microsoft.Extensions.Options.Options.Create(Options));
        Access = new AccessControl(Directory, Catalogue);
    }

    public FakeClock Clock { get; } = new(At("2023-10-02T09:00"));

    public AccountOptions Options { get; }

    public InMemoryMailOutbox Outbox { get; }

    public InMemoryAccountStore Store { get; }

    public InMemoryFamilyDirectory Directory { get; }

    public Portail.Catalog.Catalogue Catalogue { get; }

    public AccountService Service { get; }

    public AccessControl Access { get; }

    /// <summary>A family account whose holder chose <paramref name="password"/> and accepted the documents, with a contact.</summary>
    public async Task<LoginId> FamilyAsync(string login, string family, string password = "Cantine-Lenny-2023", params string[] emails)
    {
        var created = (await Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId(login), new FamilyId(family)))).AsT0;
        await Directory.SaveContactAsync(Cestas, new FamilyContact(new FamilyId(family), "M.", family.ToUpperInvariant(), "Jean", emails.Length > 0 ? emails : [$"{login}@exemple.fr"]));
        Assert.True((await Service.SignInAsync(Cestas, login, created.TemporaryPassword)).AsT0.MustChangePassword);
        Assert.True((await Service.ChooseNewPasswordAsync(Cestas, created.Login, password, password)).IsT0);
        await Service.AcceptAsync(Cestas, created.Login, [ConsentDocument.Rgpd, ConsentDocument.Cgu]);
        return created.Login;
    }

    /// <summary>The reset links in the outbox, newest first.</summary>
    public async Task<List<Uri>> ResetLinksAsync() =>
        (await Outbox.ListAsync(Cestas, new OutboxQuery()))
            .Where(e => e.Mail.Kind == MailKind.PasswordReset)
            .Select(e => new Uri(JsonDocument.Parse(e.Mail.Payload).RootElement.GetProperty("link").GetString()!))
            .ToList();

    public static string Token(Uri link) => Uri.UnescapeDataString(link.Query.Split('&').Single(p => p.StartsWith("jeton=", StringComparison.Ordinal) || p.StartsWith("?jeton=", StringComparison.Ordinal)).Split('=')[1]);
}

/// <summary>Accounts: creation, first sign-in, throttling, reset, consent, profile (R-ACC-1..5).</summary>
public sealed class AccountServiceTests
{
    private readonly AccountWorld _world = new();

    /// <summary>R-ACC-1, R-ACC-2, R-ACC-3: an agent creates the account with a temporary password; the first sign-in forces a new one, then the RGPD notice and CGU; then the holder enters.</summary>
    [Fact]
    public async Task R_ACC_1_a_new_account_changes_its_temporary_password_then_accepts_the_documents()
    {
        var created = (await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("dupont.jean"), Dupont))).AsT0;
        Assert.Empty(_world.Service.Policy.Check(created.TemporaryPassword, created.Login));
        Assert.Equal("L'identifiant « dupont.jean » est déjà attribué à un autre compte.", (await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("dupont.jean"), new FamilyId("x")))).AsT1.Message);

        var first = (await _world.Service.SignInAsync(Cestas, "dupont.jean", created.TemporaryPassword)).AsT0;
        Assert.Equal((true, false), (first.MustChangePassword, first.CanEnter));
        Assert.Null(await _world.Service.ActorAsync(Cestas, created.Login));
        var same = (await _world.Service.ChooseNewPasswordAsync(Cestas, created.Login, created.TemporaryPassword, created.TemporaryPassword)).AsT1;
        Assert.Contains(PasswordRule.SameAsCurrent, same.Rules);
        var mismatch = (await _world.Service.ChooseNewPasswordAsync(Cestas, created.Login, "Cantine-Lenny-2023", "Cantine-Lenny-2024")).AsT1;
        Assert.Equal([PasswordRule.Confirmation], mismatch.Rules);
        Assert.Equal("Le mot de passe a bien été enregistré.", (await _world.Service.ChooseNewPasswordAsync(Cestas, created.Login, "Cantine-Lenny-2023", "Cantine-Lenny-2023")).AsT0.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _world.Service.ChooseNewPasswordAsync(Cestas, created.Login, "Autre-Chose-2023", "Autre-Chose-2023"));

        var second = (await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).AsT0;
        Assert.Equal([ConsentDocument.Rgpd, ConsentDocument.Cgu], second.ConsentsDue);
        Assert.Equal([ConsentDocument.Cgu], await _world.Service.AcceptAsync(Cestas, created.Login, [ConsentDocument.Rgpd]));
        Assert.Empty(await _world.Service.AcceptAsync(Cestas, created.Login, [ConsentDocument.Cgu]));
        var actor = Assert.IsType<FamilyActor>(await _world.Service.ActorAsync(Cestas, created.Login));
        Assert.Equal(Dupont, actor.Family);
        var consents = (await _world.Store.GetAsync(Cestas, created.Login))!.Consents;
        Assert.All(consents, c => Assert.Equal(("1", _world.Clock.GetCurrentInstant()), (c.Version, c.AcceptedAt)));
    }

    /// <summary>R-ACC-3: when the CGU's version changes, acceptance is asked again, of the CGU only.</summary>
    [Fact]
    public async Task R_ACC_3_a_new_version_of_the_cgu_is_asked_again()
    {
        var login = await _world.FamilyAsync("dupont.jean", "dupont");
        _world.Options.Consent.CguVersion = "2024-01";

        var signedIn = (await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).AsT0;
        Assert.Equal([ConsentDocument.Cgu], signedIn.ConsentsDue);
        Assert.Null(await _world.Service.ActorAsync(Cestas, login));
        Assert.Empty(await _world.Service.AcceptAsync(Cestas, login, [ConsentDocument.Cgu]));
        Assert.Contains(new ConsentRecord(ConsentDocument.Cgu, "2024-01", _world.Clock.GetCurrentInstant()), (await _world.Store.GetAsync(Cestas, login))!.Consents);
    }

    /// <summary>R-ACC-2: 30 wrong passwords in a row lock the account; the right password then fails until the lock ends; another account is unaffected. At the real cost (210,000 iterations).</summary>
    [Fact]
    public async Task R_ACC_2_thirty_wrong_passwords_lock_the_account_until_the_lock_ends()
    {
        var world = new AccountWorld(new AccountOptions());
        var jean = await world.FamilyAsync("dupont.jean", "dupont");
        await world.FamilyAsync("martin.marie", "martin", "Piscine-Lou-2023");

        var answers = new List<SignInRefused>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add((await world.Service.SignInAsync(Cestas, "dupont.jean", $"Faux-{i}-mdp")).AsT1);
            world.Clock.AdvanceSeconds(1);
        }

        Assert.Equal(SignInRefusal.WrongCredentials, answers[0].Reason);
        Assert.Equal(SignInRefusal.TooSoon, answers[4].Reason);
        Assert.All(answers.Skip(world.Options.Throttle.MaxFailures - 1), a => Assert.Equal(SignInRefusal.Locked, a.Reason));
        var locked = answers[^1];
        Assert.StartsWith("Après trop d'essais infructueux, la connexion à ce compte est bloquée jusqu'au mardi 3 octobre 2023 à 09:00.", locked.Message, StringComparison.Ordinal);

        var right = (await world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).AsT1;
        Assert.Equal(SignInRefusal.Locked, right.Reason);
        Assert.True((await world.Service.SignInAsync(Cestas, "martin.marie", "Piscine-Lou-2023")).IsT0);

        world.Clock.Reset(locked.RetryAt!.Value - Duration.FromSeconds(1));
        Assert.True((await world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).IsT1);
        world.Clock.Reset(locked.RetryAt!.Value);
        Assert.Equal(jean, (await world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).AsT0.Actor.Login);
        Assert.Null(await world.Store.GetFailuresAsync(Cestas, ThrottleKey.ForLogin(jean)));
    }

    /// <summary>R-ACC-2: failures slow down: after the free ones, each attempt waits a doubling delay, and an attempt within it is refused unchecked.</summary>
    [Fact]
    public async Task R_ACC_2_failures_slow_down_before_the_lock()
    {
        await _world.FamilyAsync("dupont.jean", "dupont");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Faux-1-mdp")).AsT1.RetryAt);
        }

        var fourth = (await _world.Service.SignInAsync(Cestas, "dupont.jean", "Faux-1-mdp")).AsT1;
        Assert.Equal((SignInRefusal.WrongCredentials, _world.Clock.GetCurrentInstant() + Duration.FromSeconds(30)), (fourth.Reason, fourth.RetryAt));
        var early = (await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).AsT1;
        Assert.Equal(SignInRefusal.TooSoon, early.Reason);
        _world.Clock.AdvanceMinutes(5);
        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).IsT0);
    }

    /// <summary>R-ACC-2: an unknown login id and a wrong password get the same answer, and unknown ids are throttled alike (no account discovery).</summary>
    [Fact]
    public async Task R_ACC_2_an_unknown_login_and_a_wrong_password_get_the_same_answer()
    {
        await _world.FamilyAsync("dupont.jean", "dupont");
        var wrong = (await _world.Service.SignInAsync(Cestas, "dupont.jean", "Faux-1-mdp")).AsT1;
        var unknown = (await _world.Service.SignInAsync(Cestas, "dupont.jeanne", "Faux-1-mdp")).AsT1;
        Assert.Equal(wrong, unknown);
        Assert.Equal("Identifiant ou mot de passe incorrect.", wrong.Message);
        Assert.Equal(1, (await _world.Store.GetFailuresAsync(Cestas, ThrottleKey.ForLogin(new LoginId("dupont.jeanne"))))!.Count);
    }

    /// <summary>R-ACC-2: too many failures from one address block it, whatever the login ids tried.</summary>
    [Fact]
    public async Task R_ACC_2_an_address_with_too_many_failures_is_blocked()
    {
        var world = new AccountWorld(new AccountOptions { HashIterations = 1_000, Throttle = new ThrottleOptions { MaxFailuresPerAddress = 5 } });
        await world.FamilyAsync("dupont.jean", "dupont");
        for (var i = 0; i < 5; i++)
        {
            await world.Service.SignInAsync(Cestas, $"essai{i}", "Faux-1-mdp", "203.0.113.7");
        }

        var blocked = (await world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023", "203.0.113.7")).AsT1;
        Assert.Equal(SignInRefusal.AddressBlocked, blocked.Reason);
        Assert.True((await world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023", "198.51.100.1")).IsT0);
    }

    /// <summary>R-ACC-2: when the configured cost is raised, a password is hashed again at the next sign-in.</summary>
    [Fact]
    public async Task R_ACC_2_raising_the_cost_rehashes_at_the_next_sign_in()
    {
        var login = await _world.FamilyAsync("dupont.jean", "dupont");
        Assert.Equal(1_000, PasswordHashing.IterationsOf((await _world.Store.GetAsync(Cestas, login))!.PasswordHash));
        _world.Options.HashIterations = 2_000;

        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).IsT0);
        Assert.Equal(2_000, PasswordHashing.IterationsOf((await _world.Store.GetAsync(Cestas, login))!.PasswordHash));
        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Cantine-Lenny-2023")).IsT0);
    }

    /// <summary>R-ACC-4: a matching login id and address record a hashed token and its mail; the link resets the password once.</summary>
    [Fact]
    public async Task R_ACC_4_a_reset_link_is_mailed_and_works_once()
    {
        var login = await _world.FamilyAsync("dupont.jean", "dupont", "Cantine-Lenny-2023", "jp.dupont@exemple.fr", "maison@exemple.fr");
        var answer = await _world.Service.RequestResetAsync(Cestas, " dupont.jean ", "MAISON@exemple.fr", AccountWorld.ResetPage);
        var link = Assert.Single(await _world.ResetLinksAsync());
        Assert.StartsWith("https://famille.cestas.fr/reinitialiser?identifiant=dupont.jean&jeton=", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("valable une heure", answer.Message, StringComparison.Ordinal);
        var token = AccountWorld.Token(link);
        Assert.True(await _world.Store.FindResetTokenAsync(Cestas, login, AccountService.Sha256(token), _world.Clock.GetCurrentInstant()));

        var weak = (await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", token, "azerty", "azerty")).AsT1;
        Assert.Contains(PasswordRule.MinLength, weak.Rules);
        Assert.True((await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", token, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).IsT0);
        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Nouveau-Mdp-2023")).IsT0);
    }

    /// <summary>R-ACC-4: token reuse, expiry, another account's token, a token ended by a password change: one same refusal; an unknown login and a wrong address: the same answer as a match, and no mail.</summary>
    [Fact]
    public async Task R_ACC_4_bad_links_and_bad_requests_get_identical_answers()
    {
        await _world.FamilyAsync("dupont.jean", "dupont", "Cantine-Lenny-2023", "jp.dupont@exemple.fr");
        await _world.FamilyAsync("martin.marie", "martin", "Piscine-Lou-2023", "marie@exemple.fr");
        var matched = await _world.Service.RequestResetAsync(Cestas, "dupont.jean", "jp.dupont@exemple.fr", AccountWorld.ResetPage);
        var unknown = await _world.Service.RequestResetAsync(Cestas, "dupont.jeanne", "jp.dupont@exemple.fr", AccountWorld.ResetPage);
        var wrongMail = await _world.Service.RequestResetAsync(Cestas, "martin.marie", "jp.dupont@exemple.fr", AccountWorld.ResetPage);
        Assert.Equal(matched, unknown);
        Assert.Equal(matched, wrongMail);
        var jeanToken = AccountWorld.Token(Assert.Single(await _world.ResetLinksAsync()));

        await _world.Service.RequestResetAsync(Cestas, "martin.marie", "marie@exemple.fr", AccountWorld.ResetPage);
        var marieToken = AccountWorld.Token((await _world.ResetLinksAsync()).Single(l => l.Query.Contains("martin.marie", StringComparison.Ordinal)));

        var refusals = new List<PasswordRefused>
        {
            (await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", marieToken, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1,
            (await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", "inconnu", "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1,
            (await _world.Service.ResetPasswordAsync(Cestas, "inconnu", jeanToken, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1,
        };
        Assert.True((await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", jeanToken, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).IsT0);
        refusals.Add((await _world.Service.ResetPasswordAsync(Cestas, "dupont.jean", jeanToken, "Encore-Un-2023", "Encore-Un-2023")).AsT1);

        _world.Clock.AdvanceMinutes(61);
        refusals.Add((await _world.Service.ResetPasswordAsync(Cestas, "martin.marie", marieToken, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1);

        await _world.Service.RequestResetAsync(Cestas, "martin.marie", "marie@exemple.fr", AccountWorld.ResetPage);
        var fresh = AccountWorld.Token((await _world.ResetLinksAsync()).First(l => l.Query.Contains("martin.marie", StringComparison.Ordinal) && !l.Query.Contains(marieToken, StringComparison.Ordinal)));
        Assert.True((await _world.Service.ChangePasswordAsync(Cestas, new LoginId("martin.marie"), "Piscine-Lou-2023", "Piscine-Lou-2024", "Piscine-Lou-2024")).IsT0);
        refusals.Add((await _world.Service.ResetPasswordAsync(Cestas, "martin.marie", fresh, "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1);

        Assert.Equal(6, refusals.Count);
        Assert.All(refusals, r => Assert.Equal([PasswordRule.ResetLink], r.Rules));
        Assert.Single(refusals.Select(r => r.Message).Distinct());
        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Nouveau-Mdp-2023")).IsT0);
    }

    /// <summary>R-ACC-4: past the hourly limit, a request gets the same answer and sends nothing more.</summary>
    [Fact]
    public async Task R_ACC_4_reset_mails_are_limited_per_hour()
    {
        await _world.FamilyAsync("dupont.jean", "dupont", "Cantine-Lenny-2023", "jp.dupont@exemple.fr");
        for (var i = 0; i < 8; i++)
        {
            await _world.Service.RequestResetAsync(Cestas, "dupont.jean", "jp.dupont@exemple.fr", AccountWorld.ResetPage);
        }

        Assert.Equal(_world.Options.MaxResetMailsPerHour, (await _world.ResetLinksAsync()).Count);
    }

    /// <summary>R-ACC-5: the password is changed from the profile only with the current one.</summary>
    [Fact]
    public async Task R_ACC_5_changing_the_password_asks_the_current_one()
    {
        var login = await _world.FamilyAsync("dupont.jean", "dupont");
        Assert.Equal([PasswordRule.CurrentPassword], (await _world.Service.ChangePasswordAsync(Cestas, login, "Faux-1-mdp", "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).AsT1.Rules);
        Assert.Equal([PasswordRule.SameAsCurrent], (await _world.Service.ChangePasswordAsync(Cestas, login, "Cantine-Lenny-2023", "Cantine-Lenny-2023", "Cantine-Lenny-2023")).AsT1.Rules);
        Assert.True((await _world.Service.ChangePasswordAsync(Cestas, login, "Cantine-Lenny-2023", "Nouveau-Mdp-2023", "Nouveau-Mdp-2023")).IsT0);
        Assert.True((await _world.Service.SignInAsync(Cestas, "dupont.jean", "Nouveau-Mdp-2023")).IsT0);
    }

    /// <summary>R-ACC-5: addresses separated by ';' are checked one by one, each faulty one named in French; good ones replace the contact's.</summary>
    [Fact]
    public async Task R_ACC_5_each_faulty_address_is_named()
    {
        var login = await _world.FamilyAsync("dupont.jean", "dupont");
        var actor = (FamilyActor)(await _world.Service.ActorAsync(Cestas, login))!;

        var refused = (await _world.Service.ChangeEmailsAsync(actor, "jp.dupont@exemple.fr; maison.exemple.fr;a@b@c.fr ; x@localhost")).AsT1;
        Assert.Equal(
            [
                "L'adresse « maison.exemple.fr » n'est pas valide : il manque le @ (exemple : prenom.nom@exemple.fr).",
                "L'adresse « a@b@c.fr » n'est pas valide : elle contient plusieurs @ (séparez plusieurs adresses par un point-virgule).",
                "L'adresse « x@localhost » n'est pas valide : le nom de domaine après le @ est incomplet (exemple : exemple.fr).",
            ],
            refused.Problems);
        Assert.Equal(["dupont.jean@exemple.fr"], (await _world.Directory.GetContactAsync(Cestas, Dupont))!.Emails);
        Assert.Single((await _world.Service.ChangeEmailsAsync(actor, " ; ")).AsT1.Problems);

        var saved = (await _world.Service.ChangeEmailsAsync(actor, "jp.dupont@exemple.fr; maison.dupont@exemple.fr")).AsT0;
        Assert.Equal(["jp.dupont@exemple.fr", "maison.dupont@exemple.fr"], saved.Emails);
        Assert.Equal("jp.dupont@exemple.fr", (await _world.Directory.GetContactAsync(Cestas, Dupont))!.FirstEmail);
    }

    /// <summary>Configuration: a bad setting stops the start-up naming it.</summary>
    [Fact]
    public void Account_settings_are_validated_at_start_up_naming_the_setting()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portail:Accounts:HashIterations"] = "10000",
            ["Portail:Accounts:Throttle:MaxFailures"] = "100",
            ["Portail:Accounts:Consent:CguVersion"] = " ",
        }).Build();
        var provider = new ServiceCollection().AddPortail(config.GetSection("Portail")).UseInMemoryStorage().Services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AccountOptions>>().Value);
        Assert.Contains("Portail:Accounts:HashIterations is 10000", error.Message, StringComparison.Ordinal);
        Assert.Contains("Portail:Accounts:Throttle:MaxFailures is 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("Portail:Accounts:Consent:CguVersion", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(20), new AccountOptions().SessionSlidingExpiration);
    }
}
