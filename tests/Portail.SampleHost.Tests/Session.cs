using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portail.Booking;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// A portal of its own (on a SQLite file of its own, unless given another <see cref="PortalFactory"/>:
/// a test that books does not leak into another) and two clients that keep cookies and do not follow
/// redirects, each signed in through the portal's own pages on first use (issue 6): the family
/// DUPONT, and an agent of every structure for the pages under <c>/agents</c>. Posts send the
/// antiforgery token of a form page fetched first, as a browser does.
/// </summary>
internal sealed partial class Session : IAsyncDisposable
{
    private readonly PortalFactory _root;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly Lazy<Task<HttpClient>> _family;
    private readonly Lazy<Task<HttpClient>> _agent;

    public Session(string? demoNow = null)
        : this(new PortalFactory(), demoNow)
    {
    }

    /// <summary>A session on <paramref name="root"/>, disposed with the session.</summary>
    public Session(PortalFactory root, string? demoNow = null)
    {
        _root = root;
        _factory = demoNow is null ? _root : _root.WithWebHostBuilder(b => b.UseSetting("Demo:Now", demoNow));
        Client = NewClient();
        AgentClient = NewClient();
        _family = new(() => SignIn.AsAsync(_factory, Client, "dupont"));
        _agent = new(() => SignIn.AsAsync(_factory, AgentClient, "agent"));
    }

    /// <summary>The family's client (signed in once any method of the session has been used).</summary>
    public HttpClient Client { get; }

    /// <summary>The agent's client.</summary>
    public HttpClient AgentClient { get; }

    /// <summary>Where the portal's mails land (its pickup folder).</summary>
    public string MailFolder => _root.MailFolder;

    public IServiceProvider Services => _factory.Services;

    public static TenantId Tenant { get; } = new("cestas");

    public static FamilyId Dupont { get; } = new("dupont");

    /// <summary>A client that keeps cookies and does not follow redirects, signed in as nobody.</summary>
    public HttpClient NewClient() => SignIn.NewClient(_factory);

    /// <summary>The family's client, signed in.</summary>
    public Task<HttpClient> FamilyAsync() => _family.Value;

    /// <summary>The client for <paramref name="url"/>, signed in: the agent's under /agents, the family's elsewhere.</summary>
    public Task<HttpClient> ClientForAsync(string url) => url.StartsWith("/agents", StringComparison.Ordinal) ? _agent.Value : _family.Value;

    public Task<Basket> BasketAsync() => Services.GetRequiredService<IBasketStore>().GetAsync(Tenant, Dupont).AsTask();

    public async Task<string> GetAsync(string url)
    {
        using var response = await (await ClientForAsync(url)).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>Fetches <paramref name="page"/> for its token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string page, string action, params (string Name, string Value)[] fields) =>
        await PostWithTokenAsync(Token(await GetAsync(page)), action, fields);

    public async Task<HttpResponseMessage> PostWithTokenAsync(string token, string action, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await (await ClientForAsync(action)).PostAsync(action, content);
    }

    /// <summary>Posts and expects a redirect; returns where to.</summary>
    public async Task<string> PostRedirectAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        using var response = await PostAsync(page, action, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"POST {action}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Posts and expects the page back (an error shown on it); returns its HTML.</summary>
    public async Task<string> PostPageAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        using var response = await PostAsync(page, action, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {action}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>A click on a day of a one-activity calendar.</summary>
    public Task<string> ClickAsync(string child, string activity, string date)
    {
        var month = date[..7];
        return PostRedirectAsync($"/reservations?child={child}&activity={activity}&month={month}", $"/reservations?handler=Calendar&child={child}&activity={activity}&month={month}", ("jour", date));
    }

    /// <summary>The summary's hidden fields: the submission id and the digest of the basket shown.</summary>
    public static (string Token, string Submission, string Fingerprint) ValidateForm(string summary) =>
        (Token(summary), Hidden(summary, "soumission"), Hidden(summary, "empreinte"));

    /// <summary>Shows the summary and validates it; returns the result page's address.</summary>
    public async Task<string> ValidateAsync()
    {
        var (token, submission, fingerprint) = ValidateForm(await GetAsync("/reservations/recapitulatif"));
        using var response = await PostWithTokenAsync(token, "/reservations/recapitulatif?handler=Validate", ("soumission", submission), ("empreinte", fingerprint));
        Assert.True(response.StatusCode == HttpStatusCode.Found, $"Validate: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    public static string Token(string html) => Hidden(html, "__RequestVerificationToken");

    public static string Hidden(string html, string name)
    {
        var m = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*value=\"(?<v>[^\"]*)\"");
        Assert.True(m.Success, $"No hidden field {name} in the page.");
        return WebUtility.HtmlDecode(m.Groups["v"].Value);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AgentClient.Dispose();
        await _root.DisposeAsync();
    }
}
