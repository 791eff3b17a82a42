using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// Online payment in the sample host (R-PAY-1..4), over a real socket: the simulated platform calls
/// the portal back over HTTP, as the real one would.
/// </summary>
public sealed class PaymentTests
{
    /// <summary>
    /// R-PAY-1, R-PAY-2, R-WAL-5: Paiement et solde proposes the amount; Paiement CB sends the family to
    /// the platform; paid, the browser comes back to the return page, the wallet is credited, and the
    /// payment history shows CBLEUE, the authorisation number and "Par Internet"; the agents see it.
    /// </summary>
    [Fact]
    public async Task R_PAY_2_a_card_payment_through_the_simulated_platform_credits_the_wallet()
    {
        await using var portal = await RealPortal.StartAsync();
        var page = await portal.GetAsync("/paiement");
        Assert.Contains("Paiement CB", page, StringComparison.Ordinal);
        Assert.Contains("value=\"62.23\"", page, StringComparison.Ordinal);

        using var start = await portal.PostAsync(Session.Token(page), "/paiement/cb", ("montant-scolaire-alsh", "62,23"), ("email", ""));
        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var platform = start.Headers.Location!;
        Assert.StartsWith($"{portal.Address}/tipi-simulateur/tpa/paiementws.web?idop=", platform.AbsoluteUri, StringComparison.Ordinal);
        var idOp = platform.Query["?idop=".Length..];
        Assert.Contains("62,23 €", await portal.GetAsync(platform.AbsoluteUri), StringComparison.Ordinal);

        using var paid = await portal.PostAsync(null, "/tipi-simulateur/tpa/paiementws.web", ("key", idOp), ("resultrans", "P"), ("notif", "once"));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        using var back = await portal.Client.GetAsync(paid.Headers.Location);
        var landing = back.Headers.Location!.OriginalString;
        Assert.StartsWith("/paiement/retour/", landing, StringComparison.Ordinal);
        var shown = Html.Text(await portal.GetAsync(landing));
        Assert.Contains("Paiement accepté", shown, StringComparison.Ordinal);
        Assert.Contains("Total 62,23 €", shown, StringComparison.Ordinal);

        var after = Html.Text(await portal.GetAsync("/paiement"));
        Assert.True(after.Contains("Total à payer 0,00 €", StringComparison.Ordinal), after);
        Assert.Matches("CBLEUE [0-9]{6} Par Internet 62,23 €", Html.Text(await portal.GetAsync("/historiques")));
        var agents = Html.Text(await portal.GetAsync("/agents/paiements"));
        Assert.Contains("Payé", agents, StringComparison.Ordinal);
        Assert.Contains("paid (P)", agents, StringComparison.Ordinal);
    }

    /// <summary>TIPI.md "an open redirect through the stored return URL": the return page sends the browser only to the portal's pages.</summary>
    [Fact]
    public async Task R_PAY_3_the_return_page_redirects_only_to_the_portal()
    {
        await using var portal = await RealPortal.StartAsync();
        using var back = await portal.Client.GetAsync("/paiement/tipi/cestas/retour?idop=inconnu&urlredirect=https%3A%2F%2Fevil.example%2F&returnUrl=%2F%2Fevil.example");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/paiement", back.Headers.Location!.OriginalString);
        using var notified = await portal.Client.PostAsync("/paiement/tipi/cestas/notification", new StringContent("n'importe quoi"));
        Assert.Equal(HttpStatusCode.OK, notified.StatusCode);
        Assert.Equal("", await notified.Content.ReadAsStringAsync());
        using var payable = await portal.PostAsync(Session.Token(await portal.GetAsync("/paiement")), "/paiement/cb", ("montant-scolaire-alsh", "-5"));
        Assert.Contains("négatif", Html.Text(await payable.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>The sample portal on a free port of 127.0.0.1, told that this is where the platform reaches it.</summary>
    private sealed class RealPortal : IAsyncDisposable
    {
        private readonly PortalFactory _root;
        private readonly WebApplicationFactory<Program> _factory;

        private RealPortal(PortalFactory root, WebApplicationFactory<Program> factory, string address)
        {
            _root = root;
            _factory = factory;
            Address = address;
            Client = NewClient(address);
            AgentClient = NewClient(address);
        }

        public string Address { get; }

        /// <summary>The family DUPONT's client, signed in.</summary>
        public HttpClient Client { get; }

        /// <summary>The agent's client, signed in, for the pages under /agents.</summary>
        public HttpClient AgentClient { get; }

        public static async Task<RealPortal> StartAsync()
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var address = $"http://127.0.0.1:{port}";
            var root = new PortalFactory();
            var factory = root.WithWebHostBuilder(b =>
            {
                b.UseUrls(address);
                b.UseSetting("Tipi:Simulator", "true");
                b.UseSetting("Tipi:PortalUrl", address);
            });
            factory.UseKestrel();
            factory.StartServer();
            var portal = new RealPortal(root, factory, address);
            await SignIn.AsAsync(factory, portal.Client, "dupont");
            await SignIn.AsAsync(factory, portal.AgentClient, "agent");
            return portal;
        }

        private static HttpClient NewClient(string address) =>
            new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address) };

        public async Task<string> GetAsync(string url)
        {
            using var response = await (url.StartsWith("/agents", StringComparison.Ordinal) ? AgentClient : Client).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}\n{body}");
            return body;
        }

        public async Task<HttpResponseMessage> PostAsync(string? token, string action, params (string Name, string Value)[] fields)
        {
            var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
            if (token is not null)
            {
                all.Add(new("__RequestVerificationToken", token));
            }

            using var content = new FormUrlEncodedContent(all);
            return await Client.PostAsync(action, content);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            AgentClient.Dispose();
            await _factory.DisposeAsync();
            await _root.DisposeAsync();
        }
    }
}
