using System.Net;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>Issue 7's journey: an agent posts a day of attendance; the family sees its balance and histories change (R-WAL-1..5, R-HIS-1).</summary>
public sealed class BillingTests
{
    private const string Sheet = "/agents/pointage?activite=restauration&jour=2023-10-03";

    [Fact]
    public async Task R_WAL_4_an_agent_posts_a_day_and_the_family_sees_its_balance_and_history_change()
    {
        await using var s = new Session("2023-10-03T18:00");
        Assert.Contains("Services Scolaires et ALSH 0,00 €", Html.Text(await s.GetAsync("/paiement")));

        var posted = Html.Text(await s.PostPageAsync(Sheet, Sheet, ("presence:lenny", "Present"), ("presence:leyah", "AbsentUnjustified")));
        var again = Html.Text(await s.PostPageAsync(Sheet, Sheet, ("presence:lenny", "Present"), ("presence:leyah", "AbsentUnjustified")));

        Assert.Contains("Pointage enregistré : 2 consommation(s) débitée(s), 7,00 € au total.", posted);
        Assert.Contains("Cette journée avait déjà été pointée : rien n'a été débité une seconde fois.", again);
        var payment = Html.Text(await s.GetAsync("/paiement?jusquau=2023-10-06"));
        Assert.Contains("Services Scolaires et ALSH -7,00 €", payment);
        Assert.Contains("Montant dû 7,00 €", payment);
        var history = Html.Text(await s.GetAsync("/historiques"));
        Assert.Contains("Ma 03/10/2023 DUPONT Lenny Restauration scolaire 3,50 € 1 3,50 €", history);
        Assert.Contains("Ma 03/10/2023 DUPONT Leyah Restauration scolaire 3,50 € 1 3,50 €", history);
        Assert.Contains("TOTAL 7,00 €", history);
        Assert.DoesNotContain("Leyah", Html.Text(await s.GetAsync("/historiques?filtre=lenny")));
    }

