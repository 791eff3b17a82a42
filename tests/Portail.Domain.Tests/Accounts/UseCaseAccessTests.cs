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
}
