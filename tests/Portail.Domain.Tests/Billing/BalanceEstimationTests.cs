using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Billing;
using Portail.Booking;
using Portail.InMemory;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Billing;

/// <summary>R-WAL-1..5 with the worked figures of SPEC §12.</summary>
public sealed class BalanceEstimationTests : IDisposable
{
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private static readonly FamilyScope Dupont = new(Sample.Account(Sample.Dupont), new StructureId("scolaire"));
    private readonly FakeClock _clock = new(At("2023-10-02T09:00"));
    private readonly ServiceProvider _provider;
    private readonly BalanceEstimation _estimation;
    private readonly IWalletLedger _ledger;
    private readonly InMemoryBookingStore _bookings;

    public BalanceEstimationTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        _estimation = _provider.GetRequiredService<BalanceEstimation>();
        _ledger = _provider.GetRequiredService<IWalletLedger>();
        _bookings = _provider.GetRequiredService<InMemoryBookingStore>();
    }

    public void Dispose() => _provider.Dispose();

    private Task<int> Movement(MovementKind kind, decimal amount, string reason = "Reprise du solde") =>
        _ledger.AppendAsync(Cestas, [new WalletMovement(Guid.NewGuid(), Sample.Dupont, Scolaire, kind, amount, Day("2023-09-29"), kind.ToString(), reason)]).AsTask();

    private void Booked(string activity, string day, decimal cost, BookingStatus status = BookingStatus.Accepted) =>
        _bookings.Record(Cestas, new ChildBooking(Lenny.Id, new ActivityId(activity), Day(day), status) { Family = Sample.Dupont, Cost = cost });

    [Fact]
    public async Task R_WAL_5_guide_000_a_balance_of_minus_118_04_and_nothing_booked_proposes_118_04()
    {
        await Movement(MovementKind.Correction, -118.04m);

        var wallet = Assert.Single((await _estimation.EstimateAsync(Dupont, Day("2023-10-31"), includePending: false)).Wallets);

        Assert.Equal((-118.04m, 0m, -118.04m, 118.04m), (wallet.Balance, wallet.EstimatedCost, wallet.Projected, wallet.ProposedPayment));
        Assert.Equal(0m, wallet.Projected + wallet.ProposedPayment);
    }

    [Fact]
    public async Task R_WIN_6_a_wallet_in_debit_blocks_booking_and_says_how_much_to_pay_whatever_another_wallet_holds()
    {
        var standing = _provider.GetRequiredService<Portail.Windows.IAccountStanding>();
        await Movement(MovementKind.Correction, -118.04m);
        await _ledger.AppendAsync(Cestas, [new WalletMovement(Guid.NewGuid(), Sample.Dupont, new WalletTypeId("autre-regie"), MovementKind.Payment, 500m, Day("2023-09-29"), "Paiement")]);

        var due = await standing.AmountDueAsync(Cestas, Sample.Dupont);

        Assert.Equal(118.04m, due);
        Assert.Equal("Votre Compte Famille est débiteur de 118,04 € : vous pourrez réserver dès que vous l'aurez alimenté de ce montant (onglet Paiement et solde).", new Portail.Windows.FamilyStanding(true, due).Explanation);
        await Movement(MovementKind.Payment, 118.04m);
        Assert.Equal(0m, await standing.AmountDueAsync(Cestas, Sample.Dupont));
    }

    [Fact]
    public async Task R_WAL_3_guide_000_a_credit_of_171_80_shows_the_three_totals()
    {
        await Movement(MovementKind.Payment, 171.80m);

        var estimate = await _estimation.EstimateAsync(Dupont, Day("2023-10-31"), includePending: false);

        Assert.Equal((171.80m, 0m, 0.00m, 171.80m, 0m), (estimate.Credit, estimate.Due, estimate.Reservations, estimate.Estimated, estimate.ProposedTotal));
        Assert.Equal("Votre crédit 171,80 €, Montant des réservations 0,00 €, Solde estimé 171,80 €",
            $"Votre crédit {French.Euros(estimate.Credit)}, Montant des réservations {French.Euros(estimate.Reservations)}, Solde estimé {French.Euros(estimate.Estimated)}");
    }

    [Fact]
    public async Task R_WAL_5_guide_001_minus_46_05_and_33_25_booked_proposes_79_30()
    {
        // Guide 001 prints 79,00 for this wallet; -46,05 - 33,25 = -79,30, and R-WAL-5 gives 79,30 (SPEC §12 notes the inconsistency).
        await Movement(MovementKind.Correction, -46.05m);
        Booked("alsh-36-mercredi-journee", "2023-10-04", 6.65m);
        Booked("alsh-36-mercredi-journee", "2023-10-11", 6.65m);
        Booked("alsh-36-mercredi-journee", "2023-10-18", 6.65m);
        Booked("alsh-36-mercredi-journee", "2023-10-25", 6.65m);
        Booked("alsh-36-mercredi-journee", "2023-11-08", 6.65m);

        var wallet = Assert.Single((await _estimation.EstimateAsync(Dupont, Day("2023-11-08"), includePending: false)).Wallets);

        Assert.Equal((33.25m, -79.30m, 79.30m), (wallet.EstimatedCost, wallet.Projected, wallet.ProposedPayment));
    }

    [Fact]
    public async Task R_WAL_2_the_estimate_counts_bookings_not_yet_debited_up_to_the_date_and_pending_ones_when_ticked()
    {
        await Movement(MovementKind.Payment, 20m);
        Booked("restauration", "2023-09-29", 3.50m);                                   // past: debited by the posting
        Booked("restauration", "2023-10-02", 3.50m);                                   // today: not yet debited
        Booked("alsh-36-mercredi-journee", "2023-10-04", 6.65m, BookingStatus.Waitlisted); // pending
        Booked("alsh-36-mercredi-matin", "2023-10-11", 4.75m, BookingStatus.AwaitingAnswer); // pending
        Booked("restauration", "2023-10-06", 3.50m, BookingStatus.Refused);            // never costs
        Booked("restauration", "2023-10-09", 3.50m);                                   // after the chosen date

        var confirmed = await _estimation.EstimateAsync(Dupont, Day("2023-10-06"), includePending: false);
        var withPending = await _estimation.EstimateAsync(Dupont, Day("2023-10-06"), includePending: true);

        Assert.Equal((3.50m, 16.50m, 0m), (confirmed.Reservations, confirmed.Estimated, confirmed.ProposedTotal));
        Assert.Equal((10.15m, 9.85m), (withPending.Reservations, withPending.Estimated));
        Assert.Equal(3.50m + 6.65m + 3.50m + 4.75m, (await _estimation.EstimateAsync(Dupont, Day("2023-10-11"), includePending: true)).Reservations);
    }
}

