using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The Réservations page in a real browser (Debian's Chromium, no browser download), over a real
/// socket. Without /usr/bin/chromium it is skipped with a message on a developer's machine, and
/// fails under CI (CI=true).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    internal const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Reservations_page_navigates_a_month_shows_the_legend_and_a_holiday_not_open_with_no_serious_axe_violation()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync(null);
        await portal.SignInAsync("dupont");
        var page = portal.Page;
        var address = portal.Address;

        await page.GotoAsync($"{address}/reservations");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Octobre 2023" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Mois suivant" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("month=2023-11"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novembre 2023" })).ToBeVisibleAsync();
        var legend = page.GetByRole(AriaRole.Region, new() { Name = "Légende" });
        await Assertions.Expect(legend.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(9);
        await Assertions.Expect(legend).ToContainTextAsync("Activités disponibles uniquement en liste d'attente");

        // 1 November (Toussaint, a public holiday in the Toussaint holidays): not open.
        var toussaint = page.Locator("td[data-date='2023-11-01'] a");
        await Assertions.Expect(toussaint).ToContainTextAsync("mercredi 1 novembre 2023 : L'activité n'est pas ouverte");

        await AssertNoSeriousAxeViolationAsync(page);

        // Without JavaScript: the selection form is a GET form, the days nothing can be done on are links to their detail.
        await page.GetByLabel("Activité concernée").SelectOptionAsync(new SelectOptionValue { Label = "Restauration scolaire" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher le calendrier" }).ClickAsync();
        await Assertions.Expect(legend).ToContainTextAsync("Lorsque vous avez sélectionné une activité");
        await page.Locator("td[data-date='2023-11-06'] a").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lenny : Activités disponibles le lundi 6 novembre 2023" })).ToBeVisibleAsync();

        // The same page on a phone.
        await page.SetViewportSizeAsync(375, 812);
        await AssertNoSeriousAxeViolationAsync(page);
    }

    /// <summary>
    /// Issue 3's journey, at 09:00 on Friday 20 October 2023, the opening day of period 2 (at the
    /// demo's 2 October only two Wednesdays of the period are still bookable): Lenny's family books
    /// four Wednesdays of November for "ALSH 3-6 Mercredi Journée" — the 15th is full with room on its
    /// waiting list —, validates, reads the remark, cancels the 29th from the follow-up, and finds
    /// the three others in the follow-up, the 15th with its place in line.
    /// </summary>
    [Fact]
    public async Task A_family_books_four_wednesdays_one_waitlisted_cancels_one_and_finds_everything_in_the_follow_up()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync("2023-10-20T09:00");
        await portal.SignInAsync("dupont");
        var page = portal.Page;

        await page.GotoAsync($"{portal.Address}/reservations");
        await page.GetByLabel("Personne concernée").SelectOptionAsync(new SelectOptionValue { Label = "Lenny" });
        await page.GetByLabel("Activité concernée").SelectOptionAsync(new SelectOptionValue { Label = "ALSH 3-6 Mercredi Journée" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher le calendrier" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mois suivant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novembre 2023" })).ToBeVisibleAsync();

        foreach (var name in new[]
        {
            "Réserver le mercredi 8 novembre 2023",
            "Réserver en liste d'attente le mercredi 15 novembre 2023",
            "Réserver le mercredi 22 novembre 2023",
            "Réserver le mercredi 29 novembre 2023",
        })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = name })).ToHaveCountAsync(0);
        }

        var basket = page.GetByRole(AriaRole.Region, new() { Name = "Vos demandes" });
        await Assertions.Expect(basket).ToContainTextAsync("4 demandes en attente de validation");
        await Assertions.Expect(page.Locator("td[data-date='2023-11-15']")).ToContainTextAsync("à valider");
        await portal.ScreenshotsAsync("1-reservations-panier");
        await AssertNoSeriousAxeViolationAsync(page);

        await basket.GetByRole(AriaRole.Link, new() { Name = "Valider" }).ClickAsync();
        var bookings = page.GetByRole(AriaRole.Region, new() { Name = "Récapitulatif des réservations" });
        await Assertions.Expect(bookings.Locator("tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(bookings).ToContainTextAsync("Me 15/11/2023");
        await Assertions.Expect(bookings).ToContainTextAsync("Total des réservations : 26,60 €");
        await Assertions.Expect(page.GetByText("vos réservations ne sont pas enregistrées tant que vous n'avez pas validé le récapitulatif")).ToBeVisibleAsync();
        await portal.ScreenshotsAsync("2-recapitulatif");
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 réservations acceptées, 1 mise en liste d'attente");
        var remarks = page.GetByRole(AriaRole.Region, new() { Name = "Remarques concernant vos réservations" });
        await Assertions.Expect(remarks.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(remarks.Locator("tbody tr")).ToContainTextAsync("Me 15/11/2023");
        await Assertions.Expect(remarks.Locator("tbody tr")).ToContainTextAsync("Mise en liste d'attente");
        await portal.ScreenshotsAsync("3-resultat");
        await AssertNoSeriousAxeViolationAsync(page);

        // The follow-up, as the guide advises: only this activity, "Transmise" unticked to see what was just done.
        await page.GetByRole(AriaRole.Link, new() { Name = "Consulter le suivi des réservations" }).ClickAsync();
        await FilterFollowUpAsync(page);
        var rows = page.Locator("table.followup tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("En liste d'attente, non transmise");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("3ᵉ en liste d'attente");

        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler : ALSH 3-6 Mercredi Journée, DUPONT Lenny, mercredi 29 novembre 2023" }).ClickAsync();
        var cancellations = page.GetByRole(AriaRole.Region, new() { Name = "Récapitulatif des annulations" });
        await Assertions.Expect(cancellations.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(cancellations).ToContainTextAsync("Me 29/11/2023");
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 annulation enregistrée");

        await page.GetByRole(AriaRole.Link, new() { Name = "Consulter le suivi des réservations" }).ClickAsync();
        await FilterFollowUpAsync(page);
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Me 08/11/2023");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Acceptée, non transmise");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Me 15/11/2023");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("3ᵉ en liste d'attente");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Me 22/11/2023");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("Acceptée, non transmise");
        await Assertions.Expect(page.Locator("table.followup")).Not.ToContainTextAsync("29/11/2023");
        await Assertions.Expect(page.GetByText("TOTAL des réservations acceptées")).ToContainTextAsync("13,30 €");
        await portal.ScreenshotsAsync("4-suivi");
        await AssertNoSeriousAxeViolationAsync(page);

        // The back-office runs the night's transmission by hand; the family's report is on "Courriers envoyés" (R-NTF-1).
        await portal.SignInAsync("agent");
        await page.GotoAsync($"{portal.Address}/agents/courriers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lancer la transmission maintenant" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("5 mouvements transmis, 1 compte rendu écrit aux familles.");
        var report = page.Locator("details").First;
        await report.Locator("summary").ClickAsync();
        await Assertions.Expect(report.Locator("pre")).ToContainTextAsync("5 mouvements sur vos demandes de réservations ont été reçus");
        await Assertions.Expect(report.Locator("pre")).ToContainTextAsync("***** RESERVATIONS ANNULEES *****");
        await portal.ScreenshotsAsync("5-courriers");
        await AssertNoSeriousAxeViolationAsync(page);
        await page.SetViewportSizeAsync(375, 812);
        await AssertNoSeriousAxeViolationAsync(page);
    }

    /// <summary>
    /// Issue 6's first sign-in (R-ACC-2, R-ACC-3): the holder signs in with the temporary password the
    /// service gave, is made to choose a password — a common one is refused with the rule it breaks —,
    /// accepts the RGPD notice and the CGU, and reaches the home page; the portal can only be used
    /// signed in.
    /// </summary>
    [Fact]
    public async Task R_ACC_2_R_ACC_3_first_sign_in_with_the_temporary_password_a_new_password_refused_then_accepted_consent_then_home()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync(null);
        var page = portal.Page;
        await page.GotoAsync($"{portal.Address}/reservations");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion\\?retour="));
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByLabel("Identifiant").FillAsync("dupont");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("pas-le-bon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Identifiant ou mot de passe incorrect");

        await page.GetByLabel("Identifiant").FillAsync("dupont");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(await portal.TemporaryPasswordAsync("dupont"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre première connexion : choisissez votre mot de passe" })).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByLabel("Nouveau mot de passe").FillAsync("Password1");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("Password1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon mot de passe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        output.WriteLine($"refused: {await page.GetByRole(AriaRole.Alert).InnerTextAsync()}");

        await page.GetByLabel("Nouveau mot de passe").FillAsync(SignIn.Password);
        await page.GetByLabel("Confirmez le mot de passe").FillAsync(SignIn.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon mot de passe" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Informations et conditions d'utilisation" })).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByLabel("J'ai lu la notice d'information RGPD").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("conditions générales d'utilisation");
        await page.GetByLabel("J'ai lu la notice d'information RGPD").CheckAsync();
        await page.GetByLabel("J'accepte les conditions générales d'utilisation").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync($"{portal.Address}/");
        await Assertions.Expect(page.GetByText("Famille DUPONT")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion"));
    }

    /// <summary>
    /// Issue 8's journey (R-PAY-1, R-PAY-2, R-WAL-5): the family pays the amount Paiement et solde
    /// proposes by card through the simulated platform, comes back to the portal, sees the payment
    /// accepted, nothing left to pay, and the payment in its history as CBLEUE "Par Internet".
    /// </summary>
    [Fact]
    public async Task R_PAY_2_a_family_pays_the_proposed_amount_through_the_platform_and_sees_it_in_its_balance_and_history()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync(null);
        await portal.SignInAsync("dupont");
        var page = portal.Page;

        await page.GotoAsync($"{portal.Address}/paiement");
        var toPay = page.Locator("tr", new() { HasText = "Total à payer" });
        await Assertions.Expect(toPay).ToContainTextAsync("62,23 €");
        await page.GetByRole(AriaRole.Button, new() { Name = "Paiement CB" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tipi-simulateur/"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Payer par carte (P)" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/paiement/retour/"));
        await Assertions.Expect(page.GetByText("Paiement accepté")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GotoAsync($"{portal.Address}/paiement");
        await Assertions.Expect(toPay).ToContainTextAsync("0,00 €");
        await page.GotoAsync($"{portal.Address}/historiques");
        await Assertions.Expect(page.Locator("#paiements-titre + p + table, section[aria-labelledby='paiements-titre'] table")).ToContainTextAsync("CBLEUE");
        await Assertions.Expect(page.GetByText("Par Internet").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// Issue 9's review by an agent (R-DOS-4, R-DOS-5): from the back-office home to the queue of the
    /// family files, a validated fiche of DUPONT read, sent back to update, and the campaign's
    /// confirmation step, with no serious axe violation on the way.
    /// </summary>
    [Fact]
    public async Task R_DOS_4_an_agent_goes_from_the_queue_to_a_fiche_asks_for_an_update_and_reaches_the_campaigns_confirmation()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync(null);
        await portal.SignInAsync("agent");
        var page = portal.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Dossiers famille à examiner" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiches « transmise », les plus anciennes d'abord" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Validée (13)" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.data tbody tr")).ToHaveCountAsync(13);
        await portal.ScreenshotsAsync("6-dossiers");
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Fiche responsable compte famille") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche responsable compte famille" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Historique" })).ToContainTextAsync("agent (pour la famille)");
        await portal.ScreenshotsAsync("7-fiche");
        await AssertNoSeriousAxeViolationAsync(page);

        await page.GetByLabel("Motif (obligatoire pour un rejet)").FillAsync("Nouvelle adresse à confirmer.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander une mise à jour" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Mise à jour demandée");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "À mettre à jour (1)" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir la campagne annuelle" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirmez-vous l'ouverture de la campagne annuelle ?");
        await AssertNoSeriousAxeViolationAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Annuler" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Issue 9's family side (R-DOS-2, R-DOS-3, R-DOS-6, R-DOS-10, R-WIN-6): a family whose file is not
    /// validated opens the Dossier Famille, presses « Modifier » on Jules's insurance, attaches the
    /// certificate, chooses MAIF from the list, ticks the sworn statement and transmits the fiche, now
    /// locked; the health and contacts forms are shown too. No serious axe violation on any of them.
    /// </summary>
    [Fact]
    public async Task R_DOS_3_a_family_fills_attaches_and_transmits_its_insurance_fiche_with_no_serious_axe_violation()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        await using var portal = await BrowserPortal.StartAsync(null);
        await portal.CreateFamilyAccountAsync("laurent", "famille-36-10");
        await portal.SignInAsync("laurent");
        var page = portal.Page;

        await page.GotoAsync($"{portal.Address}/reservations");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Dossier non validé");
        await page.GetByRole(AriaRole.Link, new() { Name = "Compléter et transmettre mon Dossier Famille" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Dossier non validé : 7 fiches à compléter et à transmettre")).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationAsync(page);
        await portal.ScreenshotsAsync("dossier");

        await page.GetByRole(AriaRole.Link, new() { Name = "Assurance scolaire et extra-scolaire (à saisir)" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
        await page.GetByLabel("Joindre un ou plusieurs fichiers").SetInputFilesAsync(new FilePayload { Name = "attestation.pdf", MimeType = "application/pdf", Buffer = [.. "%PDF-1.4 attestation"u8] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Joindre à « Attestation d'assurance" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Le fichier est joint à la fiche.")).ToBeVisibleAsync();

        // Over Kestrel, a file a byte over 2000 ko reaches the service, whose refusal is shown (R-DOS-6).
        var tooLarge = new byte[Portail.Dossier.Attachments.MaxBytes + 1];
        "%PDF-1.4"u8.CopyTo(tooLarge);
        await page.GetByLabel("Joindre un ou plusieurs fichiers").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = tooLarge });
        await page.GetByRole(AriaRole.Button, new() { Name = "Joindre à « Attestation d'assurance" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("un fichier ne doit pas dépasser 2000 ko");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "attestation.pdf" })).ToBeVisibleAsync();
        await AssertNoSeriousAxeViolationAsync(page);
        await portal.ScreenshotsAsync("dossier-assurance");

        await page.GetByLabel("Compagnie *").FillAsync("MAIF");
        await page.GetByLabel("N° de contrat *").FillAsync("MAIF-0010");
        await page.GetByLabel("Date d'échéance *").FillAsync("2024-08-31");
        await page.GetByLabel("Certifié sur l'honneur").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider et transmettre" }).ClickAsync();
        await Assertions.Expect(page.GetByText("La fiche est transmise au service")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("N° de contrat *")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Modifier" })).ToHaveCountAsync(0);
        await AssertNoSeriousAxeViolationAsync(page);
        await portal.ScreenshotsAsync("dossier-assurance-transmise");

        foreach (var fiche in new[] { "Fiche santé (à saisir)", "Fiche de contacts (à saisir)", "Fiche responsable compte famille (à saisir)" })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = fiche }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer en brouillon" })).ToBeVisibleAsync();
            await AssertNoSeriousAxeViolationAsync(page);
        }

        await page.SetViewportSizeAsync(375, 812);
        await AssertNoSeriousAxeViolationAsync(page);
    }

    /// <summary>
    /// Issue 9's whole loop in a real browser (R-DOS-2..6, R-WIN-6): family LAURENT, whose file is not
    /// validated after the campaign's deadline, is told « Dossier non validé » on the booking page, fills
    /// and transmits every fiche (documents attached, a new doctor added); an agent rejects the insurance
    /// with a reason and validates the others; the family reads the reason, corrects and transmits the
    /// insurance again; the agent validates it; the banner is gone and the family books a canteen day.
    /// </summary>
    [Fact]
    public async Task R_DOS_4_a_family_transmits_its_file_an_agent_rejects_a_fiche_the_family_corrects_it_and_once_validated_books()
    {
        if (!BrowserAvailable())
        {
            return;
        }

        const string Reason = "L'attestation jointe est celle de l'an dernier : joignez celle de 2023/2024.";
        await using var portal = await BrowserPortal.StartAsync("2023-10-02T09:00");
        await portal.CreateFamilyAccountAsync("laurent", "famille-36-10");
        await portal.SignInAsync("laurent");
        var family = portal.Page;
        await family.GotoAsync($"{portal.Address}/reservations");
        await Assertions.Expect(family.GetByRole(AriaRole.Alert)).ToContainTextAsync("Dossier non validé");

        // The family fills and transmits every fiche of its file.
        await family.GotoAsync($"{portal.Address}/dossier");
        await EditAsync(family, "Fiche responsable compte famille (à saisir)");
        await AttachAsync(family, "Justificatif de domicile de moins de deux mois");
        await family.GetByLabel("Civilité *").SelectOptionAsync("M.");
        await family.GetByLabel("Nom *", new() { Exact = true }).FillAsync("LAURENT");
        await family.GetByLabel("Prénom *", new() { Exact = true }).FillAsync("Marc");
        await family.GetByLabel("Nom de voie *").FillAsync("avenue du Parc");
        await family.GetByLabel("Code postal *").FillAsync("33610");
        await family.GetByLabel("Ville *").FillAsync("Cestas");
        await family.GetByLabel("Tél. mobile").FillAsync("06 12 34 56 78");
        await family.GetByLabel("Courriel *").FillAsync("marc.laurent@exemple.fr");
        await TransmitAsync(family);

        await EditAsync(family, "Assurance scolaire et extra-scolaire (à saisir)");
        await AttachAsync(family, "Attestation d'assurance pour l'année scolaire à venir");
        await family.GetByLabel("Compagnie *").FillAsync("MAIF");
        await family.GetByLabel("N° de contrat *").FillAsync("MAIF-2022");
        await family.GetByLabel("Date d'échéance *").FillAsync("2024-08-31");
        await TransmitAsync(family);

        await EditAsync(family, "Fiche santé (à saisir)");
        await family.GetByLabel("Vaccin 1", new() { Exact = true }).FillAsync("DT Polio");
        await family.GetByLabel("Date du dernier rappel du vaccin 1").FillAsync("2022-05-10");
        await family.GetByLabel("Médecin traitant *").FillAsync("Dr ROUSSEL Anne");
        await family.GetByLabel("Ajouter ce médecin à la liste").CheckAsync();
        await family.GetByLabel("Adresse", new() { Exact = true }).FillAsync("2 place de la Mairie, 33610 Cestas");
        await family.GetByLabel("Téléphone", new() { Exact = true }).FillAsync("05 56 00 00 00");
        await TransmitAsync(family);

        foreach (var fiche in new[] { "Fiche d'autorisations parentales (à saisir)", "Fiche de contacts (à saisir)" })
        {
            await EditAsync(family, fiche);
            await TransmitAsync(family);
        }

        var rules = family.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Règlement.*\(à saisir\)$") });
        while (await rules.CountAsync() > 0)
        {
            await rules.First.ClickAsync();
            await family.GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
            await family.GetByLabel("J'ai pris connaissance du règlement intérieur").CheckAsync();
            await family.GetByLabel("Nom du signataire *").FillAsync("Marc LAURENT");
            await family.GetByLabel("Fait à *").FillAsync("Cestas");
            await family.GetByLabel("Le (date et heure) *").FillAsync("2023-10-02T08:30");
            await TransmitAsync(family);
        }

        await family.GotoAsync($"{portal.Address}/dossier");
        await Assertions.Expect(family.GetByText(new System.Text.RegularExpressions.Regex("fiches en attente de validation")).First).ToBeVisibleAsync();
        await Assertions.Expect(family.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"\(à saisir\)$") })).ToHaveCountAsync(0);

        // An agent rejects the insurance with its reason and validates every other fiche.
        var agent = await portal.NewPageAsync();
        await portal.SignInAsync("agent", agent);
        await ReviewAsync(agent, portal.Address, fiche => fiche.StartsWith("Assurance", StringComparison.Ordinal) ? Reason : null);

        // The family reads the reason, corrects the insurance and transmits it again.
        await family.GotoAsync($"{portal.Address}/dossier");
        await Assertions.Expect(family.GetByText(Reason).First).ToBeVisibleAsync();
        await family.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Assurance scolaire et extra-scolaire") }).ClickAsync();
        await Assertions.Expect(family.GetByText("Motif du service : " + Reason)).ToBeVisibleAsync();
        await family.GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
        await AttachAsync(family, "Attestation d'assurance pour l'année scolaire à venir");
        await family.GetByLabel("N° de contrat *").FillAsync("MAIF-2023");
        await TransmitAsync(family);
        await family.GotoAsync($"{portal.Address}/reservations");
        await Assertions.Expect(family.GetByRole(AriaRole.Alert)).ToContainTextAsync("Dossier non validé");

        // The agent validates it: the file is validated, and the family books.
        await ReviewAsync(agent, portal.Address, _ => null);
        await family.GotoAsync($"{portal.Address}/dossier");
        await Assertions.Expect(family.GetByText("Dossier validé", new() { Exact = true })).ToBeVisibleAsync();
        await family.GotoAsync($"{portal.Address}/reservations");
        await Assertions.Expect(family.GetByText("Dossier non validé")).ToHaveCountAsync(0);
        await family.GetByLabel("Personne concernée").SelectOptionAsync(new SelectOptionValue { Label = "Jules" });
        await family.GetByLabel("Activité concernée").SelectOptionAsync(new SelectOptionValue { Label = "Restauration scolaire" });
        await family.GetByRole(AriaRole.Button, new() { Name = "Afficher le calendrier" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Réserver le lundi 16 octobre 2023" }).ClickAsync();
        await family.GetByRole(AriaRole.Region, new() { Name = "Vos demandes" }).GetByRole(AriaRole.Link, new() { Name = "Valider" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
        await Assertions.Expect(family.GetByRole(AriaRole.Status)).ToContainTextAsync("1 réservation acceptée");
        await AssertNoSeriousAxeViolationAsync(family);
    }

    // Opens a fiche of the document list and presses « Modifier ».
    private static async Task EditAsync(IPage page, string fiche)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = fiche }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier" }).ClickAsync();
    }

    // Attaches a small PDF to the fiche's document.
    private static async Task AttachAsync(IPage page, string document)
    {
        await page.GetByLabel("Joindre un ou plusieurs fichiers : " + document).SetInputFilesAsync(new FilePayload { Name = "piece.pdf", MimeType = "application/pdf", Buffer = [.. "%PDF-1.4 piece"u8] });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Joindre à « {document} »" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Le fichier est joint à la fiche.")).ToBeVisibleAsync();
    }

    // Ticks the sworn statement and transmits the fiche.
    private static async Task TransmitAsync(IPage page)
    {
        await page.GetByLabel("Certifié sur l'honneur").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider et transmettre" }).ClickAsync();
        await Assertions.Expect(page.GetByText("La fiche est transmise au service")).ToBeVisibleAsync();
    }

    // Reviews, from the agents' queue, every fiche family LAURENT transmitted: rejected with the reason
    // the function gives for the fiche's name, else validated.
    private static async Task ReviewAsync(IPage agent, string address, Func<string, string?> rejection)
    {
        var laurent = new System.Text.RegularExpressions.Regex(@"\(famille-36-10\)$");
        await agent.GotoAsync($"{address}/agents/dossiers");
        var fiches = agent.GetByRole(AriaRole.Link, new() { NameRegex = laurent });
        await Assertions.Expect(fiches.First).ToBeVisibleAsync();
        while (await fiches.CountAsync() > 0)
        {
            var name = await fiches.First.InnerTextAsync();
            await fiches.First.ClickAsync();
            if (rejection(name) is { } reason)
            {
                await agent.GetByLabel("Motif (obligatoire pour un rejet)").FillAsync(reason);
                await agent.GetByRole(AriaRole.Button, new() { Name = "Rejeter" }).ClickAsync();
            }
            else
            {
                await agent.GetByRole(AriaRole.Button, new() { Name = "Valider", Exact = true }).ClickAsync();
            }

            await Assertions.Expect(agent.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        }
    }

    private static async Task FilterFollowUpAsync(IPage page)
    {
        await page.GetByLabel("Personne").SelectOptionAsync(new SelectOptionValue { Label = "Lenny" });
        await page.GetByLabel("Activité", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "ALSH 3-6 Mercredi Journée" });
        await page.GetByLabel("Transmise", new() { Exact = true }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Transmise", new() { Exact = true })).Not.ToBeCheckedAsync();
    }

    private bool BrowserAvailable()
    {
        if (File.Exists(Chromium))
        {
            return true;
        }

        var message = $"{Chromium} is missing: install Debian's chromium (apt-get install chromium) to run the browser test.";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", message);
        output.WriteLine($"SKIPPED: {message}");
        return false;
    }

    private async Task AssertNoSeriousAxeViolationAsync(IPage page)
    {
        var axe = await page.RunAxe();
        foreach (var v in axe.Violations)
        {
            output.WriteLine($"axe {v.Impact} {v.Id} on {page.Url}: {v.Help} ({string.Join(" | ", v.Nodes.Select(n => n.Html))})");
        }

        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }
}

/// <summary>
/// The portal over a real socket on a free port of 127.0.0.1 (not appsettings.json's localhost:5000:
/// a developer may be running the portal), and a page of Debian's Chromium on it.
/// </summary>
internal sealed class BrowserPortal : IAsyncDisposable
{
    private readonly PortalFactory _root;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserPortal(PortalFactory root, WebApplicationFactory<Program> factory, IPlaywright playwright, IBrowser browser, IPage page, string address)
    {
        _root = root;
        _factory = factory;
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Address = address;
    }

    public IPage Page { get; }

    public string Address { get; }

    /// <summary>Starts the portal, at <paramref name="demoNow"/> when given (Demo:Now), and a desktop-sized page.</summary>
    public static async Task<BrowserPortal> StartAsync(string? demoNow)
    {
        // A free port chosen first, so that the simulated payment platform knows where to call the portal back.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var root = new PortalFactory();
        var factory = root.WithWebHostBuilder(b =>
        {
            b.UseUrls($"http://127.0.0.1:{port}");
            b.UseSetting("Tipi:Simulator", "true");
            b.UseSetting("Tipi:PortalUrl", $"http://127.0.0.1:{port}");
            if (demoNow is not null)
            {
                b.UseSetting("Demo:Now", demoNow);
            }
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserTests.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 1280, Height = 900 } });
        return new BrowserPortal(root, factory, playwright, browser, page, address);
    }

    /// <summary>The service gives <paramref name="login"/> a temporary password (what an agent prints for the holder).</summary>
    public async Task<string> TemporaryPasswordAsync(string login) =>
        (await _factory.Services.GetRequiredService<Portail.Accounts.AccountService>().IssueTemporaryPasswordAsync(SignIn.SetupAgent, new Portail.Accounts.LoginId(login)))!;

    /// <summary>Creates the family account <paramref name="login"/> of <paramref name="family"/> (a family of the demo directory).</summary>
    public async Task CreateFamilyAccountAsync(string login, string family) =>
        Assert.True((await _factory.Services.GetRequiredService<Portail.Accounts.AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new Portail.Accounts.NewFamilyAccount(new Portail.Accounts.LoginId(login), new FamilyId(family)))).IsT0);

    /// <summary>A second page in a browser context of its own (its own cookies: another person at another computer).</summary>
    public Task<IPage> NewPageAsync() => _browser.NewPageAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 1280, Height = 900 } });

    /// <summary>Signs <paramref name="page"/> (<see cref="Page"/> by default) in as <paramref name="login"/> through the portal's pages, as a holder does the first time; ends on the home page.</summary>
    public async Task SignInAsync(string login, IPage? page = null)
    {
        page ??= Page;
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync($"{Address}/connexion");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(await TemporaryPasswordAsync(login));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Nouveau mot de passe").FillAsync(SignIn.Password);
        await page.GetByLabel("Confirmez le mot de passe").FillAsync(SignIn.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon mot de passe" }).ClickAsync();
        if (page.Url.EndsWith("/consentement", StringComparison.Ordinal))
        {
            await page.GetByLabel("J'ai lu la notice d'information RGPD").CheckAsync();
            await page.GetByLabel("J'accepte les conditions générales d'utilisation").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
    }

    /// <summary>When PORTAIL_SCREENSHOTS names a folder, saves the page there, desktop and 375 px wide, to look at.</summary>
    public async Task ScreenshotsAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("PORTAIL_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var size = Page.ViewportSize!;
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + "-desktop.png"), FullPage = true });
        await Page.SetViewportSizeAsync(375, 812);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + "-375.png"), FullPage = true });
        await Page.SetViewportSizeAsync(size.Width, size.Height);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
