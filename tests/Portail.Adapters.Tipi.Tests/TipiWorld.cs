using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Portail.Adapters.Tipi.Simulator;
using Portail.Payments;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>
/// A portal and the simulated platform in one Kestrel host on loopback: Portail with its payment
/// callbacks (<c>/paiement/tipi/{tenant}/…</c>), the simulator (<c>/tipi-simulateur/…</c>); the real
/// adapter talks to the simulator over HTTP. One fake clock for both.
/// </summary>
internal sealed class TipiWorld : IAsyncDisposable
{
    public static readonly TenantId Tenant = new("cestas");
    public static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    public static readonly WalletTypeId Cdc = new("cdc-aps-clsh");

    private readonly WebApplication _app;
    private readonly string? _database;

    private TipiWorld(WebApplication app, Uri root, FakeClock clock, string? database)
    {
        _app = app;
        Root = root;
        Clock = clock;
        _database = database;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = root };
    }

    public Uri Root { get; }

    public FakeClock Clock { get; }

    public HttpClient Client { get; }

    public TipiSimulator Simulator => _app.Services.GetRequiredService<TipiSimulator>();

    public OnlinePayments Payments => _app.Services.GetRequiredService<OnlinePayments>();

    public IPortailStorage Storage => _app.Services.GetRequiredService<IPortailStorage>();

    public IPaymentStore Store => Storage.Payments;

    /// <summary>The account of <paramref name="family"/>, paying into its own wallets (R-ACC-6).</summary>
    public static Portail.Accounts.FamilyActor Payer(string family = "dupont") =>
        new(Tenant, new Portail.Accounts.LoginId(family), new FamilyId(family), new HashSet<ChildId>());

    /// <summary>The régie's clerk, of every structure of the tenant (R-ACC-7).</summary>
    public Portail.Accounts.AgentActor Clerk => Agent(Portail.Accounts.AgentRole.Clerk);

    /// <summary>An agent holding <paramref name="role"/> in every structure of the tenant; granted nothing when <see langword="null"/> (R-ACC-7).</summary>
    public Portail.Accounts.AgentActor Agent(Portail.Accounts.AgentRole? role) =>
        new(Tenant, new Portail.Accounts.LoginId("agent"), role is { } r
            ? _app.Services.GetRequiredService<Portail.Catalog.Catalogue>()[Tenant].Structures.ToDictionary(s => s.Id, _ => r)
            : new Dictionary<StructureId, Portail.Accounts.AgentRole>());

    /// <summary>Starts a world; <paramref name="sqlite"/> stores in a real SQLite file instead of memory.</summary>
    public static async Task<TipiWorld> StartAsync(Action<TipiPaymentOptions>? configure = null, bool sqlite = false, Instant? now = null)
    {
        var port = FreePort();
        var root = new Uri($"http://127.0.0.1:{port}/");
        var clock = new FakeClock(now ?? Instant.FromUtc(2024, 3, 12, 9, 0));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(root.AbsoluteUri);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portail:Tenants:0:Id"] = Tenant.Value,
            ["Portail:Tenants:0:Name"] = "Mairie de CarteVille",
            ["Portail:Tenants:0:Structures:0:Id"] = "scolaire",
            ["Portail:Tenants:0:Structures:0:Name"] = "Régie scolaire",
            ["Portail:Tenants:0:WalletTypes:0:Id"] = Scolaire.Value,
            ["Portail:Tenants:0:WalletTypes:0:Name"] = "Services Scolaires et ALSH",
            ["Portail:Tenants:0:WalletTypes:0:Structure"] = "scolaire",
            ["Portail:Tenants:0:WalletTypes:1:Id"] = Cdc.Value,
            ["Portail:Tenants:0:WalletTypes:1:Name"] = "CDC PE2M - APS ET CLSH",
            ["Portail:Tenants:0:WalletTypes:1:Structure"] = "scolaire",
            ["Portail:Tenants:1:Id"] = "gradignan",
            ["Portail:Tenants:1:Name"] = "Mairie de Gradignan",
            ["Portail:Tenants:1:Structures:0:Id"] = "scolaire",
            ["Portail:Tenants:1:Structures:0:Name"] = "Régie scolaire",
            ["Portail:Tenants:1:WalletTypes:0:Id"] = Scolaire.Value,
            ["Portail:Tenants:1:WalletTypes:0:Name"] = "Services Scolaires",
            ["Portail:Tenants:1:WalletTypes:0:Structure"] = "scolaire",
        });
        builder.Services.AddSingleton<IClock>(clock);
        var portail = builder.Services.AddPortail(builder.Configuration.GetSection("Portail"));
        string? database = null;
        if (sqlite)
        {
            database = Path.Combine(Path.GetTempPath(), $"portail-tipi-{Guid.NewGuid():N}.db");
            portail.UseSqliteStorage($"Data Source={database}");
        }
        else
        {
            portail.UseInMemoryStorage();
        }

        portail.UseTipiPayments(o =>
        {
            o.ClientNumber = "123456";
            o.WebServiceUrl = new Uri(root, "tipi-simulateur/tpa/services/securite");
            o.PaymentPageUrl = new Uri(root, "tipi-simulateur/tpa/paiementws.web");
            o.ClassicUrl = new Uri(root, "tipi-simulateur/tpa/paiement.web");
            o.NotificationUrl = new Uri($"{root}paiement/tipi/{{tenant}}/notification");
            o.ReturnUrl = new Uri($"{root}paiement/tipi/{{tenant}}/retour");
            o.Timeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        builder.Services.AddTipiSimulator(o =>
        {
            o.HangFor = TimeSpan.FromSeconds(10);
            o.ClientNumbers.Add("654321");
        });
        var app = builder.Build();
        app.MapTipiSimulator();
        app.MapTipiCallbacks("/paiement/tipi", a => a is null ? "/paiement" : $"/paiement/retour/{a.Id}");
        await app.StartAsync();
        await app.Services.GetRequiredService<IPortailStorage>().PrepareAsync(CancellationToken.None);
        return new TipiWorld(app, root, clock, database);
    }

    /// <summary>The family starts paying: the form as R-WAL-5 proposes it.</summary>
    public async Task<(PaymentAttempt Attempt, Uri Page)> StartPaymentAsync(string family, decimal scolaire, decimal cdc = 0m, string? email = "famille@example.org")
    {
        var started = await Payments.StartAsync(Payer(family), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [Scolaire] = scolaire, [Cdc] = cdc }, email));
        Assert.True(started.IsT0, started.IsT1 ? started.AsT1.Message : "");
        return (started.AsT0.Attempt, started.AsT0.PaymentPage);
    }

    /// <summary>The payer chooses <paramref name="code"/> on the simulated page; the browser comes back (the return URL is followed once).</summary>
    public async Task<HttpResponseMessage> PayAndReturnAsync(PaymentAttempt attempt, string code)
    {
        var back = await Simulator.PayAsync(attempt.ProviderReference!, code);
        Assert.NotNull(back);
        return await Client.GetAsync(back);
    }

    public async Task<PaymentAttempt> ReadAsync(PaymentAttempt attempt) => (await Store.GetAsync(Tenant, attempt.Id))!;

    public async Task<decimal> BalanceAsync(string family) =>
        (await Storage.Wallets.GetBalancesAsync(Tenant, new FamilyId(family))).Sum(b => b.Balance);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Simulator.WhenNotifiedAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
