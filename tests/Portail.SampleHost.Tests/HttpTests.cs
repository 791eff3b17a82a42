using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Windows;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>The sample host over HTTP, in memory, at the demo instant (Monday 2 October 2023, 09:00), signed in as the family DUPONT.</summary>
public sealed class HttpTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await factory.FamilyClientAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Home_page_has_the_guides_five_tabs_the_tenant_and_the_family()
    {
        var html = await _client.GetStringAsync("/");

        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Mairie de Cestas", html);
        Assert.Contains("Famille DUPONT", html);
        foreach (var tab in new[] { "Accueil", "Historiques", "Paiement et solde", "Réservations", "Dossier Famille" })
        {
            Assert.Contains($">{tab}</a>", html);
        }

        Assert.Contains("Date de démonstration : lundi 2 octobre 2023 09:00", html);
    }

    [Fact]
    public async Task Home_page_lists_the_booking_periods_with_their_opening_dates()
    {
        var text = Html.Text(await _client.GetStringAsync("/"));

        Assert.Contains("Période 2 vendredi 20 octobre 2023 lundi 6 novembre 2023 au vendredi 5 janvier 2024", text);
    }

    [Fact]
    public async Task R_DOS_2_the_Dossier_Famille_tab_shows_DUPONTs_validated_file()
    {
        var html = await _client.GetStringAsync("/dossier");

        Assert.Contains("<h1>Dossier Famille</h1>", html);
        Assert.Matches("<a [^>]*aria-current=\"page\"[^>]*>Dossier Famille</a>", html);
        var text = Html.Text(html);
        Assert.Contains("Dossier validé", text);
        Assert.Contains("DUPONT Lenny", text);
        Assert.Contains("Fiche santé (validée)", text);
    }

    [Fact]
    public async Task Reservations_default_to_the_first_child_all_activities_and_the_month_of_the_clock()
    {
        var html = await _client.GetStringAsync("/reservations");

        Assert.Contains("<option value=\"lenny\" selected=\"selected\">Lenny</option>", html);
        Assert.Contains("<option value=\"\" selected=\"selected\">Toutes les activités</option>", html);
        Assert.Contains("<h2 id=\"mois-titre\">Octobre 2023</h2>", html);
        Assert.Contains("Lorsque vous n'avez pas sélectionné d'activité", Html.Text(html));
        Assert.Contains("Activités réservées, aucune action possible", Html.CellText(html, "2023-10-02"));
        Assert.Contains("Activités en liste d'attente ou refusées : consulter le suivi", Html.CellText(html, "2023-10-04"));
    }

    [Fact]
    public async Task R_CAL_2_canteen_on_2_October_is_booked_and_locked_and_on_9_October_changeable()
    {
        var html = await _client.GetStringAsync("/reservations?child=lenny&activity=restauration&month=2023-10");

        Assert.Contains("state-booked-locked", Html.CellClass(html, "2023-10-02"));
        Assert.Contains("lundi 2 octobre 2023 : Activité réservée, non modifiable", Html.CellText(html, "2023-10-02"));
        Assert.Contains("state-booked", Html.CellClass(html, "2023-10-09"));
        Assert.Contains("Activité réservée, modifiable", Html.CellText(html, "2023-10-09"));
        Assert.Contains("Activité disponible", Html.CellText(html, "2023-10-16"));
        Assert.Contains("outside", Html.CellClass(html, "2023-09-25"));
        Assert.Contains("Lorsque vous avez sélectionné une activité", Html.Text(html));
        Assert.Contains("ce nombre de places peut évoluer", html);
    }

    [Fact]
    public async Task R_CAL_1_wednesday_centre_shows_full_waiting_list_and_places_left()
    {
        var lenny = await _client.GetStringAsync("/reservations?child=lenny&activity=alsh-36-mercredi-journee&month=2023-10");
        var morning = await _client.GetStringAsync("/reservations?child=lenny&activity=alsh-36-mercredi-matin&month=2023-10");
        var leyah = await _client.GetStringAsync("/reservations?child=leyah&activity=alsh-612-mercredi-journee&month=2023-10");

        Assert.Contains("Activité complète", Html.CellText(lenny, "2023-10-11"));
        Assert.Contains("Activité demandée en liste d'attente ou refusée, annulable", Html.CellText(lenny, "2023-10-18"));
        Assert.Contains("Activité en liste d'attente ou refusée, non modifiable", Html.CellText(lenny, "2023-10-04"));
        Assert.Contains("12 places", Html.CellText(morning, "2023-10-11"));
        Assert.Contains("Activité disponible uniquement en liste d'attente", Html.CellText(leyah, "2023-10-18"));
        Assert.Contains("11 places", Html.CellText(leyah, "2023-10-11"));
    }

    [Fact]
    public async Task R_CAL_4_day_detail_has_the_guides_title_columns_and_prices()
    {
        var html = await _client.GetStringAsync("/reservations?child=lenny&month=2023-10&day=2023-10-05");
        var text = Html.Text(html);

        Assert.Contains("<h2 id=\"detail-titre\">Lenny : Activités disponibles le jeudi 5 octobre 2023</h2>", html);
        Assert.Contains("Activité Heure arrivée Heure départ Dispo Tarif État", text);
        Assert.Contains("Restauration scolaire 11:30 13:30 3,50 € ✔ Activité réservée, modifiable", text);
        Assert.Contains("APS Matin 07:15 08:15 1,12 € ○ Activité disponible", text);
    }

    [Fact]
    public async Task R_WIN_7_day_detail_says_why_a_day_cannot_be_changed()
    {
        var text = Html.Text(await _client.GetStringAsync("/reservations?child=lenny&activity=restauration&month=2023-10&day=2023-10-02"));

        Assert.Contains("Activité réservée, non modifiable Hors délai : ce jour pouvait être annulé jusqu'au vendredi 29 septembre 2023 inclus.", text);
    }

    [Fact]
    public async Task Month_navigation_links_keep_the_child_and_activity()
    {
        var html = await _client.GetStringAsync("/reservations?child=leyah&activity=restauration&month=2023-10");

        Assert.Contains("href=\"/reservations?child=leyah&amp;activity=restauration&amp;month=2023-09\"><span aria-hidden=\"true\">‹ </span>Mois précédent</a>", html);
        Assert.Contains("href=\"/reservations?child=leyah&amp;activity=restauration&amp;month=2023-11\">Mois suivant", html);
    }

    [Fact]
    public async Task R_TEN_1_structure_switch_shows_the_music_schools_activities()
    {
        var html = await _client.GetStringAsync("/reservations?structure=musique&child=lenny&month=2023-10");

        Assert.Contains("<option value=\"musique\" selected=\"selected\">École de musique</option>", html);
        Assert.Contains("<option value=\"eveil-musical\">Éveil musical</option>", html);
        Assert.DoesNotContain("<option value=\"restauration\"", html);
        Assert.Contains("href=\"/historiques?structure=musique\"", html);

        var eveil = await _client.GetStringAsync("/reservations?structure=musique&child=lenny&activity=eveil-musical&month=2023-10");
        Assert.Contains("Activité réservée, modifiable", Html.CellText(eveil, "2023-10-11"));
    }

    [Theory]
    [InlineData("/reservations?child=inconnu")]
    [InlineData("/reservations?activity=inconnue")]
    [InlineData("/reservations?structure=musique&activity=restauration")]
    [InlineData("/reservations?structure=inconnue")]
    [InlineData("/ailleurs")]
    public async Task Unknown_child_activity_structure_or_page_is_a_french_404(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/reservations?month=octobre")]
    [InlineData("/reservations?day=2023-13-01")]
    public async Task Malformed_month_or_day_is_a_french_400(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Demande incorrecte", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stylesheet_is_served()
    {
        using var response = await _client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("@media", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task R_WIN_6_a_family_in_debit_sees_why_it_may_not_book()
    {
        using var inDebit = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IAccountStanding, InDebit>()));
        var html = await (await SignIn.AsAsync(inDebit, "dupont")).GetStringAsync("/reservations?child=lenny&activity=restauration&month=2023-10");

        Assert.Contains("role=\"alert\"", html);
        Assert.Contains("Votre Compte Famille est débiteur", html);
    }

    [Fact]
    public void Invalid_activity_setting_fails_at_start_up_naming_it()
    {
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting("Portail:Tenants:0:Activities:0:Deadline:Days", "-1"));

        var error = Record.Exception(() => broken.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Portail:Tenants:0:Activities:0:Deadline:Days", error.Message);
    }

    [Fact]
    public void Invalid_demo_date_fails_at_start_up_naming_Demo_Now()
    {
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting("Demo:Now", "2 octobre"));

        var error = Record.Exception(() => broken.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Demo:Now", error.Message);
    }

    [Fact]
    public async Task Without_a_demo_date_the_system_clock_runs_and_no_banner_shows()
    {
        // A portal of its own: on today's date, the daily job expires the demo's insurances of 2024 (R-DOS-8),
        // which would close booking to DUPONT on the class's portal.
        await using var own = new PortalFactory();
        using var live = own.WithWebHostBuilder(b => b.UseSetting("Demo:Now", ""));
        var html = await (await SignIn.AsAsync(live, "dupont")).GetStringAsync("/");

        Assert.DoesNotContain("Date de démonstration", html);
        Assert.IsType<SystemClock>(live.Services.GetRequiredService<IClock>());
    }

    private sealed class InDebit : IAccountStanding
    {
        public ValueTask<decimal> AmountDueAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) => ValueTask.FromResult(118.04m);
    }

    [Fact]
    public async Task The_opening_endpoint_says_when_each_period_opens_and_whether_it_is_open_without_a_session()
    {
        using var client = factory.Client();
        using var response = await client.GetAsync("/ouverture"); // no session

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=1", response.Headers.CacheControl?.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2023-10-02T09:00:00+02:00", json.RootElement.GetProperty("now").GetString());
        var periods = json.RootElement.GetProperty("periods").EnumerateArray().ToList();
        Assert.Contains(periods, p => p.GetProperty("open").GetBoolean());
        var p2 = Assert.Single(periods, p => p.GetProperty("id").GetString() == "P2");
        Assert.Equal(("2023-10-20T00:00:00+02:00", false), (p2.GetProperty("opensAt").GetString(), p2.GetProperty("open").GetBoolean()));
    }
}
