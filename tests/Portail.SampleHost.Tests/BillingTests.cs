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
        using var badDate = await s.Client.GetAsync("/paiement?jusquau=31/10/2023");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("« 31/10/2023 » n'est pas une date", Html.Text(await badDate.Content.ReadAsStringAsync()));
    }
}
