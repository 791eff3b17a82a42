using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The family's journey over HTTP at the demo instant (Monday 2 October 2023, 09:00): day clicks and
/// quick tools fill the basket, the summary, the final validation with its remarks, the follow-up.
/// Each test has its own portal, on a SQLite file of its own (<see cref="Session"/>).
/// </summary>
public sealed class JourneyTests
{
    private const string LennyCanteen = "/reservations?child=lenny&activity=restauration&month=2023-10";

    [Fact]
    public async Task R_BSK_1_a_day_click_puts_a_request_in_the_basket_and_a_second_click_takes_it_back()
    {
        await using var s = new Session();

        var location = await s.ClickAsync("lenny", "restauration", "2023-10-16");

        Assert.Equal(LennyCanteen + "#calendrier", location);
        var html = await s.GetAsync(LennyCanteen);
        Assert.Contains("1 demande en attente de validation", html);
        Assert.Contains("pending", Html.CellClass(html, "2023-10-16"));
        Assert.Contains("Retirer la demande du lundi 16 octobre 2023 : Activité réservée, modifiable à valider", Html.CellText(html, "2023-10-16"));
        Assert.Equal(RequestKind.Book, (await s.BasketAsync()).Find(Key("lenny", "restauration", 2023, 10, 16))?.Kind);

        await s.ClickAsync("lenny", "restauration", "2023-10-16");

        Assert.Contains("Aucune demande en attente de validation", await s.GetAsync(LennyCanteen));
        Assert.Equal(0, (await s.BasketAsync()).Count);
    }

    [Fact]
    public async Task R_BSK_1_clicking_a_booked_day_asks_its_cancellation_and_a_locked_day_has_no_button()
    {
        await using var s = new Session();
        var before = await s.GetAsync(LennyCanteen);
        Assert.Contains("<button type=\"submit\" name=\"jour\" value=\"2023-10-09\"", before);
        Assert.DoesNotContain("<button type=\"submit\" name=\"jour\" value=\"2023-10-02\"", before);
        Assert.Contains("Annuler la réservation du lundi 9 octobre 2023", Html.CellText(before, "2023-10-09"));

        await s.ClickAsync("lenny", "restauration", "2023-10-09");

        Assert.Equal(RequestKind.Cancel, (await s.BasketAsync()).Find(Key("lenny", "restauration", 2023, 10, 9))?.Kind);
        Assert.Contains("Retirer l'annulation du lundi 9 octobre 2023", Html.CellText(await s.GetAsync(LennyCanteen), "2023-10-09"));
    }

    [Fact]
    public async Task R_CAL_5_quick_tools_every_thursday_the_week_and_the_whole_month()
    {
        await using var s = new Session();
        const string page = "/reservations?child=lenny&activity=aps-matin&month=2023-10";
        const string action = "/reservations?handler=Calendar&child=lenny&activity=aps-matin&month=2023-10";
        var html = Html.Text(await s.GetAsync(page));
        Assert.Contains("Tous les jeudis d'octobre 2023", html);
        Assert.Contains("Toute la semaine du lundi 16 octobre 2023", html);
        Assert.Contains("Tout le mois d'octobre 2023", html);

        await s.PostRedirectAsync(page, action, ("jourSemaine", "4"));
        Assert.Contains("3 demandes en attente de validation", await s.GetAsync(page));

        await s.PostRedirectAsync(page, action, ("semaine", "2023-10-16"));
        Assert.Contains("6 demandes en attente de validation", await s.GetAsync(page));

        // The month's first bookable day (5 October) is now requested: the month tool cancels
        // every request and booking it can, so the requests go and 9 October's booking is cancelled.
        await s.PostRedirectAsync(page, action, ("moisEntier", "1"));
        var basket = await s.BasketAsync();
        Assert.Equal(RequestKind.Cancel, Assert.Single(basket.Requests).Kind);
        Assert.Equal(new LocalDate(2023, 10, 9), basket.Requests.Single().Key.Date);
    }

