using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Billing;
using Portail.Booking;
using Portail.InMemory;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Billing;

/// <summary>A municipality's billing rules (<c>Billing</c>): what an attendance sheet bills (R-WAL-4) and how the debtor gate measures the debt (R-WIN-6).</summary>
public sealed class BillingRulesTests
{
    private static readonly ActivityId Canteen = new("restauration");
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private static readonly WalletTypeId Musique = new("musique");

    private static ServiceProvider Portal(params (string Key, string Value)[] billing)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json"))
            .AddInMemoryCollection(billing.ToDictionary(b => $"Portail:Tenants:0:Billing:{b.Key}", b => (string?)b.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(At("2023-10-03T18:00")));
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        var provider = services.BuildServiceProvider();
        var bookings = provider.GetRequiredService<InMemoryBookingStore>();
        foreach (var child in new[] { "lenny", "leyah" })
        {
            bookings.Record(Cestas, new ChildBooking(new ChildId(child), Canteen, Day("2023-10-02"), BookingStatus.Accepted) { Family = new FamilyId($"famille-{child}"), Cost = 3.50m });
        }

        return provider;
    }

    private static async Task<decimal> BalanceAsync(ServiceProvider portal, string family) =>
        (await portal.GetRequiredService<IWalletLedger>().GetBalancesAsync(Cestas, new FamilyId(family))).SingleOrDefault(b => b.Wallet == Scolaire).Balance;

    private static AttendanceMark Mark(string child, Attendance attendance) => new(new ChildId(child), new FamilyId($"famille-{child}"), attendance);

    [Fact]
    public async Task R_WAL_4_a_municipality_that_bills_justified_absences_not_unjustified_ones_and_half_as_much_again_without_booking()
    {
        using var portal = Portal(("BillJustifiedAbsence", "true"), ("BillUnjustifiedAbsence", "false"), ("UnbookedPresencePercent", "150"));
        var posting = portal.GetRequiredService<ConsumptionPosting>();

        var report = (await posting.PostDayAsync(Sample.Agent(), Canteen, Day("2023-10-02"), [Mark("lenny", Attendance.AbsentJustified), Mark("leyah", Attendance.AbsentUnjustified), Mark("noe", Attendance.PresentWithoutBooking)])).AsT0;

        // 3,50 € for the justified absence; 3,50 × 150 % = 5,25 € for the unbooked presence.
        Assert.Equal(new PostingReport(2, 0, 8.75m), report);
        Assert.Equal((-3.50m, 0m, -5.25m), (await BalanceAsync(portal, "famille-lenny"), await BalanceAsync(portal, "famille-leyah"), await BalanceAsync(portal, "famille-noe")));
    }

    [Theory]
    [InlineData("PerWallet", 10)]
    [InlineData("Overall", 0)]
    public async Task R_WIN_6_the_debt_is_measured_per_wallet_or_overall_as_the_municipality_sets(string measure, int due)
    {
        using var portal = Portal(("DebtorMeasure", measure));
        var family = new FamilyId("dupont");
        await portal.GetRequiredService<IWalletLedger>().AppendAsync(Cestas, [
            new WalletMovement(Guid.NewGuid(), family, Scolaire, MovementKind.Correction, -10m, Day("2023-10-02"), "Correction", "Reprise de solde"),
            new WalletMovement(Guid.NewGuid(), family, Musique, MovementKind.Payment, 50m, Day("2023-10-02"), "Paiement ESP"),
        ]);

        Assert.Equal(due, await portal.GetRequiredService<IAccountStanding>().AmountDueAsync(Cestas, family));
    }
}

/// <summary>R-WAL-4: a municipality that debits the next days in advance states the balance with them and estimates the rest.</summary>
public sealed class DebitInAdvanceTests
{
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");

    [Fact]
    public async Task R_WAL_4_with_15_days_in_advance_the_balance_counts_the_next_15_days_and_the_estimate_the_days_after()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Tenants:0:Billing:DebitDaysInAdvance"] = "15" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(At("2023-10-02T09:00")));
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();
        var bookings = provider.GetRequiredService<InMemoryBookingStore>();
        await provider.GetRequiredService<IWalletLedger>().AppendAsync(Cestas, [new WalletMovement(Guid.NewGuid(), Sample.Dupont, Scolaire, MovementKind.Payment, 20m, Day("2023-09-29"), "Paiement ESP")]);

        // Today, the 16 October (the 15th day, included) and the 17 October (the 16th day, after) at 3,50 €; a waiting-list request on the 3rd.
        foreach (var day in new[] { "2023-10-02", "2023-10-16", "2023-10-17" })
        {
            bookings.Record(Cestas, new ChildBooking(Lenny.Id, new ActivityId("restauration"), Day(day), BookingStatus.Accepted) { Family = Sample.Dupont, Cost = 3.50m });
        }

        bookings.Record(Cestas, new ChildBooking(Lenny.Id, new ActivityId("alsh-36-mercredi-journee"), Day("2023-10-04"), BookingStatus.Waitlisted) { Family = Sample.Dupont, Cost = 14.85m });

        var confirmed = Assert.Single((await provider.GetRequiredService<BalanceEstimation>().EstimateAsync(new FamilyScope(Sample.Account(Sample.Dupont), new StructureId("scolaire")), Day("2023-10-31"), includePending: false)).Wallets);
        var pending = Assert.Single((await provider.GetRequiredService<BalanceEstimation>().EstimateAsync(new FamilyScope(Sample.Account(Sample.Dupont), new StructureId("scolaire")), Day("2023-10-31"), includePending: true)).Wallets);

        Assert.Equal((13.00m, 3.50m, 9.50m), (confirmed.Balance, confirmed.EstimatedCost, confirmed.Projected));
        Assert.Equal(3.50m + 14.85m, pending.EstimatedCost);
        Assert.Equal(0m, await provider.GetRequiredService<IAccountStanding>().AmountDueAsync(Cestas, Sample.Dupont));
    }
}