/// <summary>FsCheck laws of the estimate (R-WAL-2, R-WAL-5): no amount is ever a double.</summary>
[Properties(MaxTest = 1000)]
public sealed class BalanceEstimationProperties
{
    private static readonly Portail.Catalog.WalletType Wallet = new(new WalletTypeId("w"), "W", new StructureId("s"));

    [Property]
    public Property R_WAL_5_paying_the_proposed_amount_brings_a_negative_projection_to_exactly_zero(int balanceCents, NonNegativeInt costCents)
    {
        var balance = balanceCents / 100m;
        var cost = costCents.Get / 100m;
        var line = new WalletEstimate(Wallet, balance, cost, Math.Max(0, cost - balance));
        var estimate = new BalanceEstimate(new LocalDate(2024, 1, 1), [line, line with { Balance = -balance }]);

        return (line.Projected == balance - cost
                && line.ProposedPayment >= 0
                && (line.Projected >= 0 ? line.ProposedPayment == 0 : line.Projected + line.ProposedPayment == 0)
                && estimate.Estimated == estimate.Wallets.Sum(w => w.Balance) - estimate.Reservations
                && estimate.Credit - estimate.Due == estimate.Wallets.Sum(w => w.Balance))
            .Label($"balance {balance}, cost {cost}");
    }
}