    [Fact]
    public async Task R_BSK_1_summary_lists_booking_and_cancellation_requests_with_totals()
    {
        await using var s = new Session();
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        await s.ClickAsync("lenny", "restauration", "2023-10-17");
        await s.ClickAsync("lenny", "restauration", "2023-10-09");

        var html = await s.GetAsync("/reservations/recapitulatif?child=lenny&activity=restauration&month=2023-10");
        var text = Html.Text(html);

        Assert.Contains("Récapitulatif des réservations Vos demandes de réservations Date Activité Enfant Arrivée Départ Coût Retirer", text);
        Assert.Contains("Lu 16/10/2023 Restauration scolaire Lenny 11:30 13:30 3,50 €", text);
        Assert.Contains("Ma 17/10/2023 Restauration scolaire Lenny 11:30 13:30 3,50 €", text);
        Assert.Contains("Total des réservations : 7,00 €", text);
        Assert.Contains("Récapitulatif des annulations", text);
        Assert.Contains("Lu 09/10/2023 Restauration scolaire Lenny 11:30 13:30 3,50 €", text);
        Assert.Contains("Total des annulations : 3,50 €", text);
        Assert.Contains("IMPORTANT : vos réservations ne sont pas enregistrées tant que vous n'avez pas validé le récapitulatif.", text);
        Assert.Contains("Retirer la demande de réservation : Restauration scolaire, Lenny, lundi 16 octobre 2023", text);
        Assert.Contains("Retirer la demande d'annulation : Restauration scolaire, Lenny, lundi 9 octobre 2023", text);
        Assert.Contains("href=\"/reservations?child=lenny&amp;activity=restauration&amp;month=2023-10\">Retour</a>", html);
        Assert.Contains(">Abandonner</button>", html);
        Assert.Contains(">Valider</button>", html);
        Assert.Matches("name=\"soumission\" value=\"[0-9a-f-]{36}\"", html);
    }

    [Fact]
    public async Task R_BSK_2_validation_shows_the_remark_of_every_request_not_accepted_and_empties_the_basket()
    {
        await using var s = new Session();
        await s.ClickAsync("leyah", "alsh-612-mercredi-journee", "2023-10-18");
        await s.ClickAsync("lenny", "restauration", "2023-10-16");

        var result = await s.ValidateAsync();

        Assert.Matches("^/reservations/resultat/[0-9a-f-]{36}$", result);
        var html = await s.GetAsync(result);
        var text = Html.Text(html);
        Assert.Contains("Votre validation a bien été prise en compte. 1 réservation acceptée, 1 mise en liste d'attente.", text);
        Assert.Contains("Remarques concernant vos réservations", text);
        Assert.Contains("Date Activité Enfant Arrivée Départ Statut Me 18/10/2023 ALSH 6-12 Mercredi Journée Leyah 07:30 18:00 Mise en liste d'attente", text);
        Assert.DoesNotContain("Restauration", Html.Text(Section(html, "remarques-titre")));
        Assert.Contains("pensez à les annuler le plus tôt possible", text);
        Assert.Contains("href=\"/reservations/suivi\"", html);
        Assert.Equal(0, (await s.BasketAsync()).Count);

        var followUp = Html.Text(await s.GetAsync("/reservations/suivi"));
        Assert.Contains("Me 18/10/2023 ALSH 6-12 Mercredi Journée DUPONT Leyah 07:30 18:00 14,85 € En liste d'attente, non transmise 3ᵉ en liste d'attente", followUp);
        Assert.Contains("Lu 16/10/2023 Restauration scolaire DUPONT Lenny 11:30 13:30 3,50 € Acceptée, non transmise", followUp);
    }

    [Fact]
    public async Task R_BSK_2_a_day_whose_waiting_list_filled_up_meanwhile_is_not_processed()
    {
        await using var s = new Session();
        await s.ClickAsync("leyah", "alsh-612-mercredi-journee", "2023-10-18");
        var faster = Enumerable.Range(0, 4).Select(i => new RequestKey(new ChildId($"plus-rapide-{i}"), new ActivityId("alsh-612-mercredi-journee"), new LocalDate(2023, 10, 18)));
        var tenant = s.Services.GetRequiredService<Catalogue>()[Session.Tenant];
        await DemoData.RecordAsync(s.Services.GetRequiredService<IBookingStore>(), tenant, new FamilyId("plus-rapides"), Guid.NewGuid(), faster, CancellationToken.None);

        var text = Html.Text(await s.GetAsync(await s.ValidateAsync()));

        Assert.Contains("Me 18/10/2023 ALSH 6-12 Mercredi Journée Leyah 07:30 18:00 Non traitée, activité complète", text);
    }

