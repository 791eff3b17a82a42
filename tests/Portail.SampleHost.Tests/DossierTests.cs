using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Accounts;
using Portail.Dossier;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The Dossier Famille tab over HTTP (R-DOS-1..12, R-WIN-6), each test with a family of the directory whose
/// file is not validated (one child, BERNARD Louis, or another): the file's page and its counts, drafts,
/// submissions refused then accepted, attachments and their limits, contacts, the referentials, a stale
/// form, and the booking page's banner until an agent has validated every fiche.
/// </summary>
public sealed class DossierTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly TenantId Cestas = new("cestas");

    private static byte[] Pdf(int size = 600)
    {
        var bytes = new byte[size];
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    // An agent of both structures (the health fiche needs the health right).
    private static AgentActor Agent(AgentRole role) => new(Cestas, new LoginId("agent"), new Dictionary<StructureId, AgentRole> { [new("scolaire")] = role, [new("musique")] = role });

    private static string Fiche(string type, string child, string? more = null) => $"/dossier/fiche?type={type}&sujet={child}{more}";

    private async Task<HttpClient> FamilyAsync(string login, string family)
    {
        var created = await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new NewFamilyAccount(new LoginId(login), new FamilyId(family)));
        Assert.True(created.IsT0, $"Account {login}: {created}");
        return await SignIn.AsAsync(portal, login);
    }

    private static async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(HttpClient client, string page, string handler, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var withVersion = fields.Any(f => f.Name == "version") ? fields : [.. fields, ("version", Session.Hidden(html, "version"))];
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", Session.Token(html)), .. withVersion.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        using var response = await client.PostAsync($"{page}&handler={handler}", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    private static async Task<(HttpStatusCode Status, string Body)> UploadAsync(HttpClient client, string page, string document, string name, byte[] bytes)
    {
        var html = await client.GetStringAsync(page);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Session.Token(html)), "__RequestVerificationToken" },
            { new StringContent(Session.Hidden(html, "version")), "version" },
            { new StringContent(document), "document" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "fichiers", name);
        using var response = await client.PostAsync($"{page}&handler=Upload", content);
        var body = response.StatusCode == HttpStatusCode.Found ? await client.GetStringAsync(response.Headers.Location!.OriginalString) : await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task R_DOS_2_a_new_family_sees_its_fiches_the_count_in_each_state_and_that_its_file_is_not_validated()
    {
        using var client = await FamilyAsync("bernard", "famille-36-02");

        var text = Html.Text(await client.GetStringAsync("/dossier"));

        Assert.Contains("Dossier non validé : 7 fiches à compléter et à transmettre", text);
        Assert.Contains("BERNARD Louis", text);
        foreach (var fiche in new[] { "Fiche responsable compte famille", "Assurance scolaire et extra-scolaire", "Fiche santé", "Règlements intérieurs – École de musique" })
        {
            Assert.Contains(fiche + " (à saisir)", text);
        }

        Assert.Contains("À saisir 7 En cours de saisie 0 Transmise 0 Rejetée 0 Validée 0 À mettre à jour 0", text);
    }

    [Fact]
    public async Task R_DOS_3_a_draft_is_saved_without_checks_a_submission_names_what_is_missing_then_a_complete_fiche_is_locked_and_validated_by_the_agent()
    {
        using var client = await FamilyAsync("thomas", "famille-36-03");
        var page = Fiche("assurance", "enfant-36-03");
        var edit = page + "&modifier=true";
        Assert.Contains("<a class=\"button\" href=\"/dossier/fiche?type=assurance&amp;sujet=enfant-36-03&amp;modifier=true\">Modifier</a>", await client.GetStringAsync(page));

        var draft = await PostAsync(client, edit, "Draft", ("ContractNumber", "C-42"));
        Assert.Equal(HttpStatusCode.Found, draft.Status);
        var drafted = Html.Text(await client.GetStringAsync(draft.Location!));
        Assert.Contains("État : en cours de saisie", drafted);
        Assert.Contains("La fiche est enregistrée en brouillon", drafted);

        var refused = await PostAsync(client, edit, "Submit", ("ContractNumber", "C-42"));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        var why = Html.Text(refused.Body);
        Assert.Contains("La fiche ne peut pas être transmise : il manque la compagnie d'assurance, la date d'échéance, le document « Attestation d'assurance pour l'année scolaire à venir », la case « Certifié sur l'honneur", why);
        Assert.Contains("value=\"C-42\"", refused.Body);

        Assert.Equal(HttpStatusCode.Found, (await UploadAsync(client, edit, "attestation-assurance", "attestation.pdf", Pdf())).Status);
        var submitted = await PostAsync(client, edit, "Submit", ("Insurer", "maif"), ("ContractNumber", "C-42"), ("Expiry", "2024-08-31"), ("attestation", "true"));
        Assert.Equal(HttpStatusCode.Found, submitted.Status);
        var locked = await client.GetStringAsync(page + "&modifier=true");
        Assert.Contains("État : transmise", Html.Text(locked));
        Assert.Contains("<fieldset class=\"fiche-fields\" disabled=\"disabled\">", locked);
        Assert.DoesNotContain(">Modifier</a>", locked);
        Assert.DoesNotContain("Valider et transmettre", locked);
        Assert.Contains("value=\"MAIF\"", locked);
        var again = await PostAsync(client, page + "&modifier=true", "Draft", ("ContractNumber", "C-43"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("La fiche est transmise : elle attend la réponse du service et ne peut plus être modifiée.", Html.Text(again.Body));
        Assert.Contains("<fieldset class=\"fiche-fields\" disabled=\"disabled\">", again.Body);
        Assert.Contains("value=\"C-42\"", again.Body);

        var services = portal.Services;
        var agent = Agent(AgentRole.Clerk);
        var key = new FicheKey(FicheKind.Insurance, "enfant-36-03");
        var version = (await services.GetRequiredService<DossierService>().FicheAsync(agent, new FamilyId("famille-36-03"), key)).AsT0.Summary.Version;
        Assert.True((await services.GetRequiredService<DossierService>().ValidateAsync(agent, new FamilyId("famille-36-03"), key, version)).IsT0);
        Assert.Contains("Assurance scolaire et extra-scolaire (validée)", Html.Text(await client.GetStringAsync("/dossier")));
    }

    [Fact]
    public async Task R_DOS_4_a_rejected_fiche_shows_the_agents_reason_in_the_list_and_on_the_fiche_and_may_be_changed_again()
    {
        using var client = await FamilyAsync("lefebvre", "famille-36-13");
        var page = Fiche("autorisations", "enfant-36-13");
        Assert.Contains("name=\"Answer.droit-image\" value=\"oui\" checked=\"checked\"", await client.GetStringAsync(page + "&modifier=true"));
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page + "&modifier=true", "Submit", ("Answer.droit-image", "non"), ("Answer.soins-urgence", "oui"), ("attestation", "true"))).Status);

        var dossier = portal.Services.GetRequiredService<DossierService>();
        var family = new FamilyId("famille-36-13");
        var key = new FicheKey(FicheKind.Authorisations, "enfant-36-13");
        var submitted = (await dossier.FicheAsync(Agent(AgentRole.Clerk), family, key)).AsT0;
        Assert.False(((AuthorisationsFiche)submitted.Content).Answer("droit-image"));
        Assert.True((await dossier.RejectAsync(Agent(AgentRole.Clerk), family, key, "Signature illisible : transmettez la fiche de nouveau.", submitted.Summary.Version)).IsT0);

        var list = Html.Text(await client.GetStringAsync("/dossier"));
        Assert.Contains("Fiche d'autorisations parentales (rejetée) Motif : Signature illisible : transmettez la fiche de nouveau.", list);
        Assert.Contains("Rejetée 1", list);
        var fiche = await client.GetStringAsync(page);
        Assert.Contains("Motif du service : Signature illisible", Html.Text(fiche));
        Assert.Contains(">Modifier</a>", fiche);
    }

    [Fact]
    public async Task R_DOS_7_the_holder_fiche_keeps_every_field_an_unreadable_quotient_is_shown_next_to_it_and_an_other_guardian_is_added()
    {
        using var client = await FamilyAsync("simon", "famille-36-11");
        var page = "/dossier/fiche?type=responsable&modifier=true";
        (string, string)[] fields =
        [
            ("Civility", "Mme"), ("LastName", "SIMON"), ("FirstName", "Léa"), ("BirthDate", "1988-05-04"), ("Address.Number", "12"), ("Address.Street", "Rue des Écoles"),
            ("Address.Postcode", "33610"), ("Address.City", "CESTAS"), ("MobilePhone", "06 12 34 56 78"), ("Email", "lea.simon@exemple.fr"), ("Allocataire", "Caf"),
            ("AllocataireNumber", "998877"), ("QuotientYear", "2023"), ("Child.enfant-36-11.Relationship", "Mère"), ("Child.enfant-36-11.ParentsSituation", "Mariés"),
            ("Child.enfant-36-11.ParentalAuthority", "true"),
        ];

        var unreadable = await PostAsync(client, page, "Draft", [.. fields, ("Quotient", "six cents")]);
        Assert.Equal(HttpStatusCode.OK, unreadable.Status);
        Assert.Contains("Valeur non reconnue : indiquez un montant en euros, par exemple 650,50.", Html.Text(unreadable.Body));
        Assert.Contains("value=\"Rue des Écoles\"", unreadable.Body);
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "Draft", [.. fields, ("Quotient", "612,40")])).Status);

        var saved = (GuardianFiche)(await portal.Services.GetRequiredService<DossierService>().FicheAsync(Agent(AgentRole.Clerk), new FamilyId("famille-36-11"), new FicheKey(FicheKind.Holder))).AsT0.Content;
        Assert.Equal(("SIMON", new LocalDate(1988, 5, 4), "Rue des Écoles", Allocataire.Caf, 612.40m, 2023), (saved.LastName, saved.BirthDate!.Value, saved.Address!.Street, saved.Allocataire, saved.Quotient!.Value, saved.QuotientYear!.Value));
        Assert.Equal([new AttachedChild(new ChildId("enfant-36-11"), "Mère", "Mariés", false, false, true, false)], saved.Children!);

        var file = await client.GetStringAsync("/dossier");
        var other = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(file, "href=\"(?<u>/dossier/fiche\\?type=autre-responsable[^\"]*)\"").Groups["u"].Value);
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, other, "Draft", ("Civility", "M."), ("LastName", "SIMON"), ("FirstName", "Marc"))).Status);
        Assert.Contains("Autre responsable famille – SIMON Marc (en cours de saisie)", Html.Text(await client.GetStringAsync("/dossier")));
    }

    [Fact]
    public async Task R_DOS_6_a_pdf_is_attached_and_downloaded_a_file_a_byte_too_large_and_a_program_renamed_pdf_are_refused_and_the_first_file_stays()
    {
        using var client = await FamilyAsync("petit", "famille-36-04");
        var page = Fiche("assurance", "enfant-36-04", "&modifier=true");

        var attached = await UploadAsync(client, page, "attestation-assurance", "attestation.pdf", Pdf());
        Assert.Equal(HttpStatusCode.Found, attached.Status);
        Assert.Contains("Le fichier est joint à la fiche.", attached.Body);
        var link = System.Text.RegularExpressions.Regex.Match(attached.Body, "href=\"(?<u>/dossier/fiche\\?[^\"]*handler=File[^\"]*)\"").Groups["u"].Value;
        using (var download = await client.GetAsync(WebUtility.HtmlDecode(link)))
        {
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Pdf(), await download.Content.ReadAsByteArrayAsync());
        }

        var tooLarge = await UploadAsync(client, page, "attestation-assurance", "scan.pdf", Pdf(Attachments.MaxBytes + 1));
        Assert.Equal(HttpStatusCode.OK, tooLarge.Status);
        Assert.Contains("« scan.pdf » pèse 2 048 001 octets : un fichier ne doit pas dépasser 2000 ko", Html.Text(tooLarge.Body).Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Contains(">attestation.pdf</a>", tooLarge.Body);

        var program = new byte[4096];
        "MZ"u8.CopyTo(program);
        var renamed = await UploadAsync(client, page, "attestation-assurance", "facture.pdf", program);
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Contains("« facture.pdf » n'est ni une image (JPEG, PNG, GIF, WebP) ni un PDF", Html.Text(renamed.Body));
        Assert.Contains(">attestation.pdf</a>", renamed.Body);
        Assert.DoesNotContain(">facture.pdf</a>", renamed.Body);

        var fileId = System.Text.RegularExpressions.Regex.Match(renamed.Body, "name=\"fichier\" value=\"(?<id>[0-9a-f]{32})\"").Groups["id"].Value;
        var removed = await PostAsync(client, page, "Detach", ("fichier", fileId));
        Assert.Equal(HttpStatusCode.Found, removed.Status);
        var after = await client.GetStringAsync(removed.Location!);
        Assert.Contains("Le fichier est supprimé.", Html.Text(after));
        Assert.DoesNotContain(">attestation.pdf</a>", after);
    }

    [Fact]
    public async Task R_DOS_3_a_stale_form_is_refused_with_a_clear_message_and_shown_again_as_entered()
    {
        using var client = await FamilyAsync("robert", "famille-36-05");
        var page = Fiche("sante", "enfant-36-05", "&modifier=true");
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "Draft", ("version", "0"), ("Allergies", "Arachide"))).Status);

        var stale = await PostAsync(client, page, "Draft", ("version", "0"), ("Allergies", "Arachide et kiwi"));

        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Contains("La fiche a été modifiée entre-temps", Html.Text(stale.Body));
        Assert.Contains("Arachide et kiwi</textarea>", stale.Body);
        Assert.Equal("1", Session.Hidden(stale.Body, "version"));
    }

    [Fact]
    public async Task R_DOS_8_an_insurer_not_in_the_list_is_refused_unless_the_family_adds_it_then_offered_by_its_first_letters()
    {
        using var client = await FamilyAsync("richard", "famille-36-06");
        var page = Fiche("assurance", "enfant-36-06", "&modifier=true");
        Assert.Contains("<option value=\"MAIF\"></option>", await client.GetStringAsync(page));

        var unknown = await PostAsync(client, page, "Draft", ("Insurer", "Assurances du Lac"));
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains("« Assurances du Lac » n'est pas dans la liste", Html.Text(unknown.Body));

        var added = await PostAsync(client, page, "Draft", ("Insurer", "Assurances du Lac"), ("Insurer.New", "true"), ("Insurer.Address", "1 rue du Lac, Cestas"), ("Insurer.Phone", "05 56 00 00 01"));
        Assert.Equal(HttpStatusCode.Found, added.Status);
        Assert.Contains("value=\"Assurances du Lac\"", await client.GetStringAsync(page));
        var found = await portal.Services.GetRequiredService<DossierService>().SearchReferencesAsync(Agent(AgentRole.Reader), ReferenceKind.Insurer, "assu");
        Assert.Contains(found.AsT0, e => e.Name == "Assurances du Lac");
    }

    [Fact]
    public async Task R_DOS_10_a_contact_is_created_linked_to_the_child_refused_deletion_while_linked_then_deleted()
    {
        using var client = await FamilyAsync("durand", "famille-36-07");
        var page = Fiche("contacts", "enfant-36-07", "&modifier=true");
        var contactsVersion = Session.Hidden(await client.GetStringAsync(page), "contactsVersion");
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "AddContact", ("contactsVersion", contactsVersion), ("nom", "DURAND"), ("prenom", "Mamie"), ("telephone", "06 11 22 33 44"))).Status);
        var html = await client.GetStringAsync(page);
        var id = System.Text.RegularExpressions.Regex.Match(html, "name=\"Link\\.(?<id>[0-9a-f]+)\"").Groups["id"].Value;
        Assert.Contains("Mamie DURAND (06 11 22 33 44)", Html.Text(html));
        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "ContactPhone", ("contactsVersion", Session.Hidden(html, "contactsVersion")), ("contact", id), ("telephone", "05 56 99 88 77"))).Status);
        Assert.Contains("Mamie DURAND (05 56 99 88 77)", Html.Text(await client.GetStringAsync(page)));

        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "Draft", ($"Link.{id}", "true"), ($"Link.{id}.Relationship", "Grand-mère"), ($"Link.{id}.MayCollect", "true"))).Status);
        var refused = await PostAsync(client, page, "DeleteContact", ("contactsVersion", Session.Hidden(await client.GetStringAsync(page), "contactsVersion")), ("contact", id));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("« Mamie DURAND » est encore le contact de Louise", Html.Text(refused.Body));

        Assert.Equal(HttpStatusCode.Found, (await PostAsync(client, page, "Draft", ($"Link.{id}.Relationship", "Grand-mère"))).Status);
        var deleted = await PostAsync(client, page, "DeleteContact", ("contactsVersion", Session.Hidden(await client.GetStringAsync(page), "contactsVersion")), ("contact", id));
        Assert.Equal(HttpStatusCode.Found, deleted.Status);
        Assert.DoesNotContain("Mamie", await client.GetStringAsync(page));
    }

    [Fact]
    public async Task R_ACC_7_a_family_cannot_open_another_familys_fiche_or_file()
    {
        using var client = await FamilyAsync("dubois", "famille-36-08");

        foreach (var url in new[] { Fiche("sante", "lenny"), Fiche("assurance", "lenny", "&modifier=true"), "/dossier/fiche?type=inconnu", "/dossier/fiche" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task R_WIN_6_the_booking_page_says_Dossier_non_valide_until_the_agent_has_validated_every_required_fiche()
    {
        using var client = await FamilyAsync("moreau", "famille-36-09");
        var family = new FamilyId("famille-36-09");
        var banner = Html.Text(await client.GetStringAsync("/reservations"));
        Assert.Contains("Dossier non validé", banner);
        Assert.Contains("Votre Dossier Famille n'est pas encore validé", banner);
        Assert.Contains("href=\"/dossier\"", await client.GetStringAsync("/reservations"));

        var services = portal.Services;
        var agent = Agent(AgentRole.Health);
        var dossier = services.GetRequiredService<DossierService>();
        foreach (var fiche in (await dossier.FileAsync(agent, family)).AsT0.Fiches)
        {
            FicheContent content = fiche.Key.Kind switch
            {
                FicheKind.Holder => new GuardianFiche("Mme", "MOREAU", "Anne", Address: new PostalAddress(Street: "Allée des Pins", Postcode: "33610", City: "CESTAS"), MobilePhone: "06 00 00 00 09", Email: "a.moreau@exemple.fr"),
                FicheKind.Insurance => new InsuranceFiche(ReferenceEntry.ServiceId("MAIF"), "M-9", new LocalDate(2024, 8, 31)),
                FicheKind.Authorisations => new AuthorisationsFiche(),
                FicheKind.Contacts => new ContactsFiche([]),
                FicheKind.Health => new HealthFiche([new Vaccination("DT Polio", new LocalDate(2022, 1, 10))], Doctor: "demo-docteur-martin"),
                _ => new InternalRulesFiche(true, "Anne MOREAU", "Cestas", new LocalDateTime(2023, 9, 30, 10, 0)),
            };
            var entered = await dossier.EnterPaperFicheAsync(agent, family, fiche.Key, content, fiche.Version);
            Assert.True(entered.IsT0, $"{fiche.Name}: {entered}");
        }

        Assert.Contains("Dossier validé", Html.Text(await client.GetStringAsync("/dossier")));
        Assert.DoesNotContain("Dossier non validé", Html.Text(await client.GetStringAsync("/reservations")));
    }
}
