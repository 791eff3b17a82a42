using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Accounts;
using Portail.Dossier;
using Portail.Families;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The agents' review of the family files (issue 9, item 7): the queue under /agents/dossiers, a fiche's
/// review page, the yearly campaign (R-DOS-2..6, R-ACC-7). The fiches are submitted through
/// <see cref="DossierService"/> as the family, on a clock of the test's that moves.
/// </summary>
public sealed class DossierReviewTests
{
    private const string Queue = "/agents/dossiers";
    private static readonly TenantId Cestas = new("cestas");
    private static readonly FamilyId Family = new("famille-36-02");
    private static readonly byte[] Pdf = "%PDF-1.4 attestation d'assurance"u8.ToArray();

    [Fact]
    public async Task R_DOS_4_an_agent_of_the_school_reviews_the_oldest_fiche_first_rejects_it_with_a_reason_then_validates_it_once_submitted_again()
    {
        await using var root = new PortalFactory();
        var clock = new FakeClock(Instant.FromUtc(2023, 10, 2, 7, 0));
        await using var portal = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IClock>(clock)));
        var dossier = portal.Services.GetRequiredService<DossierService>();
        var child = (await portal.Services.GetRequiredService<IFamilyDirectory>().GetChildrenAsync(Cestas, Family))[0];
        var family = new FamilyActor(Cestas, new LoginId("famille-36-02"), Family, new HashSet<ChildId>());
        var insurance = new FicheKey(FicheKind.Insurance, child.Id.Value);
        var authorisations = new FicheKey(FicheKind.Authorisations, child.Id.Value);

        // The insurance at 09:00, with its certificate; the authorisations an hour later.
        var attached = Ok(await dossier.AttachAsync(family, Family, insurance, "attestation-assurance", "attestation.pdf", Pdf, 0));
        Ok(await dossier.SubmitAsync(family, Family, insurance, InsuranceFiche("CT-2023-77"), true, attached.Summary.Version));
        clock.Advance(Duration.FromHours(1));
        Ok(await dossier.SubmitAsync(family, Family, authorisations, new AuthorisationsFiche(new Dictionary<string, bool> { ["droit-image"] = false }), true, 0));

        await portal.Services.GetRequiredService<AccountService>().ProvisionAgentAccountAsync(Cestas, new LoginId("agent-scolaire"), [new AgentGrant(new StructureId("scolaire"), AgentRole.Clerk)]);
        using var agent = await SignIn.AsAsync(portal, "agent-scolaire", home: "/agents");

        // The queue: transmitted fiches, the longest waiting first, with the family and the child.
        var queue = Html.Text(await agent.GetStringAsync(Queue));
        Assert.Contains("Transmise (2)", queue);
        var first = queue.IndexOf("02/10/2023 09:00 Assurance scolaire et extra-scolaire", StringComparison.Ordinal);
        var second = queue.IndexOf("02/10/2023 10:00 Fiche d'autorisations parentales", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, queue);
        Assert.Contains($"{child.LastName} {child.FirstName}", queue);
        Assert.Contains($"{child.LastName} (famille-36-02)", queue);

        // The fiche, read-only with its labels, its certificate to download, its history.
        var page = $"/agents/dossiers/fiche?famille=famille-36-02&fiche=insurance/{child.Id.Value}";
        var html = await agent.GetStringAsync(page);
        var text = Html.Text(html);
        Assert.Contains("Compagnie * MAIF N° de contrat * CT-2023-77 Date d'échéance * samedi 31 août 2024", text);
        Assert.Contains("02/10/2023 09:00 famille-36-02 Transmise à saisir transmise", text);
        var link = WebUtility.HtmlDecode(Regex.Match(html, "href=\"(?<u>[^\"]*handler=Piece[^\"]*)\"").Groups["u"].Value);
        using (var download = await agent.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        }

        // A rejection without a reason is refused, with what to do; with one, the family is told.
        var version = Session.Hidden(html, "version");
        using (var noReason = await SignIn.PostFormAsync(agent, page, page + "&handler=Rejeter", ("version", version), ("motif", "  ")))
        {
            Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
            Assert.Contains("Indiquez le motif du rejet : la famille le lira pour corriger sa fiche.", Html.Text(await noReason.Content.ReadAsStringAsync()));
        }

        const string Reason = "L'attestation est celle de l'an dernier : joignez celle de cette année.";
        Assert.Equal("Fiche rejetée, un courriel a été envoyé à la famille avec le motif du rejet.", await DoneAsync(agent, page, page + "&handler=Rejeter", ("version", version), ("motif", Reason)));
        var rejected = Ok(await dossier.FicheAsync(family, Family, insurance)).Summary;
        Assert.Equal((FicheState.Rejected, Reason), (rejected.State, rejected.Reason));
        var mail = MimeKit.MimeMessage.Load(Assert.Single(await Mailbox.WaitAsync(root.MailFolder, 1)));
        Assert.Equal("famille-36-02@exemple.fr", mail.To.ToString());
        Assert.Contains(Reason, mail.TextBody, StringComparison.Ordinal);

        // The family corrects it and submits it again; the agent's page read before that is stale.
        clock.Advance(Duration.FromHours(1));
        Ok(await dossier.SubmitAsync(family, Family, insurance, InsuranceFiche("CT-2024-01"), true, rejected.Version));
        using (var stale = await SignIn.PostFormAsync(agent, page, page + "&handler=Valider", ("version", version)))
        {
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            Assert.Contains("La fiche a été modifiée entre-temps", Html.Text(await stale.Content.ReadAsStringAsync()));
        }

        html = await agent.GetStringAsync(page);
        Assert.Contains("CT-2024-01", Html.Text(html));
        Assert.Equal("Fiche validée, un courriel a été envoyé à la famille.", await DoneAsync(agent, page, page + "&handler=Valider", ("version", Session.Hidden(html, "version"))));
        Assert.Equal(FicheState.Validated, Ok(await dossier.FicheAsync(family, Family, insurance)).Summary.State);
        Assert.Equal(2, (await Mailbox.WaitAsync(root.MailFolder, 2)).Count);

        // The history on the page: who, when, from, to, why.
        var history = Html.Text(await agent.GetStringAsync(page));
        Assert.Contains($"02/10/2023 10:00 agent-scolaire Rejetée transmise rejetée {Reason}", history);
        Assert.Contains("02/10/2023 11:00 agent-scolaire Validée transmise validée", history);
        Assert.Contains("Transmise (1)", Html.Text(await agent.GetStringAsync(Queue)));
    }

    [Fact]
    public async Task R_ACC_7_the_music_schools_agent_is_refused_the_schools_queue_and_a_health_fiche_needs_the_health_right()
    {
        await using var portal = new PortalFactory();
        var accounts = portal.Services.GetRequiredService<AccountService>();
        await accounts.ProvisionAgentAccountAsync(Cestas, new LoginId("agent-musique"), [new AgentGrant(new StructureId("musique"), AgentRole.Clerk)]);
        await accounts.ProvisionAgentAccountAsync(Cestas, new LoginId("infirmiere"), [new AgentGrant(new StructureId("scolaire"), AgentRole.Health)]);
        using var music = await SignIn.AsAsync(portal, "agent-musique", home: "/agents");
        using var nurse = await SignIn.AsAsync(portal, "infirmiere", home: "/agents");

        Assert.Equal(HttpStatusCode.Forbidden, (await music.GetAsync(Queue + "?structure=scolaire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await music.GetAsync(Queue + "?structure=musique&etat=validee")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await music.GetAsync("/agents/dossiers/fiche?famille=dupont&fiche=internal_rules/lenny/scolaire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await music.GetAsync("/agents/dossiers/fiche?famille=dupont&fiche=internal_rules/lenny/musique")).StatusCode);

        // DUPONT's validated health fiche: only with the health right.
        const string Health = "/agents/dossiers/fiche?famille=dupont&fiche=health/lenny";
        Assert.Equal(HttpStatusCode.Forbidden, (await music.GetAsync(Health)).StatusCode);
        var fiche = Html.Text(await nurse.GetStringAsync(Health));
        Assert.Contains("Vaccinations * DT Polio : dernière injection le mardi 1 mars 2022", fiche);
        Assert.Contains("Médecin traitant * Docteur Martin", fiche);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync("/agents/dossiers/fiche?famille=dupont&fiche=insurance/personne")).StatusCode);
    }

    [Fact]
    public async Task R_DOS_5_a_clerk_cannot_open_the_campaign_a_manager_confirms_it_and_sees_how_many_fiches_went_to_update()
    {
        await using var portal = new PortalFactory();
        await portal.Services.GetRequiredService<AccountService>().ProvisionAgentAccountAsync(
            Cestas, new LoginId("agent-guichet"), [new AgentGrant(new StructureId("scolaire"), AgentRole.Clerk), new AgentGrant(new StructureId("musique"), AgentRole.Clerk)]);
        using var clerk = await SignIn.AsAsync(portal, "agent-guichet", home: "/agents");
        Assert.DoesNotContain("Ouvrir la campagne annuelle", Html.Text(await clerk.GetStringAsync(Queue)));
        using (var refused = await SignIn.PostFormAsync(clerk, Queue, Queue + "?handler=Campagne", ("confirmation", "oui")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var manager = await SignIn.AsAsync(portal, "agent");
        using (var confirm = await SignIn.PostFormAsync(manager, Queue, Queue + "?handler=Campagne"))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            Assert.Contains("Confirmez-vous l'ouverture de la campagne annuelle ?", Html.Text(await confirm.Content.ReadAsStringAsync()));
        }

        Assert.Equal(FicheState.Validated, await HolderStateAsync(portal));

        // DUPONT's thirteen validated fiches (the holder's, six for each child) are to update.
        Assert.Equal("Campagne annuelle ouverte : 13 fiches sont passées « à mettre à jour ».", await DoneAsync(manager, Queue, Queue + "?handler=Campagne", ("confirmation", "oui")));
        Assert.Equal(FicheState.ToUpdate, await HolderStateAsync(portal));
        Assert.Contains("À mettre à jour (13)", Html.Text(await manager.GetStringAsync(Queue))); // the demo agent holds the health right: the two health fiches are listed too
    }

    private static T Ok<T>(OneOf.OneOf<T, DossierRefused> result) => result.Match(value => value, refused => throw new InvalidOperationException($"Refused: {refused.Message}"));

    private static InsuranceFiche InsuranceFiche(string contract) => new(ReferenceEntry.ServiceId("MAIF"), contract, new LocalDate(2024, 8, 31));

    private static async Task<FicheState> HolderStateAsync(PortalFactory portal) =>
        (await portal.Services.GetRequiredService<IDossierStore>().GetFicheAsync(Cestas, new FamilyId("dupont"), new FicheKey(FicheKind.Holder)))!.State;

    // Posts a form that goes back to the queue, follows it, and answers the confirmation shown there.
    private static async Task<string> DoneAsync(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        using var response = await SignIn.PostFormAsync(client, page, action, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"POST {action}: {(int)response.StatusCode}\n{Html.Text(await response.Content.ReadAsStringAsync())}");
        var queue = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        return Html.Text(Regex.Match(queue, "<p class=\"success\" role=\"status\">(?<m>.*?)</p>", RegexOptions.Singleline).Groups["m"].Value);
    }
}
