using NodaTime;
using Portail.Accounts;
using Portail.Families;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Accounts;

/// <summary>Who may see what (R-ACC-6, R-ACC-7, R-TEN-1), through <see cref="AccessControl"/>.</summary>
public sealed class AccessControlTests
{
    private static readonly FamilyId Mother = new("dupont-mere");
    private static readonly FamilyId Father = new("dupont-pere");
    private static readonly ChildId Liou = new("liou");
    private static readonly ChildId Other = new("enfant-martin");
    private static readonly ActivityId Canteen = new("restauration");
    private readonly AccountWorld _world = new();

    private async Task<(FamilyActor Mother, FamilyActor Father)> SeparatedParentsAsync()
    {
        _world.Directory.Add(Cestas, new Child(Liou, Mother, "DUPONT", "Liou", new LocalDate(2016, 4, 1), null, new HashSet<ActivityId>()));
        _world.Directory.Add(Cestas, new Child(Other, new FamilyId("martin"), "MARTIN", "Lou", new LocalDate(2016, 4, 1), null, new HashSet<ActivityId>()));
        await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("dupont.mere"), Mother));
        await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("dupont.pere"), Father, SharedChildren: [Liou]));
        var mother = new FamilyActor(Cestas, new LoginId("dupont.mere"), Mother, new HashSet<ChildId>());
        var father = new FamilyActor(Cestas, new LoginId("dupont.pere"), Father, (await _world.Store.GetAsync(Cestas, new LoginId("dupont.pere")))!.SharedChildren.ToHashSet());
        return (mother, father);
    }

    /// <summary>R-ACC-6: each separated parent books for the shared child, but sees only their own bookings, wallet and payments.</summary>
    [Fact]
    public async Task R_ACC_6_separated_parents_share_the_children_not_the_bookings_or_wallets()
    {
        var (mother, father) = await SeparatedParentsAsync();
        var wallet = new WalletTypeId("scolaire-alsh");

        Assert.True((await _world.Access.ChildAsync(mother, Cestas, Liou)).IsAllowed);
        Assert.True((await _world.Access.ChildAsync(father, Cestas, Liou)).IsAllowed);
        Assert.True((await _world.Access.BookingAsync(father, Cestas, Father, Liou, Canteen)).IsAllowed);
        Assert.True((await _world.Access.BookingAsync(mother, Cestas, Mother, Liou, Canteen)).IsAllowed);
        Assert.False((await _world.Access.BookingAsync(father, Cestas, Mother, Liou, Canteen)).IsAllowed);
        Assert.False((await _world.Access.BookingAsync(mother, Cestas, Father, Liou, Canteen)).IsAllowed);
        Assert.True(_world.Access.Wallet(father, Cestas, Father, wallet).IsAllowed);
        Assert.Equal("Ces données ne concernent pas votre compte.", _world.Access.Wallet(father, Cestas, Mother, wallet).Reason);
        Assert.False(_world.Access.Family(mother, Cestas, Father).IsAllowed);
    }

    /// <summary>R-ACC-6: a separated parent's account shares only children that exist, in the other parent's family.</summary>
    [Fact]
    public async Task R_ACC_6_an_account_shares_only_existing_children_of_another_family()
    {
        _world.Directory.Add(Cestas, new Child(Liou, Mother, "DUPONT", "Liou", new LocalDate(2016, 4, 1), null, new HashSet<ActivityId>()));

        var unknown = (await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("p1"), Father, SharedChildren: [Liou, new ChildId("nobody")]))).AsT1;
        Assert.Equal("Aucun enfant n'a le code « nobody » : vérifiez les codes des enfants à partager.", unknown.Message);
        var own = (await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("p2"), Mother, SharedChildren: [Liou]))).AsT1;
        Assert.Contains("Liou est déjà rattaché(e) à la famille « dupont-mere »", own.Message, StringComparison.Ordinal);
        Assert.Null(await _world.Store.GetAsync(Cestas, new LoginId("p1")));
        Assert.True((await _world.Service.CreateFamilyAccountAsync(Sample.Agent(), new NewFamilyAccount(new LoginId("p3"), Father, SharedChildren: [Liou]))).IsT0);
    }

    /// <summary>R-ACC-7: a family sees only its own children, bookings and fiches, never another tenant's.</summary>
    [Fact]
    public async Task R_ACC_7_a_family_sees_only_its_own_data()
    {
        var (mother, _) = await SeparatedParentsAsync();
        Assert.False((await _world.Access.ChildAsync(mother, Cestas, Other)).IsAllowed);
        Assert.False((await _world.Access.BookingAsync(mother, Cestas, Mother, Other, Canteen)).IsAllowed);
        Assert.True((await _world.Access.FicheAsync(mother, Cestas, Mother, Liou, null)).IsAllowed);
        Assert.False((await _world.Access.FicheAsync(mother, Cestas, Mother, Other, null)).IsAllowed);
        Assert.False(_world.Access.Structure(mother, Cestas, new StructureId("scolaire")).IsAllowed);
        Assert.Equal("Ces données appartiennent à une autre collectivité.", (await _world.Access.ChildAsync(mother, new TenantId("autre-ville"), Liou)).Reason);
    }

    /// <summary>R-ACC-7: an agent sees only the structures granted, at the role granted.</summary>
    [Fact]
    public async Task R_ACC_7_an_agent_sees_only_the_structures_granted()
    {
        await SeparatedParentsAsync();
        var created = (await _world.Service.CreateAgentAccountAsync(Sample.Agent(), new LoginId("agent.musique"), [new AgentGrant(new StructureId("musique"), AgentRole.Clerk)])).AsT0;
        Assert.Equal("Structure inconnue : « piscine ».", (await _world.Service.CreateAgentAccountAsync(Sample.Agent(), new LoginId("agent.x"), [new AgentGrant(new StructureId("piscine"), AgentRole.Reader)])).AsT1.Message);
        Assert.True((await _world.Service.SignInAsync(Cestas, "agent.musique", created.TemporaryPassword)).AsT0.MustChangePassword);
        await _world.Service.ChooseNewPasswordAsync(Cestas, created.Login, "Agent-Musique-2023", "Agent-Musique-2023");
        var agent = Assert.IsType<AgentActor>(await _world.Service.ActorAsync(Cestas, created.Login));

        Assert.True(_world.Access.Structure(agent, Cestas, new StructureId("musique"), AgentRole.Clerk).IsAllowed);
        Assert.False(_world.Access.Structure(agent, Cestas, new StructureId("musique"), AgentRole.Manager).IsAllowed);
        Assert.False(_world.Access.Structure(agent, Cestas, new StructureId("scolaire")).IsAllowed);
        Assert.False((await _world.Access.BookingAsync(agent, Cestas, Mother, Liou, Canteen)).IsAllowed);
        Assert.True(_world.Access.Wallet(agent, Cestas, Mother, new WalletTypeId("musique")).IsAllowed);
        Assert.False(_world.Access.Wallet(agent, Cestas, Mother, new WalletTypeId("scolaire-alsh")).IsAllowed);
        Assert.True((await _world.Access.FicheAsync(agent, Cestas, Mother, Liou, new StructureId("musique"))).IsAllowed);
        Assert.False((await _world.Access.FicheAsync(agent, Cestas, Mother, Liou, new StructureId("scolaire"))).IsAllowed);
        Assert.True((await _world.Access.ChildAsync(agent, Cestas, Liou)).IsAllowed);
        Assert.False((await _world.Access.ChildAsync(agent with { Tenant = new TenantId("autre-ville") }, Cestas, Liou)).IsAllowed);
    }
}
