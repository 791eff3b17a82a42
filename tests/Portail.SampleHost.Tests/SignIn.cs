using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portail.Accounts;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>Signing a test client in through the portal's own pages (issue 6), as a holder does the first time.</summary>
internal static class SignIn
{
    /// <summary>The password every test account chooses at its first sign-in.</summary>
    public const string Password = "Cestas-2023-Tests";

    /// <summary>A client that keeps cookies and does not follow redirects, signed in as nobody.</summary>
    public static HttpClient NewClient(WebApplicationFactory<Program> portal) =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A new client of <paramref name="portal"/>, signed in as <paramref name="login"/>.</summary>
    public static Task<HttpClient> AsAsync(WebApplicationFactory<Program> portal, string login, string? home = null) => AsAsync(portal, NewClient(portal), login, home);

    /// <summary>The agent the tests' setup acts as (login <c>agent</c>), holding every role, health included, in both structures (R-ACC-7).</summary>
    public static AgentActor SetupAgent { get; } = new(
        new TenantId("cestas"),
        new LoginId("agent"),
        new Dictionary<StructureId, AgentRole> { [new StructureId("scolaire")] = AgentRole.Health, [new StructureId("musique")] = AgentRole.Health });

    /// <summary>
    /// Signs <paramref name="client"/> in as <paramref name="login"/>: a temporary password from the
    /// service, the sign-in, the new password, the consent to both documents.
    /// </summary>
    public static async Task<HttpClient> AsAsync(WebApplicationFactory<Program> portal, HttpClient client, string login, string? home = null)
    {
        home ??= login == "agent" ? "/agents" : "/";
        // An account that already chose the tests' password signs in with it: a new temporary password
        // would end its other sessions (R-ACC-5), those of the other clients of the same portal.
        if (await portal.Services.GetRequiredService<IAccountStore>().GetAsync(new TenantId("cestas"), new LoginId(login)) is { MustChangePassword: false, Consents.Count: > 0 })
        {
            Assert.Equal(home, await PostAsync(client, "/connexion", ("Identifiant", login), ("MotDePasse", Password)));
            return client;
        }

        var temporary = await portal.Services.GetRequiredService<AccountService>().IssueTemporaryPasswordAsync(SetupAgent, new LoginId(login));
        Assert.NotNull(temporary);
        Assert.Equal("/premiere-connexion", await PostAsync(client, "/connexion", ("Identifiant", login), ("MotDePasse", temporary)));
        var next = await PostAsync(client, "/premiere-connexion", ("Nouveau", Password), ("Confirmation", Password));
        if (next == "/consentement")
        {
            next = await PostAsync(client, "/consentement", ("Acceptes", "Rgpd"), ("Acceptes", "Cgu"));
        }

        Assert.Equal(home, next);
        return client;
    }

    /// <summary>Fetches <paramref name="page"/>'s form, posts <paramref name="fields"/> with its token, expects a redirect and answers where to.</summary>
    public static async Task<string> PostAsync(HttpClient client, string page, params (string Name, string Value)[] fields)
    {
        using var response = await PostFormAsync(client, page, page, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"POST {page}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Fetches <paramref name="page"/> for its antiforgery token and posts <paramref name="fields"/> with it to <paramref name="action"/>, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        var form = await client.GetStringAsync(page);
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", Session.Token(form)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(action, content);
    }
}