    [Fact]
    public async Task R_BSK_3_a_double_click_on_Valider_records_once_and_shows_the_same_result()
    {
        await using var s = new Session();
        await s.ClickAsync("leyah", "alsh-612-mercredi-journee", "2023-10-18");
        var (token, submission, fingerprint) = Session.ValidateForm(await s.GetAsync("/reservations/recapitulatif"));

        using var first = await s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", submission), ("empreinte", fingerprint));
        using var second = await s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", submission), ("empreinte", fingerprint));

        Assert.Equal(HttpStatusCode.Found, first.StatusCode);
        Assert.Equal(HttpStatusCode.Found, second.StatusCode);
        Assert.Equal(first.Headers.Location!.OriginalString + "?repete=True", second.Headers.Location!.OriginalString);
        var shown = Html.Text(await s.GetAsync(second.Headers.Location!.OriginalString));
        Assert.Contains("Mise en liste d'attente", shown);
        Assert.Contains("double clic", shown);
        await AssertLeyahWaitsOnceAsync(s);
    }

    [Fact]
    public async Task R_BSK_3_two_simultaneous_clicks_on_Valider_record_once()
    {
        await using var s = new Session();
        await s.ClickAsync("leyah", "alsh-612-mercredi-journee", "2023-10-18");
        var (token, submission, fingerprint) = Session.ValidateForm(await s.GetAsync("/reservations/recapitulatif"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", submission), ("empreinte", fingerprint))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Found, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.OriginalString.Split('?')[0]).Distinct());
        foreach (var r in responses)
        {
            r.Dispose();
        }

        await AssertLeyahWaitsOnceAsync(s);
    }

    [Fact]
    public async Task R_BSK_1_the_red_cross_removes_one_line()
    {
        await using var s = new Session();
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        await s.ClickAsync("lenny", "restauration", "2023-10-17");

        var location = await s.PostRedirectAsync("/reservations/recapitulatif", "/reservations/recapitulatif?handler=Remove", ("enfant", "lenny"), ("activite", "restauration"), ("date", "2023-10-16"));

        Assert.StartsWith("/reservations/recapitulatif", location);
        var text = Html.Text(await s.GetAsync(location));
        Assert.DoesNotContain("Lu 16/10/2023", text);
        Assert.Contains("Ma 17/10/2023 Restauration scolaire Lenny", text);
        Assert.Contains("Total des réservations : 3,50 €", text);
        Assert.Equal(1, (await s.BasketAsync()).Count);
    }

    [Fact]
    public async Task R_BSK_1_Abandonner_empties_the_basket_from_the_summary_and_from_the_calendar()
    {
        await using var s = new Session();
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        var html = await s.GetAsync(LennyCanteen);
        Assert.Contains("Si vous cliquez sur « Abandonner » : toutes les opérations que vous venez de faire seront annulées.", html);

        var location = await s.PostRedirectAsync("/reservations/recapitulatif?child=lenny&activity=restauration&month=2023-10", "/reservations/recapitulatif?handler=Abandon&child=lenny&activity=restauration&month=2023-10");

        Assert.Equal(LennyCanteen, location);
        Assert.Equal(0, (await s.BasketAsync()).Count);

        await s.ClickAsync("lenny", "restauration", "2023-10-17");
        await s.PostRedirectAsync(LennyCanteen, "/reservations?handler=Abandon&child=lenny&activity=restauration&month=2023-10");
        Assert.Equal(0, (await s.BasketAsync()).Count);
        Assert.Contains("Aucune demande en attente de validation", await s.GetAsync(LennyCanteen));
    }

    [Fact]
    public async Task A_refused_validation_shows_the_cores_message_and_keeps_the_basket()
    {
        await using var s = new Session();
        var empty = await s.GetAsync("/reservations/recapitulatif");
        Assert.Contains("Vous n'avez aucune demande en attente de validation.", Html.Text(empty));
        var token = Session.Token(await s.GetAsync(LennyCanteen));
        using (var none = await s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", Guid.NewGuid().ToString()), ("empreinte", BasketParts.Fingerprint(Basket.Empty))))
        {
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
            Assert.Contains("Votre panier est vide : aucune demande à valider.", await none.Content.ReadAsStringAsync());
        }

        var stranger = Basket.Empty.With(new PendingRequest(Key("inconnu", "restauration", 2023, 10, 16), RequestKind.Book));
        await s.Services.GetRequiredService<IBasketStore>().SaveAsync(Session.Tenant, Session.Dupont, stranger);
        var summary = await s.GetAsync("/reservations/recapitulatif");
        Assert.Contains("L'enfant « inconnu » n'est pas rattaché à votre compte", Html.Text(summary));
        Assert.Contains(">Abandonner</button>", summary);

        using var refused = await s.PostWithTokenAsync(Session.Token(summary), "/reservations/recapitulatif?handler=Validate", ("soumission", Guid.NewGuid().ToString()), ("empreinte", BasketParts.Fingerprint(stranger)));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Vos demandes n'ont pas été validées.", Html.Text(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(1, (await s.BasketAsync()).Count);
    }

    [Fact]
    public async Task A_basket_changed_after_the_summary_was_shown_is_not_validated_unseen()
    {
        await using var s = new Session();
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        var (token, submission, fingerprint) = Session.ValidateForm(await s.GetAsync("/reservations/recapitulatif"));
        await s.ClickAsync("lenny", "restauration", "2023-10-17");

        using var response = await s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", submission), ("empreinte", fingerprint));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Html.Text(await response.Content.ReadAsStringAsync());
        Assert.Contains("Vos demandes ont changé depuis l'affichage du récapitulatif", text);
        Assert.Contains("Ma 17/10/2023 Restauration scolaire Lenny", text);
        Assert.Equal(2, (await s.BasketAsync()).Count);
    }

    [Fact]
    public async Task R_ACT_3_day_detail_books_a_time_entry_activity_with_allowed_times_only()
    {
        await using var s = new Session();
        const string detail = "/reservations?child=lenny&month=2023-10&day=2023-10-09";
        const string action = "/reservations?handler=Times&child=lenny&month=2023-10&day=2023-10-09";
        var html = await s.GetAsync(detail);
        Assert.Contains("<select id=\"arrivee-accueil-temps\" name=\"arrivee\"><option value=\"07:00\">07:00</option><option value=\"07:30\">07:30</option></select>", Regex.Replace(html, @">\s+<", "><"));

        var refused = Html.Text(await s.PostPageAsync(detail, action, ("activite", "accueil-temps"), ("arrivee", "07:35"), ("depart", "08:30")));
        Assert.Contains("Heure d'arrivée à choisir parmi : 07:00, 07:30.", refused);
        Assert.Equal(0, (await s.BasketAsync()).Count);

        var location = await s.PostRedirectAsync(detail, action, ("activite", "accueil-temps"), ("arrivee", "07:30"), ("depart", "08:30"));

        Assert.Equal(detail + "#detail", location);
        Assert.Equal(new LocalTime(7, 30), (await s.BasketAsync()).Find(Key("lenny", "accueil-temps", 2023, 10, 9))?.Arrival);
        Assert.Contains("Accueil saisie temps 07:30 08:30 0,32 € ✔ Activité réservée, modifiable Demande à valider Retirer la demande Accueil saisie temps", Html.Text(await s.GetAsync(detail)));
        Assert.Contains("Lu 09/10/2023 Accueil saisie temps Lenny 07:30 08:30 0,64 €", Html.Text(await s.GetAsync("/reservations/recapitulatif")));
    }

    [Fact]
    public async Task R_CAL_4_day_detail_has_a_button_per_activity_that_can_be_acted_on()
    {
        await using var s = new Session();
        const string detail = "/reservations?child=lenny&month=2023-10&day=2023-10-05";
        var before = Html.Text(await s.GetAsync(detail));
        Assert.Contains("APS Matin 07:15 08:15 1,12 € ○ Activité disponible Réserver APS Matin", before);
        Assert.Contains("Restauration scolaire 11:30 13:30 3,50 € ✔ Activité réservée, modifiable Annuler la réservation Restauration scolaire", before);

        var location = await s.PostRedirectAsync(detail, "/reservations?handler=Detail&child=lenny&month=2023-10&day=2023-10-05", ("activite", "aps-matin"));

        Assert.Equal(detail + "#detail", location);
        Assert.Equal(RequestKind.Book, (await s.BasketAsync()).Find(Key("lenny", "aps-matin", 2023, 10, 5))?.Kind);
        Assert.Contains("Demande à valider Retirer la demande APS Matin", Html.Text(await s.GetAsync(detail)));
    }

    [Fact]
    public async Task R_CAL_6_import_copies_new_requests_and_lists_the_days_not_imported()
    {
        await using var s = new Session();
        await s.ClickAsync("lenny", "restauration", "2023-10-13");
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        await s.ClickAsync("lenny", "restauration", "2023-10-17");
        const string leyah = "/reservations?child=leyah&activity=restauration&month=2023-10";
        const string action = "/reservations?handler=Copy&child=leyah&activity=restauration&month=2023-10";
        Assert.Contains("Importer des réservations sur Leyah pour l'activité « Restauration scolaire »", Html.Text(await s.GetAsync(leyah)));

        var text = Html.Text(await s.PostPageAsync(leyah, action, ("source", "lenny"), ("sourceActivite", "restauration"), ("du", "2023-10-01"), ("au", "2023-10-31")));

        Assert.Contains("2 demandes importées dans votre panier.", text);
        Assert.Contains("Important Liste des réservations non importées : Vendredi 13 Octobre 2023 : déjà réservée ou demandée ce jour", text);
        Assert.Equal(5, (await s.BasketAsync()).Count);

        var same = Html.Text(await s.PostPageAsync(leyah, action, ("source", "leyah"), ("sourceActivite", "restauration"), ("du", "2023-10-01"), ("au", "2023-10-31")));
        Assert.Contains("Choisissez un autre enfant ou une autre activité que ceux du calendrier affiché.", same);
    }

    [Fact]
    public async Task R_HIS_3_follow_up_ticks_every_state_by_default_and_filters_person_activity_and_states()
    {
        await using var s = new Session();

        var all = await s.GetAsync("/reservations/suivi");
        Assert.Equal(6, Regex.Count(all, "type=\"checkbox\"[^>]*checked=\"checked\""));
        Assert.Contains("<input type=\"hidden\" name=\"filtre\" value=\"1\">", all);
        var text = Html.Text(all);
        Assert.Contains("Date Activité Personne Heure arr. Heure dép. Coût * État Position Action", text);
        Assert.Contains("Lu 02/10/2023 Restauration scolaire DUPONT Lenny 11:30 13:30 3,50 € Acceptée", text);
        Assert.Contains("TOTAL des réservations acceptées : 62,23 €", text);

        var leyah = await s.GetAsync("/reservations/suivi?filtre=1&personne=leyah&activite=restauration&du=2023-10-01&au=2023-10-31&etat=acceptees&etat=transmise&etat=non-transmise");
        Assert.Equal(3, Regex.Count(leyah, "type=\"checkbox\"[^>]*checked=\"checked\""));
        Assert.DoesNotContain("DUPONT Lenny", Html.Text(leyah));
        Assert.Equal(6, Regex.Count(leyah, "Restauration scolaire</td>"));
        Assert.Contains("TOTAL des réservations acceptées : 21,00 €", Html.Text(leyah));

        var waiting = Html.Text(await s.GetAsync("/reservations/suivi?filtre=1&etat=liste-attente&etat=transmise&etat=non-transmise"));
        Assert.Contains("Me 04/10/2023 ALSH 6-12 Mercredi Matin DUPONT Leyah 07:30 12:00 10,35 € En liste d'attente 1ʳᵉ en liste d'attente", waiting);
        Assert.Contains("Me 18/10/2023 ALSH 3-6 Mercredi Journée DUPONT Lenny 07:30 18:00 6,65 € En liste d'attente 2ᵉ en liste d'attente", waiting);
        Assert.DoesNotContain("Acceptée, ", waiting);
        Assert.Contains("TOTAL des réservations acceptées : 0,00 €", waiting);

        Assert.Contains("Aucune réservation ne correspond à votre sélection.", await s.GetAsync("/reservations/suivi?filtre=1"));
    }

    [Fact]
    public async Task R_HIS_3_export_is_utf8_csv_with_bom_french_numbers_and_the_filters_applied()
    {
        await using var s = new Session();

        using var response = await (await s.FamilyAsync()).GetAsync("/reservations/suivi?handler=Export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("suivi-reservations.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date;Activité;Personne;Arrivée;Départ;Coût;État;Position en liste d'attente", lines[0]);
        Assert.Contains("Lu 02/10/2023;Restauration scolaire;DUPONT Lenny;11:30;13:30;3,50;Acceptée;", lines);
        Assert.Contains("Me 18/10/2023;ALSH 3-6 Mercredi Journée;DUPONT Lenny;07:30;18:00;6,65;En liste d'attente;2", lines);
        Assert.Equal("TOTAL des réservations acceptées;;;;;62,23;;", lines[^1]);

        using var filtered = await (await s.FamilyAsync()).GetAsync("/reservations/suivi?handler=Export&filtre=1&personne=lenny&etat=liste-attente&etat=transmise&etat=non-transmise");
        var only = Encoding.UTF8.GetString((await filtered.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, only.Length);
        Assert.StartsWith("Me 18/10/2023;ALSH 3-6 Mercredi Journée;DUPONT Lenny", only[1]);
    }

    [Fact]
    public async Task R_HIS_3_print_view_has_no_navigation_and_the_stylesheet_prints_without_it()
    {
        await using var s = new Session();

        var html = await s.GetAsync("/reservations/suivi?filtre=1&personne=leyah&etat=acceptees&etat=transmise&impression=1");

        Assert.Contains("<body class=\"print-view\">", html);
        Assert.DoesNotContain("class=\"tabs\"", html);
        Assert.DoesNotContain("class=\"filters\"", html);
        Assert.DoesNotContain(">Annuler<", html);
        Assert.Contains("Imprimez cette page", html);
        Assert.Contains("Personne : Leyah — Activité : Toutes", Html.Text(html));
        Assert.Contains("Ve 13/10/2023 Restauration scolaire DUPONT Leyah", Html.Text(html));
        var css = await s.GetAsync("/css/site.css");
        Assert.Matches(@"@media print \{\s*body \{[^}]*\}\s*\.site-header, \.site-footer", css);
    }

    [Fact]
    public async Task R_BSK_4_the_family_cancels_a_waiting_list_request_from_the_follow_up()
    {
        await using var s = new Session();
        const string waiting = "/reservations/suivi?filtre=1&etat=liste-attente&etat=transmise&etat=non-transmise";
        Assert.Contains("Annuler<span class=\"visually-hidden\"> : ALSH 3-6 Mercredi Journée, DUPONT Lenny, mercredi 18 octobre 2023</span>", await s.GetAsync(waiting));

        var location = await s.PostRedirectAsync(waiting, "/reservations/suivi?handler=Cancel&filtre=1&etat=liste-attente", ("enfant", "lenny"), ("activiteAnnulee", "alsh-36-mercredi-journee"), ("date", "2023-10-18"));

        Assert.Equal("/reservations/recapitulatif", location);
        Assert.Contains("Récapitulatif des annulations Vos demandes d'annulations Date Activité Enfant Arrivée Départ Coût Retirer Me 18/10/2023 ALSH 3-6 Mercredi Journée Lenny 07:30 18:00 6,65 €", Html.Text(await s.GetAsync(location)));
        Assert.Contains("Annulation à valider", await s.GetAsync(waiting));

        Assert.Contains("1 annulation enregistrée", Html.Text(await s.GetAsync(await s.ValidateAsync())));
        var after = Html.Text(await s.GetAsync(waiting));
        Assert.DoesNotContain("DUPONT Lenny", after);
        Assert.Contains("DUPONT Leyah", after);
    }

    [Fact]
    public async Task R_WIN_4_a_booking_past_its_deadline_cannot_be_cancelled_from_the_follow_up()
    {
        await using var s = new Session();

        var page = await s.PostPageAsync("/reservations/suivi", "/reservations/suivi?handler=Cancel&filtre=1&etat=acceptees&etat=transmise", ("enfant", "lenny"), ("activiteAnnulee", "restauration"), ("date", "2023-10-02"));

        var html = Html.Text(page);
        Assert.Contains("Cette réservation ne peut pas être annulée.", html);
        Assert.Contains("Hors délai", html);
        Assert.Equal(2, Regex.Count(page, "type=\"checkbox\"[^>]*checked=\"checked\""));
        Assert.Contains("APS Soir", html);
        Assert.Equal(0, (await s.BasketAsync()).Count);
    }

    [Fact]
    public async Task Agents_see_the_waiting_list_in_order_and_raising_the_capacity_promotes_the_first()
    {
        await using var s = new Session();
        const string day = "/agents?activite=alsh-36-mercredi-journee&jour=2023-10-18";
        const string capacity = "/agents?handler=Capacity&activite=alsh-36-mercredi-journee&jour=2023-10-18";
        var before = Html.Text(await s.GetAsync(day));
        Assert.Contains("Capacité du jour 24 places Réservations acceptées 24 Liste d'attente 2 sur 6", before);
        Assert.Contains("Position Enfant Compte famille Validée le Action 1 ROUSSEAU Camille famille-36-25", before);
        Assert.Contains("2 DUPONT Lenny dupont", before);

        var raised = Html.Text(await s.PostPageAsync(day, capacity, ("capacite", "25")));

        Assert.Contains("Capacité du mercredi 18 octobre 2023 : 25 places.", raised);
        Assert.Contains("Promus depuis la liste d'attente (leur famille sera avertie) : ROUSSEAU Camille — ALSH 3-6 Mercredi Journée, mercredi 18 octobre 2023", raised);
        Assert.Contains("Capacité du jour 25 places (activité : 24 places) Réservations acceptées 25 Liste d'attente 1 sur 6", raised);
        Assert.Contains("1 DUPONT Lenny dupont", raised);

        var bad = Html.Text(await s.PostPageAsync(day, capacity, ("capacite", "-3")));
        Assert.Contains("La capacité doit être un nombre de places, positif ou nul.", bad);
    }

    [Fact]
    public async Task Agents_cancel_a_booking_for_a_family_and_see_who_was_promoted()
    {
        await using var s = new Session();
        const string day = "/agents?activite=alsh-36-mercredi-journee&jour=2023-10-18";

        var text = Html.Text(await s.PostPageAsync(day, "/agents?handler=Cancel&activite=alsh-36-mercredi-journee&jour=2023-10-18", ("famille", "famille-36-01"), ("enfant", "enfant-36-01")));

        Assert.Contains("Réservation de MARTIN Chloé du mercredi 18 octobre 2023 annulée pour sa famille.", text);
        Assert.Contains("Promus depuis la liste d'attente (leur famille sera avertie) : ROUSSEAU Camille", text);
        Assert.Contains("1 DUPONT Lenny dupont", text);

        await s.PostPageAsync(day, "/agents?handler=Cancel&activite=alsh-36-mercredi-journee&jour=2023-10-18", ("famille", "famille-36-02"), ("enfant", "enfant-36-02"));
        Assert.Contains("Me 18/10/2023 ALSH 3-6 Mercredi Journée DUPONT Lenny 07:30 18:00 6,65 € Acceptée, non transmise", Html.Text(await s.GetAsync("/reservations/suivi")));
    }

    [Fact]
    public async Task Agents_answer_a_request_awaiting_an_answer()
    {
        await using var s = new Session();
        var before = Html.Text(await s.GetAsync("/agents"));
        Assert.Contains("Demandes en attente de réponse, dans l'ordre de validation Date Activité Enfant Compte famille Validée le Réponse Me 11/10/2023 Éveil musical DUPONT Lenny dupont", before);

        var text = Html.Text(await s.PostPageAsync("/agents", "/agents?handler=Answer", ("famille", "dupont"), ("enfant", "lenny"), ("activiteDemandee", "eveil-musical"), ("date", "2023-10-11"), ("reponse", "accepter")));

        Assert.Contains("Demande de DUPONT Lenny pour « Éveil musical » le mercredi 11 octobre 2023 : acceptée.", text);
        Assert.Contains("Aucune demande en attente de réponse.", text);
    }

    [Fact]
    public async Task R_TEN_1_each_structure_validates_its_own_requests_and_keeps_the_others()
    {
        await using var s = new Session();
        const string music = "/reservations?structure=musique&child=lenny&activity=eveil-musical&month=2023-10";
        await s.PostRedirectAsync(music, "/reservations?handler=Calendar&structure=musique&child=lenny&activity=eveil-musical&month=2023-10", ("jour", "2023-10-18"));
        await s.ClickAsync("lenny", "restauration", "2023-10-16");

        var school = Html.Text(await s.GetAsync("/reservations/recapitulatif"));
        Assert.Contains("Lu 16/10/2023 Restauration scolaire", school);
        Assert.DoesNotContain("Éveil musical", school);
        Assert.Contains("Et 1 demande dans une autre structure", school);

        var (token, submission, fingerprint) = Session.ValidateForm(await s.GetAsync("/reservations/recapitulatif?structure=musique"));
        using var response = await s.PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate&structure=musique", ("soumission", submission), ("empreinte", fingerprint));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("Me 18/10/2023 Éveil musical Lenny 14:00 15:00 En attente réponse", Html.Text(await s.GetAsync(response.Headers.Location!.OriginalString)));
        var left = await s.BasketAsync();
        Assert.Equal(new ActivityId("restauration"), Assert.Single(left.Requests).Key.Activity);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await using var s = new Session();
        using var content = new FormUrlEncodedContent([new("jour", "2023-10-16")]);

        using var response = await (await s.FamilyAsync()).PostAsync("/reservations?handler=Calendar&child=lenny&activity=restauration&month=2023-10", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await s.BasketAsync()).Count);
    }

    private static RequestKey Key(string child, string activity, int year, int month, int day) =>
        new(new ChildId(child), new ActivityId(activity), new LocalDate(year, month, day));

    private static async Task AssertLeyahWaitsOnceAsync(Session s)
    {
        var ledger = await s.Services.GetRequiredService<BookingService>().GetDayAsync(new Portail.Accounts.AgentActor(Session.Tenant, new Portail.Accounts.LoginId("test"), new Dictionary<StructureId, Portail.Accounts.AgentRole> { [new("scolaire")] = Portail.Accounts.AgentRole.Reader }), new DayKey(new ActivityId("alsh-612-mercredi-journee"), new LocalDate(2023, 10, 18)));
        Assert.Equal(3, ledger.Waiting.Count);
        Assert.Single(ledger.Waiting, w => w.Child == new ChildId("leyah"));
        var followUp = await s.GetAsync("/reservations/suivi?filtre=1&personne=leyah&activite=alsh-612-mercredi-journee&etat=liste-attente&etat=non-transmise");
        Assert.Single(Regex.Matches(followUp, "Me 18/10/2023"));
    }

    // The HTML of the section labelled by the heading with this id.
    private static string Section(string html, string headingId)
    {
        var m = Regex.Match(html, $"<section[^>]*aria-labelledby=\"{headingId}\">(?<body>.*?)</section>", RegexOptions.Singleline);
        Assert.True(m.Success, $"No section {headingId}.");
        return m.Groups["body"].Value;
    }
}
