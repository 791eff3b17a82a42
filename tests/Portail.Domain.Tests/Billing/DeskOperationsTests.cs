using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Billing;
using Portail.Families;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Billing;

/// <summary>R-PAY-5, R-WAL-1: the régie's desk records payments, refunds and corrections, each checked whole, once.</summary>
public sealed class DeskOperationsTests : IDisposable
{
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private static readonly FamilyId Dupont = new("dupont");
    private readonly FakeClock _clock = new(At("2023-10-03T10:00"));
    private readonly ServiceProvider _provider;
    private readonly DeskOperations _desk;
    private readonly IWalletLedger _ledger;

    public DeskOperationsTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        _desk = _provider.GetRequiredService<DeskOperations>();
        _ledger = _provider.GetRequiredService<IWalletLedger>();
        _provider.GetRequiredService<IFamilyDirectory>().SaveContactAsync(Cestas, new FamilyContact(Dupont, "M.", "DUPONT", "Jean-Paul", ["jp@exemple.fr"])).AsTask().Wait();
    }

    public void Dispose() => _provider.Dispose();

    private static DeskEntry Entry(DeskOperation operation, string amount, string? mode = null, string? reason = null, string day = "2023-10-03") =>
        new(Dupont, Scolaire, operation, amount, Day(day), mode, Reason: reason);

    private async Task<decimal> BalanceAsync() => (await _ledger.GetBalancesAsync(Cestas, Dupont)).SingleOrDefault(b => b.Wallet == Scolaire).Balance;

    [Fact]
    public async Task R_PAY_5_a_cheque_with_its_number_payer_and_bank_credits_the_wallet_once()
    {
        var id = Guid.NewGuid();
        var cheque = Entry(DeskOperation.Payment, "88,75", PaymentModes.Cheque) with { Piece = " 1234567 ", Payer = "M. DUPONT Jean-Paul", Bank = "Crédit Agricole" };

        var movement = (await _desk.RecordAsync(Sample.Agent(), id, cheque)).AsT0;
        await _desk.RecordAsync(Sample.Agent(), id, cheque); // the form posted twice

        Assert.Equal((MovementKind.Payment, 88.75m, "Paiement CH n° 1234567"), (movement.Kind, movement.Amount, movement.Label));
        Assert.Equal(new PaymentDetails("CH", "1234567", "M. DUPONT Jean-Paul", "Crédit Agricole"), movement.Payment);
        Assert.Equal(88.75m, await BalanceAsync());
    }

    [Fact]
    public async Task R_WAL_1_cash_a_refund_and_corrections_either_way_add_up_to_the_balance()
    {
        await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Payment, "59.08 €", "ESP"));
        var refund = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Refund, "10", "VIR", "Départ de la commune"))).AsT0;
        var debit = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Correction, "-3,50", reason: "Repas du 2 octobre oublié"))).AsT0;
        await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Correction, "+1,20", reason: "Goûter compté deux fois"));

        Assert.Equal((MovementKind.Refund, -10m, "Départ de la commune"), (refund.Kind, refund.Amount, refund.Reason));
        Assert.Equal((MovementKind.Correction, -3.50m, (PaymentDetails?)null), (debit.Kind, debit.Amount, debit.Payment));
        Assert.Equal(59.08m - 10m - 3.50m + 1.20m, await BalanceAsync());
    }

    [Fact]
    public async Task Bad_desk_entries_are_refused_naming_every_problem_and_write_nothing()
    {
        var overPrecise = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Payment, "0,001", "ESP"))).AsT1;
        var negative = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Payment, "-5", "ESP"))).AsT1;
        var cheque = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Payment, "12", PaymentModes.Cheque))).AsT1;
        var unknown = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), new DeskEntry(new FamilyId("inconnue"), new WalletTypeId("cantine"), DeskOperation.Payment, "douze", Day("2023-10-09")))).AsT1;
        var noReason = (await _desk.RecordAsync(Sample.Agent(), Guid.NewGuid(), Entry(DeskOperation.Correction, "0", reason: " "))).AsT1;

        Assert.Equal(["Le montant « 0,001 » a plus de deux décimales : arrondissez-le au centime."], overPrecise.Problems);
        Assert.Equal(["Le montant « -5 » doit être positif."], negative.Problems);
        Assert.Equal(["Pour un chèque, indiquez son numéro, le nom du payeur et la banque."], cheque.Problems);
        Assert.Equal(
            [
                "Le compte famille « inconnue » n'existe pas : choisissez-le dans la liste.",
                "Le porte-monnaie « cantine » n'existe pas : choisissez-en un dans la liste.",
                "Le montant « douze » n'est pas un nombre : écrivez-le en euros, par exemple 45,50.",
                "La date du lundi 9 octobre 2023 est à venir : on enregistre ce qui a été reçu ou rendu.",
                "Choisissez le mode de paiement : CH (Chèque), ESP (Espèces), CESU (Chèque emploi service universel (CESU)), CB (Carte bancaire au guichet), CBLEUE (Carte bancaire en ligne), VIR (Virement).",
            ],
            unknown.Problems);
        Assert.Equal(["Le montant d'une correction n'est pas nul : « 5,00 » crédite le porte-monnaie, « -5,00 » le débite.", "Le motif est obligatoire."], noReason.Problems);
        Assert.Empty(await _ledger.GetMovementsAsync(Cestas, Dupont, new DateInterval(Day("2023-09-01"), Day("2023-12-31"))));
    }
}
