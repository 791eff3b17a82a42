using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Accounts;
using Portail.Dossier;
using Portail.Notifications;
using Xunit;

namespace Portail.Testing;

/// <summary>
/// The contract every <see cref="IDossierStore"/> must pass (R-DOS-2..12): a fiche changes only from
/// the version it was read at, its transitions and mails written with it and only with it; the review
/// queue in order; versioned contacts; the referentials searched by first letters; the append-only
/// health read log; and, under many concurrent committers, exactly one of the changes made from one
/// version is kept — through the store, and through <see cref="DossierService"/> (agents validating and
/// rejecting at once, a family saving while an agent asks for an update). Subclass it and return a
/// clean storage (its <see cref="IPortailStorage.Outbox"/> is where the review mails must appear).
/// </summary>
public abstract class DossierStoreContract
{
    private static readonly FicheKey Insurance = new(FicheKind.Insurance, "a-1");

    /// <summary>A storage with no data of the tenants the tests make up (each test uses a new tenant).</summary>
    protected abstract Task<IPortailStorage> CreateCleanStorageAsync();

    /// <summary>How many committers race in the concurrency tests.</summary>
    /// <value>48.</value>
    protected virtual int Committers => 48;

    private async Task<DossierWorld> WorldAsync() => await DossierWorld.CreateAsync(await CreateCleanStorageAsync());

    private static StoredFiche Fiche(DossierWorld w, long version, FicheState state, Instant since, FicheKey? key = null, FamilyId? family = null) =>
        new(w.Tenant, family ?? DossierWorld.A, key ?? Insurance, state, version, DossierWorld.Complete((key ?? Insurance).Kind),
            [new AttachedFile(Guid.NewGuid(), "attestation-assurance", "attestation.pdf", AttachmentType.Pdf, 20, since)], state == FicheState.Rejected ? "Illisible" : null, since);

    private static FicheTransition Transition(StoredFiche f, FicheState from) =>
        new(Guid.NewGuid(), f.Tenant, f.Family, f.Key, f.StateSince, new LoginId("agent"), false, FicheAction.Validate, from, f.State, null);

    private static OutboxMail Mail(StoredFiche f, Guid review) =>
        OutboxMails.FicheReviewed(f.Tenant, f.Family, new FicheReview(review, "Assurance", "DUPONT Lenny", true, null), f.StateSince);

    private static async Task<int> MailsAsync(DossierWorld w) =>
        (await w.Storage.Outbox.ListAsync(w.Tenant, new OutboxQuery(Limit: 1000))).Count;

    /// <summary>Store round trips a fiche and refuses a stale or repeated version.</summary>
    [Fact]
    public async Task Store_round_trips_a_fiche_and_refuses_a_stale_or_repeated_version()
    {
        var w = await WorldAsync();
        var since = Instant.FromUtc(2023, 9, 1, 8, 0);
        var first = Fiche(w, 1, FicheState.Draft, since);

        Assert.True(await w.Storage.Dossiers.SaveFicheAsync(first, [], []));
        Assert.False(await w.Storage.Dossiers.SaveFicheAsync(first, [], []));
        var read = await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.A, Insurance);
        Assert.NotNull(read);
        Assert.Equal((first.State, first.Version, first.Content, first.Reason, first.StateSince, first.Key), (read.State, read.Version, read.Content, read.Reason, read.StateSince, read.Key));
        Assert.Equal(first.Files, read.Files);