    [Fact]
    public async Task A_sheet_for_a_day_without_service_and_an_unreadable_date_are_refused_in_French()
    {
        await using var s = new Session("2023-10-05T18:00");
        using var response = await s.PostAsync("/agents/pointage?activite=restauration&jour=2023-10-04", "/agents/pointage?activite=restauration&jour=2023-10-04");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Pas de pointage pour « Restauration scolaire » le mercredi 4 octobre 2023", Html.Text(await response.Content.ReadAsStringAsync()));
        using var badDate = await (await s.FamilyAsync()).GetAsync("/paiement?jusquau=31/10/2023");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("« 31/10/2023 » n'est pas une date", Html.Text(await badDate.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task R_PAY_5_a_cheque_at_the_desk_credits_the_wallet_and_shows_in_the_payment_history_and_its_export()
    {
        const string desk = "/agents/caisse?famille=dupont";
        await using var s = new Session("2023-10-03T18:00");
        var refused = await s.PostAsync(desk, desk, ("Form.Family", "dupont"), ("Form.Wallet", "scolaire-alsh"), ("Form.Operation", "Payment"), ("Form.Amount", "88,755"), ("Form.Date", "2023-10-03"), ("Form.Mode", "CH"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusal = Html.Text(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Rien n'est enregistré : Le montant « 88,755 » a plus de deux décimales : arrondissez-le au centime. Pour un chèque, indiquez son numéro, le nom du payeur et la banque.", refusal);

        var done = Html.Text(await s.PostPageAsync(desk, desk,
            ("Form.Family", "dupont"), ("Form.Wallet", "scolaire-alsh"), ("Form.Operation", "Payment"), ("Form.Amount", "88,75"), ("Form.Date", "2023-10-03"),
            ("Form.Mode", "CH"), ("Form.Piece", "1234567"), ("Form.Payer", "M. DUPONT Jean-Paul"), ("Form.Bank", "Crédit Agricole")));
        Assert.Contains("Paiement CH n° 1234567 de 88,75 € enregistré sur le porte-monnaie « Services Scolaires et ALSH ».", done);
        Assert.Contains("Services Scolaires et ALSH 88,75 €", done);
        await s.PostPageAsync(desk, desk, ("Form.Family", "dupont"), ("Form.Wallet", "scolaire-alsh"), ("Form.Operation", "Correction"), ("Form.Amount", "-3,50"), ("Form.Date", "2023-10-03"), ("Form.Reason", "Repas oublié"));

        Assert.Contains("Services Scolaires et ALSH 85,25 €", Html.Text(await s.GetAsync("/paiement")));

        // R-ACC-7: the music school's desk shows and offers only the music school's wallet, none of the school's movements.
        var music = Html.Text(await s.GetAsync(desk + "&structure=musique"));
        Assert.Contains("École de musique 0,00 €", music);
        Assert.DoesNotContain("Services Scolaires et ALSH", music);
        Assert.DoesNotContain("1234567", music);
        var history = Html.Text(await s.GetAsync("/historiques"));
        Assert.Contains("Ma 03/10/2023 CH 1234567 M. DUPONT Jean-Paul Crédit Agricole 88,75 €", history);

        using var csv = await (await s.FamilyAsync()).GetAsync("/historiques?handler=Csv&quoi=paiements&mois=2023-10");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("paiements-2023-10.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(
            "Date;Mode;N° de pièce;Payeur;Banque;Montant\r\nMa 03/10/2023;CH;1234567;M. DUPONT Jean-Paul;Crédit Agricole;88,75\r\nTOTAL;;;;;88,75\r\n",
            System.Text.Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task R_HIS_1_families_see_the_current_and_previous_month_and_the_consumptions_export_keeps_the_filter()
    {
        const string sheet = "/agents/pointage?activite=restauration&jour=2023-10-03";
        await using var s = new Session("2023-10-03T18:00");
        await s.PostPageAsync(sheet, sheet, ("presence:lenny", "Present"), ("presence:leyah", "AbsentUnjustified"));

        using var csv = await (await s.FamilyAsync()).GetAsync("/historiques?handler=Csv&quoi=consommations&mois=2023-10&filtre=lenny");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Equal("Date;Nom;Prénom;Activité;Prix unitaire;Quantité;Total\r\nMa 03/10/2023;DUPONT;Lenny;Restauration scolaire;3,50;1,00;3,50\r\nTOTAL;;;;;;3,50\r\n", text.TrimStart('\uFEFF'));

        Assert.Equal(HttpStatusCode.OK, (await (await s.FamilyAsync()).GetAsync("/historiques?mois=2023-09")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await s.FamilyAsync()).GetAsync("/historiques?mois=2023-08")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await s.FamilyAsync()).GetAsync("/historiques?mois=2023-11")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await s.FamilyAsync()).GetAsync("/historiques?handler=Csv&quoi=tout&mois=2023-10")).StatusCode);
    }

    [Fact]
    public async Task R_TAR_1_agents_see_the_tariffs_with_their_revisions_and_brackets_the_one_in_force_marked()
    {
        await using var s = new Session();
        var text = Html.Text(await s.GetAsync("/agents/tarifs"));

        Assert.Contains("ALSH 6-12 Mercredi Après-midi Tarif à partir du vendredi 1 septembre 2023 jusqu'au dimanche 31 décembre 2023 (en vigueur) Quotient familial Prix de 0 à moins de 500 4,15 € de 500 à moins de 900 6,90 € 900 et plus 10,35 € Résident sans attestation 10,35 € Non-résident 12,50 €", text);
        Assert.Contains("Tarif à partir du lundi 1 janvier 2024 Quotient familial Prix de 0 à moins de 500 4,25 €", text);
        Assert.Contains("ALSH 3-6 Mercredi Journée Prix unique : 6,65 €", text);
    }
}
