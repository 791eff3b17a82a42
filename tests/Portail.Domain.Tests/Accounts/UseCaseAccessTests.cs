using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Families;
using Portail.News;
using Portail.Notifications;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Accounts;

/// <summary>
/// R-ACC-7: every back-office use case checks the acting agent itself, whatever the host does: an
/// agent of the music school only, a reader where a clerk is needed, or an agent granted nothing, is
/// refused before anything is written, and nothing changes. (An agent acts in its own tenant only:
/// the use cases take the tenant from the actor.)
/// </summary>
public sealed class UseCaseAccessTests : IDisposable
{
    private static readonly AgentActor MusicManager = Agent(grants: ("musique", AgentRole.Manager));
    private static readonly AgentActor SchoolReader = Agent(grants: ("scolaire", AgentRole.Reader));
    private static readonly AgentActor NoGrant = new(Cestas, new LoginId("sans-droit"), new Dictionary<StructureId, AgentRole>());
    private static readonly ActivityId Canteen = new("restauration");
    private static readonly DayKey Monday = new(Canteen, new LocalDate(2023, 10, 9));
    private readonly ServiceProvider _provider;

    public UseCaseAccessTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(At("2023-10-03T10:00")));
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        _provider.GetRequiredService<IFamilyDirectory>().SaveContactAsync(Cestas, new FamilyContact(Dupont, "M.", "DUPONT", "Jean-Paul", ["jp@exemple.fr"])).AsTask().Wait();
    }

    public void Dispose() => _provider.Dispose();

    private T Use<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public static TheoryData<string> Outsiders() => ["musique", "lecteur", "sans-droit"];

    private static AgentActor Outsider(string who) => who switch
    {
        "musique" => MusicManager,
        "lecteur" => SchoolReader,
        _ => NoGrant,
    };

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task R_ACC_7_the_desk_records_nothing_for_an_agent_who_is_not_a_clerk_of_the_wallets_structure(string who)
    {
        var entry = new DeskEntry(Dupont, new WalletTypeId("scolaire-alsh"), DeskOperation.Payment, "20,00", new LocalDate(2023, 10, 3), PaymentModes.Cheque) with { Piece = "1234567", Payer = "M. DUPONT", Bank = "Banque" };
        await Assert.ThrowsAsync<AccessDeniedException>(() => Use<DeskOperations>().RecordAsync(Outsider(who), Guid.NewGuid(), entry));
        Assert.Empty(await Use<IWalletLedger>().GetBalancesAsync(Cestas, Dupont));
        Assert.True((await Use<DeskOperations>().RecordAsync(Agent(grants: ("scolaire", AgentRole.Clerk)), Guid.NewGuid(), entry)).IsT0);
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task R_ACC_7_bookings_days_and_attendance_are_refused_outside_the_agents_grants(string who)
    {
        var agent = Outsider(who);
        var booking = Use<BookingService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => booking.ChangeCapacityAsync(agent, Monday, 1));
        await Assert.ThrowsAsync<AccessDeniedException>(() => booking.CancelByAgentAsync(agent, Dupont, new RequestKey(new ChildId("lenny"), Canteen, Monday.Date)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => booking.AnswerAsync(agent, Dupont, new RequestKey(new ChildId("lenny"), Canteen, Monday.Date), accept: true));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Use<ConsumptionPosting>().PostDayAsync(agent, Canteen, Monday.Date, [new AttendanceMark(new ChildId("lenny"), Dupont, Attendance.Present)]));
        if (who != "lecteur")
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => booking.GetDayBookingsAsync(agent, Monday).AsTask());
            await Assert.ThrowsAsync<AccessDeniedException>(() => booking.GetDayAsync(agent, Monday).AsTask());
        }

        Assert.Null((await Use<IBookingStore>().GetDayAsync(Cestas, Monday, new ActivityLimits(null, 0, false))).Capacity);
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task R_ACC_7_news_and_information_mails_are_refused_outside_the_agents_grants(string who)
    {
        var agent = Outsider(who);
        var school = new StructureId("scolaire");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Use<NewsBoard>().PublishAsync(agent, new NewsDraft(school, "Grève", "Service minimum.", null, new LocalDate(2023, 10, 5), null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Use<InformationMailing>().WriteAsync(agent, new ServiceInformation(Guid.NewGuid(), school, "Grève", "Service minimum.")));
        Assert.Empty(await Use<INewsStore>().GetAllAsync(Cestas));
        Assert.Empty(await Use<IMailOutbox>().ListAsync(Cestas, new OutboxQuery()));

        // The school's news stay out of the music school agent's list.
        await Use<NewsBoard>().PublishAsync(Agent(), new NewsDraft(school, "Grève", "Service minimum.", null, new LocalDate(2023, 10, 5), null));
        Assert.Empty(await Use<NewsBoard>().AllAsync(MusicManager));
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task R_ACC_7_the_manual_transmission_needs_a_manager_of_every_structure(string who)
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => Use<NightlyTransmission>().RunNowAsync(Outsider(who)));
        Assert.Equal(0, (await Use<NightlyTransmission>().RunNowAsync(Agent())).Movements);
    }

    /// <summary>R-ACC-1, R-ACC-7: accounts are a manager's business, and a manager grants only what it manages, never a role above its own.</summary>
    [Fact]
    public async Task R_ACC_7_accounts_are_created_and_reset_by_managers_within_their_own_grants()
    {
        var accounts = Use<AccountService>();
        var school = new StructureId("scolaire");
        var music = new StructureId("musique");

        // A reader or an agent granted nothing creates no account and resets no password.
        foreach (var agent in new[] { SchoolReader, NoGrant })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.CreateFamilyAccountAsync(agent, new NewFamilyAccount(new LoginId("refus"), Dupont)).AsTask());
            await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.CreateAgentAccountAsync(agent, new LoginId("refus"), [new AgentGrant(school, AgentRole.Reader)]).AsTask());
        }

        // The music school's manager: family accounts yes; agents of its own structure only, up to manager.
        Assert.True((await accounts.CreateFamilyAccountAsync(MusicManager, new NewFamilyAccount(new LoginId("famille"), Dupont))).IsT0);
        Assert.True((await accounts.CreateAgentAccountAsync(MusicManager, new LoginId("professeur"), [new AgentGrant(music, AgentRole.Clerk)])).IsT0);
        await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.CreateAgentAccountAsync(MusicManager, new LoginId("refus"), [new AgentGrant(music, AgentRole.Clerk), new AgentGrant(school, AgentRole.Reader)]).AsTask());
        await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.CreateAgentAccountAsync(MusicManager, new LoginId("refus"), [new AgentGrant(music, AgentRole.Health)]).AsTask());
        Assert.Null(await Use<IAccountStore>().GetAsync(Cestas, new LoginId("refus")));

        // The school's manager, provisioned at installation, is reset by a manager of the school only.
        Assert.True((await accounts.ProvisionAgentAccountAsync(Cestas, new LoginId("directeur"), [new AgentGrant(school, AgentRole.Manager)])).IsT0);
        var before = (await Use<IAccountStore>().GetAsync(Cestas, new LoginId("directeur")))!.PasswordHash;
        await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.IssueTemporaryPasswordAsync(MusicManager, new LoginId("directeur")).AsTask());
        Assert.Equal(before, (await Use<IAccountStore>().GetAsync(Cestas, new LoginId("directeur")))!.PasswordHash);
        Assert.NotNull(await accounts.IssueTemporaryPasswordAsync(MusicManager, new LoginId("famille")));
        Assert.NotNull(await accounts.IssueTemporaryPasswordAsync(MusicManager, new LoginId("professeur")));
        Assert.NotNull(await accounts.IssueTemporaryPasswordAsync(Agent(), new LoginId("directeur")));
        Assert.Null(await accounts.IssueTemporaryPasswordAsync(Agent(), new LoginId("personne")));
    }
}