        var second = first with { Version = 2, State = FicheState.Submitted, StateSince = since + Duration.FromMinutes(1) };
        Assert.True(await w.Storage.Dossiers.SaveFicheAsync(second, [], []));
        Assert.False(await w.Storage.Dossiers.SaveFicheAsync(second with { State = FicheState.Draft }, [], []));
        Assert.False(await w.Storage.Dossiers.SaveFicheAsync(first with { Version = 4 }, [], []));
        Assert.Equal(FicheState.Submitted, (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.A, Insurance))!.State);
        Assert.Null(await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.B, Insurance));
        Assert.Single(await w.Storage.Dossiers.ListFichesAsync(w.Tenant, DossierWorld.A));
        Assert.Empty(await w.Storage.Dossiers.ListFichesAsync(new TenantId($"t-{Guid.NewGuid():N}"), DossierWorld.A));
    }

    /// <summary>Store writes the transitions and the mails with the change and only with it.</summary>
    [Fact]
    public async Task Store_writes_the_transitions_and_the_mails_with_the_change_and_only_with_it()
    {
        var w = await WorldAsync();
        var since = Instant.FromUtc(2023, 9, 1, 8, 0);
        Assert.True(await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Submitted, since), [], []));
        var validated = Fiche(w, 2, FicheState.Validated, since + Duration.FromHours(1));
        var stale = Fiche(w, 2, FicheState.Rejected, since + Duration.FromHours(1));
        Assert.True(await w.Storage.Dossiers.SaveFicheAsync(validated, [Transition(validated, FicheState.Submitted)], [Mail(validated, Guid.NewGuid())]));
        Assert.False(await w.Storage.Dossiers.SaveFicheAsync(stale, [Transition(stale, FicheState.Submitted)], [Mail(stale, Guid.NewGuid())]));

        var transitions = await w.Storage.Dossiers.ListTransitionsAsync(w.Tenant, DossierWorld.A, 100);
        var t = Assert.Single(transitions);
        Assert.Equal((FicheState.Submitted, FicheState.Validated, FicheAction.Validate, Insurance, "agent"), (t.From, t.To, t.Action, t.Key, t.By.Value));
        Assert.Equal(1, await MailsAsync(w));
    }

    /// <summary>Store lists a state the longest in it first of one kind when asked and within the tenant.</summary>
    [Fact]
    public async Task Store_lists_a_state_the_longest_in_it_first_of_one_kind_when_asked_and_within_the_tenant()
    {
        var w = await WorldAsync();
        var other = await WorldAsync();
        var t0 = Instant.FromUtc(2023, 9, 1, 8, 0);
        await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Submitted, t0 + Duration.FromMinutes(2), new FicheKey(FicheKind.Insurance, "a-2")), [], []);
        await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Submitted, t0, new FicheKey(FicheKind.Health, "b-1"), DossierWorld.B), [], []);
        await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Submitted, t0 + Duration.FromMinutes(1)), [], []);
        await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Draft, t0, new FicheKey(FicheKind.Insurance, "b-1"), DossierWorld.B), [], []);
        await other.Storage.Dossiers.SaveFicheAsync(Fiche(other, 1, FicheState.Submitted, t0), [], []);

        var queue = await w.Storage.Dossiers.ListByStateAsync(w.Tenant, FicheState.Submitted, null, 100);
        Assert.Equal(["b-1", "a-1", "a-2"], queue.Select(f => f.Key.Subject));
        Assert.Equal(["a-1", "a-2"], (await w.Storage.Dossiers.ListByStateAsync(w.Tenant, FicheState.Submitted, FicheKind.Insurance, 100)).Select(f => f.Key.Subject));
        Assert.Single(await w.Storage.Dossiers.ListByStateAsync(w.Tenant, FicheState.Submitted, null, 1));
    }

    /// <summary>Store versions the family contacts.</summary>
    [Fact]
    public async Task Store_versions_the_family_contacts()
    {
        var w = await WorldAsync();
        Assert.Equal(0, (await w.Storage.Dossiers.GetContactsAsync(w.Tenant, DossierWorld.A)).Version);
        EmergencyContact[] one = [new("c1", "MARTIN", "Josette", "06 11 22 33 44")];
        Assert.True(await w.Storage.Dossiers.SaveContactsAsync(w.Tenant, DossierWorld.A, one, 1));
        Assert.False(await w.Storage.Dossiers.SaveContactsAsync(w.Tenant, DossierWorld.A, [], 1));
        Assert.True(await w.Storage.Dossiers.SaveContactsAsync(w.Tenant, DossierWorld.A, [.. one, new("c2", "ROUX", "Paul", "")], 2));
        Assert.False(await w.Storage.Dossiers.SaveContactsAsync(w.Tenant, DossierWorld.A, [], 2));

        var book = await w.Storage.Dossiers.GetContactsAsync(w.Tenant, DossierWorld.A);
        Assert.Equal(2, book.Version);
        Assert.Equal(["c1", "c2"], book.Contacts.Select(c => c.Id));
        Assert.Equal(one[0], book.Contacts[0]);
    }

    /// <summary>R-DOS-8-R-DOS-11: Store finds insurers and doctors by their first letters without accents or case.</summary>
    [Fact]
    public async Task R_DOS_8_R_DOS_11_Store_finds_insurers_and_doctors_by_their_first_letters_without_accents_or_case()
    {
        var w = await WorldAsync();
        var at = Instant.FromUtc(2023, 9, 1, 8, 0);
        var gmf = new ReferenceEntry(w.Tenant, ReferenceKind.Insurer, "gmf", "GMF Assurances", "1 rue X", "01 00 00 00 00", DossierWorld.A, at);
        Assert.True(await w.Storage.Dossiers.AddReferenceAsync(gmf));
        Assert.False(await w.Storage.Dossiers.AddReferenceAsync(gmf with { Name = "Autre" }));
        Assert.True(await w.Storage.Dossiers.AddReferenceAsync(new ReferenceEntry(w.Tenant, ReferenceKind.Doctor, "d1", "Élodie Garnier", "", "", null, at)));
        Assert.True(await w.Storage.Dossiers.AddReferenceAsync(new ReferenceEntry(w.Tenant, ReferenceKind.Insurer, "generali", "Generali", "", "", null, at)));

        Assert.Equal(["generali", "gmf"], (await w.Storage.Dossiers.SearchReferencesAsync(w.Tenant, ReferenceKind.Insurer, ReferenceEntry.Key("g"), 10)).Select(e => e.Id));
        Assert.Equal(["d1"], (await w.Storage.Dossiers.SearchReferencesAsync(w.Tenant, ReferenceKind.Doctor, ReferenceEntry.Key("el"), 10)).Select(e => e.Id));
        Assert.Empty(await w.Storage.Dossiers.SearchReferencesAsync(w.Tenant, ReferenceKind.Doctor, ReferenceEntry.Key("g"), 10));
        Assert.Equal(gmf, await w.Storage.Dossiers.GetReferenceAsync(w.Tenant, ReferenceKind.Insurer, "gmf"));
        Assert.Null(await w.Storage.Dossiers.GetReferenceAsync(w.Tenant, ReferenceKind.Doctor, "gmf"));
    }

    /// <summary>R-DOS-11: Store keeps every health read in order.</summary>
    [Fact]
    public async Task R_DOS_11_Store_keeps_every_health_read_in_order()
    {
        var w = await WorldAsync();
        var at = Instant.FromUtc(2023, 9, 1, 8, 0);
        var reads = Enumerable.Range(0, 3).Select(i => new HealthRead(Guid.NewGuid(), w.Tenant, at + Duration.FromSeconds(i), new LoginId("nurse"), DossierWorld.A, new ChildId("a-1"), "fiche")).ToList();
        foreach (var read in reads)
        {
            await w.Storage.Dossiers.LogHealthReadAsync(read);
        }

        await w.Storage.Dossiers.LogHealthReadAsync(reads[0]);
        Assert.Equal(reads, await w.Storage.Dossiers.ListHealthReadsAsync(w.Tenant, 100));
    }

    /// <summary>Concurrent changes from one version keep exactly one with its transition and mail.</summary>
    [Fact]
    public async Task Concurrent_changes_from_one_version_keep_exactly_one_with_its_transition_and_mail()
    {
        var w = await WorldAsync();
        var since = Instant.FromUtc(2023, 9, 1, 8, 0);
        Assert.True(await w.Storage.Dossiers.SaveFicheAsync(Fiche(w, 1, FicheState.Submitted, since), [], []));
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, Committers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var next = Fiche(w, 2, i % 2 == 0 ? FicheState.Validated : FicheState.Rejected, since + Duration.FromSeconds(i));
            return await w.Storage.Dossiers.SaveFicheAsync(next, [Transition(next, FicheState.Submitted)], [Mail(next, Guid.NewGuid())]);
        })).ToList();
        start.Set();
        var won = await Task.WhenAll(racers);

        Assert.Equal(1, won.Count(x => x));
        Assert.Equal(2, (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.A, Insurance))!.Version);
        Assert.Single(await w.Storage.Dossiers.ListTransitionsAsync(w.Tenant, DossierWorld.A, 100));
        Assert.Equal(1, await MailsAsync(w));
    }

    /// <summary>R-DOS-4: agents validating and rejecting one fiche at once one wins the others are told and one mail is written.</summary>
    [Fact]
    public async Task R_DOS_4_agents_validating_and_rejecting_one_fiche_at_once_one_wins_the_others_are_told_and_one_mail_is_written()
    {
        var w = await WorldAsync();
        var version = await w.SubmitAsync(w.FamilyA, DossierWorld.A, Insurance);
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, Committers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var agent = w.Agent($"agent-{i}", (DossierWorld.Scolaire, AgentRole.Clerk));
            return i % 2 == 0
                ? await w.Service.ValidateAsync(agent, DossierWorld.A, Insurance, version)
                : await w.Service.RejectAsync(agent, DossierWorld.A, Insurance, "L'attestation est illisible.", version);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        var winner = Assert.Single(outcomes, o => o.IsT0).AsT0;
        Assert.All(outcomes.Where(o => o.IsT1), o => Assert.Equal(DossierRefusal.Conflict, o.AsT1.Reason));
        Assert.Contains("modifiée entre-temps", outcomes.First(o => o.IsT1).AsT1.Message, StringComparison.Ordinal);
        var stored = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.A, Insurance))!;
        Assert.Equal((winner.Summary.State, version + 1), (stored.State, stored.Version));
        Assert.Equal(1, await MailsAsync(w));
        Assert.Single(await w.Storage.Dossiers.ListTransitionsAsync(w.Tenant, DossierWorld.A, 100), t => t.From == FicheState.Submitted);
    }

    /// <summary>R-DOS-3: a family saving while agents ask for an update one wins and the others are refused.</summary>
    [Fact]
    public async Task R_DOS_3_a_family_saving_while_agents_ask_for_an_update_one_wins_and_the_others_are_refused()
    {
        var w = await WorldAsync();
        var version = await w.SubmitAsync(w.FamilyA, DossierWorld.A, Insurance);
        version = DossierWorld.Ok(await w.Service.RejectAsync(w.Clerk, DossierWorld.A, Insurance, "Illisible", version)).Summary.Version;
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, Committers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return i % 2 == 0
                ? await w.Service.SaveDraftAsync(w.FamilyA, DossierWorld.A, Insurance, new InsuranceFiche(ReferenceEntry.ServiceId("MACIF"), $"CT-{i}", new LocalDate(2024, 8, 31)), version)
                : await w.Service.RequireUpdateAsync(w.Agent($"agent-{i}", (DossierWorld.Scolaire, AgentRole.Clerk)), DossierWorld.A, Insurance, "Nouvelle année", version);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(racers);

        var winner = Assert.Single(outcomes, o => o.IsT0).AsT0;
        Assert.All(outcomes.Where(o => o.IsT1), o => Assert.Equal(DossierRefusal.Conflict, o.AsT1.Reason));
        var stored = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, DossierWorld.A, Insurance))!;
        Assert.Equal((winner.Summary.State, winner.Content, version + 1), (stored.State, stored.Content, stored.Version));
    }
}
