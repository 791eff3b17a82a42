using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Billing;
using Portail.Booking;
using Portail.InMemory;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Billing;

/// <summary>R-WAL-4, R-TAR-2: an attendance sheet becomes consumption movements, once.</summary>
public sealed class ConsumptionPostingTests : IDisposable
{
    private static readonly ActivityId Canteen = new("restauration");
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private readonly FakeClock _clock = new(At("2023-10-03T18:00"));
    private readonly ServiceProvider _provider;
    private readonly ConsumptionPosting _posting;
    private readonly IWalletLedger _ledger;
    private readonly InMemoryBookingStore _bookings;

    public ConsumptionPostingTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        _posting = _provider.GetRequiredService<ConsumptionPosting>();
        _ledger = _provider.GetRequiredService<IWalletLedger>();
        _bookings = _provider.GetRequiredService<InMemoryBookingStore>();
        foreach (var child in new[] { "lenny", "leyah", "lou" })
        {
            _bookings.Record(Cestas, new ChildBooking(new ChildId(child), Canteen, Day("2023-10-02"), BookingStatus.Accepted) { Family = new FamilyId($"famille-{child}"), Cost = 3.50m });
        }
    }

    public void Dispose() => _provider.Dispose();

    private async Task<decimal> BalanceAsync(string family) =>
        (await _ledger.GetBalancesAsync(Cestas, new FamilyId(family))).SingleOrDefault(b => b.Wallet == Scolaire).Balance;

    private static AttendanceMark Mark(string child, Attendance attendance) => new(new ChildId(child), new FamilyId($"famille-{child}"), attendance);

    [Fact]
    public async Task R_WAL_4_present_and_unjustified_absences_are_billed_justified_ones_not_and_posting_twice_changes_nothing()
    {
        AttendanceMark[] sheet = [Mark("lenny", Attendance.Present), Mark("leyah", Attendance.AbsentUnjustified), Mark("lou", Attendance.AbsentJustified), Mark("noe", Attendance.PresentWithoutBooking)];

        var first = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-02"), sheet)).AsT0;
        var again = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-02"), sheet)).AsT0;

        Assert.Equal(new PostingReport(3, 0, 10.50m), first);
        Assert.Equal(new PostingReport(0, 3, 10.50m), again);
        Assert.Equal((-3.50m, -3.50m, 0m, -3.50m), (await BalanceAsync("famille-lenny"), await BalanceAsync("famille-leyah"), await BalanceAsync("famille-lou"), await BalanceAsync("famille-noe")));
        var line = Assert.Single(await _ledger.GetMovementsAsync(Cestas, new FamilyId("famille-lenny"), new DateInterval(Day("2023-10-02"), Day("2023-10-02"))));
        Assert.Equal((MovementKind.Consumption, 3.50m, 1m, "Restauration scolaire"), (line.Kind, line.UnitPrice!.Value, line.Quantity!.Value, line.Label));
    }

    [Fact]
    public async Task Bad_sheets_are_refused_with_the_reason_and_write_nothing()
    {
        var wednesday = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-04"), [Mark("lenny", Attendance.PresentWithoutBooking)])).AsT1;
        var future = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-05"), [Mark("lenny", Attendance.PresentWithoutBooking)])).AsT1;
        var booked = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-02"), [Mark("lenny", Attendance.Present), Mark("leyah", Attendance.PresentWithoutBooking)])).AsT1;
        var unbooked = (await _posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-02"), [Mark("noe", Attendance.Present)])).AsT1;

        Assert.StartsWith("Pas de pointage pour « Restauration scolaire » le mercredi 4 octobre 2023 :", wednesday.Message, StringComparison.Ordinal);
        Assert.Equal("Le jeudi 5 octobre 2023 n'est pas encore passé : on pointe une journée une fois qu'elle a eu lieu.", future.Message);
        Assert.Equal("L'enfant « leyah » a une réservation acceptée ce jour-là : pointez-le présent ou absent.", booked.Message);
        Assert.Equal("L'enfant « noe » n'a pas de réservation acceptée ce jour-là : pointez-le « présent sans réservation ».", unbooked.Message);
        Assert.Equal(0m, await BalanceAsync("famille-lenny"));
    }
}
