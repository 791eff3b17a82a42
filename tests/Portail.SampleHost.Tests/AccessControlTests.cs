using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// Access control of every page and endpoint of the sample host (R-ACC-6, R-ACC-7, issue 6), the
/// list taken from the routing table so that a new page cannot escape it: nobody signed in is sent
/// to the sign-in page; family MARTIN, signed in, asks for every page with family DUPONT's ids and
/// sees nothing of DUPONT; a family never enters the back-office; an agent of the music school
/// alone is refused the school structure.
/// </summary>
public sealed partial class AccessControlTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly TenantId Cestas = new("cestas");

    // DUPONT's own words: its children's first names and its seeded validation.
    private static readonly string[] DupontsData = ["Lenny", "Leyah", "DUPONT"];

    /// <summary>Every route of the portal with DUPONT's ids put in its parameters and in the usual query parameters.</summary>
    private List<(string Url, EndpointMetadataCollection Metadata)> Routes()
    {
        var dupontsValidation = DemoData.SeedSubmission(Cestas, new FamilyId("dupont")).ToString();
        return portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e =>
            {
                var path = "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } => dupontsValidation,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.Name,
                    _ => "",
                }))));
                return (Url: $"{path}?child=lenny&enfant=lenny&famille=dupont&month=2023-10&activity=restauration", e.Metadata);
            })
            .DistinctBy(r => r.Url)
            .ToList();
    }

    private static bool IsAnonymous(EndpointMetadataCollection metadata) => metadata.GetMetadata<IAllowAnonymous>() is not null;

    private static IReadOnlyList<string?> Policies(EndpointMetadataCollection metadata) => [.. metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy)];

    [Fact]
    public void Every_page_says_who_may_use_it()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} routes found.");
        var unmarked = routes.Where(r => !IsAnonymous(r.Metadata) && Policies(r.Metadata).Count == 0 && !r.Url.StartsWith("/profil", StringComparison.Ordinal)).Select(r => r.Url).ToList();
        Assert.True(unmarked.Count == 0, $"Pages with neither [AllowAnonymous] nor a policy (they would be open to every signed-in account): {string.Join(", ", unmarked)}");
    }

    [Fact]
    public async Task Nobody_signed_in_is_sent_to_the_sign_in_page_from_every_page_that_is_not_public()
    {
        using var anonymous = SignIn.NewClient(portal);
        foreach (var (url, metadata) in Routes().Where(r => !IsAnonymous(r.Metadata)))
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Found && response.Headers.Location!.OriginalString.Contains("/connexion?retour=", StringComparison.Ordinal), $"GET {url} without a session: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task R_ACC_7_family_MARTIN_sees_nothing_of_family_DUPONT_on_any_page_and_never_enters_the_back_office()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new NewFamilyAccount(new LoginId("martin"), new FamilyId("famille-36-01")));
        using var martin = await SignIn.AsAsync(portal, "martin");
        foreach (var (url, metadata) in Routes().Where(r => !IsAnonymous(r.Metadata)))
        {
            using var response = await martin.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (Policies(metadata).Contains(HostAuthentication.Agent))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"GET {url} as a family: {(int)response.StatusCode}");
                continue;
            }

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Found or HttpStatusCode.BadRequest, $"GET {url} as MARTIN: {(int)response.StatusCode}");
            foreach (var word in DupontsData)
            {
                Assert.False(Html.Text(body).Contains(word, StringComparison.Ordinal), $"GET {url} as MARTIN shows DUPONT's « {word} »");
            }
        }
    }

    [Fact]
    public async Task R_ACC_7_an_agent_of_the_music_school_is_refused_the_school_structure_on_every_back_office_page()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateAgentAccountAsync(SignIn.SetupAgent, new LoginId("agent-musique"), [new AgentGrant(new StructureId("musique"), AgentRole.Manager)]);
        using var agent = await SignIn.AsAsync(portal, "agent-musique", home: "/agents");
        foreach (var (url, _) in Routes().Where(r => Policies(r.Metadata).Contains(HostAuthentication.Agent)))
        {
            using var school = await agent.GetAsync(url + "&structure=scolaire");
            Assert.True(school.StatusCode == HttpStatusCode.Forbidden, $"GET {url}&structure=scolaire as the music school's agent: {(int)school.StatusCode}");
        }

        using var own = await agent.GetAsync("/agents/tarifs?structure=musique");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var family = await agent.GetAsync("/reservations");
        Assert.Equal(HttpStatusCode.Forbidden, family.StatusCode);
    }

    /// <summary>
    /// Issue 6, item 8: every form that posts, on every page of the routing table (as DUPONT, as the
    /// agent, or signed out) and on every fiche form of a new family's Dossier Famille, carries the
    /// antiforgery token; a form without it would be refused with a 400 in the browser, or, worse,
    /// accepted from another site if the check were ever lifted.
    /// </summary>
    [Fact]
    public async Task R_ACC_7_every_form_that_posts_carries_an_antiforgery_token()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new NewFamilyAccount(new LoginId("jeton"), new FamilyId("famille-36-04")));
        using var newFamily = await SignIn.AsAsync(portal, "jeton");
        using var agent = await SignIn.AsAsync(portal, "agent", home: "/agents");
        using var anonymous = SignIn.NewClient(portal);
        var dupont = await portal.FamilyClientAsync();
        var fiches = FicheLinks().Matches(await newFamily.GetStringAsync("/dossier"))
            .Select(m => (Url: System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) + "&modifier=true", Client: newFamily));
        var pages = Routes()
            .Select(r => (r.Url, Client: IsAnonymous(r.Metadata) ? anonymous : Policies(r.Metadata).Contains(HostAuthentication.Agent) ? agent : dupont))
            .Concat(fiches)
            .ToList();

        var forms = 0;
        foreach (var (url, client) in pages)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            foreach (var form in PostForms().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Value))
            {
                Assert.True(form.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal), $"GET {url}: a form posts without the antiforgery token: {form[..Math.Min(form.Length, 300)]}");
                forms++;
            }
        }

        Assert.True(forms >= 40, $"Only {forms} forms checked.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("<form\\b[^>]*method=\"post\"[^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PostForms();

    [System.Text.RegularExpressions.GeneratedRegex("href=\"(/dossier/fiche\\?[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex FicheLinks();
}
