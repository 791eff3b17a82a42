using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;
using Portail.Families;
using Portail.Notifications;

namespace Portail.Adapters.Smtp.Tests;

/// <summary>
/// The outbox under faults (ARCHITECTURE.md must 6, R-NTF), with every part real: the outbox in a
/// SQLite file, the core's dispatcher, MailKit talking to an SMTP server on loopback. The server is
/// down, then comes back; a bad address among good ones; a process that stops between the server's
/// acceptance and the mark.
/// </summary>
public sealed class OutboxUnderFaultsTests : IDisposable
{
    private static readonly TenantId Cestas = new("cestas");
    private static readonly StructureId Scolaire = new("scolaire");

    private readonly string _folder = Directory.CreateTempSubdirectory("portail-outbox-").FullName;
    private readonly FakeClock _clock = new(Instant.FromUtc(2023, 10, 2, 7, 0));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task While_the_server_is_down_mails_wait_and_when_it_comes_back_each_is_delivered_once()
    {
        var port = SmtpServer.FreePort();
        await using var portal = await PortalAsync(port);
        await portal.InformAsync("a@exemple.fr", "b@exemple.fr", "c@exemple.fr");

        Assert.Equal(new DispatchReport(3, 0, 3, 0, 0), await portal.Dispatcher.RunOnceAsync());
        var waiting = await portal.Outbox.ListAsync(Cestas, new OutboxQuery());
        Assert.All(waiting, e => Assert.Equal((OutboxState.Pending, 1), (e.State, e.Attempts)));
        Assert.All(waiting, e => Assert.False(string.IsNullOrEmpty(e.LastError)));

        // Not due again before the back-off; due after it, and the server is back.
        Assert.Equal(0, (await portal.Dispatcher.RunOnceAsync()).Claimed);
        using var server = new SmtpServer(port);
        _clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(new DispatchReport(3, 3, 0, 0, 0), await portal.Dispatcher.RunOnceAsync());

        foreach (var address in new[] { "a@exemple.fr", "b@exemple.fr", "c@exemple.fr" })
        {
            Assert.Equal("Grève du jeudi 12 octobre", Assert.Single(server.Received(address)).Subject);
        }

        _clock.Advance(Duration.FromDays(2));
        Assert.Equal(0, (await portal.Dispatcher.RunOnceAsync()).Claimed);
        Assert.All(await portal.Outbox.ListAsync(Cestas, new OutboxQuery()), e => Assert.Equal(OutboxState.Sent, e.State));
    }

    [Fact]
    public async Task A_bad_address_fails_with_the_servers_answer_and_does_not_hold_back_the_others()
    {
        using var server = new SmtpServer();
        await using var portal = await PortalAsync(server.Port);
        await portal.InformAsync("inconnu@exemple.fr", "b@exemple.fr", "c@exemple.fr");

        Assert.Equal(new DispatchReport(3, 2, 0, 1, 0), await portal.Dispatcher.RunOnceAsync());

        var failed = Assert.Single(await portal.Outbox.ListAsync(Cestas, new OutboxQuery(OutboxState.Failed)));
        Assert.Equal(new FamilyId("famille-0"), failed.Mail.Family);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);
        Assert.Single(server.Received("b@exemple.fr"));
        Assert.Single(server.Received("c@exemple.fr"));
    }

    /// <summary>
    /// Delivery is at least once, and honestly so: a process that stops after the server accepted a
    /// mail and before it marked it sent leaves the mail claimed; once the lease runs out, the next
    /// dispatcher sends it again — one duplicate per such crash — with the same Message-Id, by which
    /// the receiving side can drop it. Nothing is lost.
    /// </summary>
    [Fact]
    public async Task A_process_stopped_between_sending_and_marking_sends_at_most_one_duplicate_with_the_same_Message_Id()
    {
        using var server = new SmtpServer();
        await using (var crashing = await PortalAsync(server.Port))
        {
            await crashing.InformAsync("a@exemple.fr");
            var claim = Assert.Single(await crashing.Outbox.ClaimAsync(_clock.GetCurrentInstant(), Duration.FromMinutes(30), 10));
            var message = (await crashing.Services.GetRequiredService<MailRenderer>().RenderAsync(claim.Mail)).AsT0;
            Assert.Equal(MailSendStatus.Sent, (await crashing.Services.GetRequiredService<IMailSender>().SendAsync(message)).Status);

            // The process stops here: the mail is never marked.
        }

        await using var restarted = await PortalAsync(server.Port);
        Assert.Equal(0, (await restarted.Dispatcher.RunOnceAsync()).Claimed); // still leased to the stopped process
        _clock.Advance(Duration.FromMinutes(31));
        Assert.Equal(new DispatchReport(1, 1, 0, 0, 0), await restarted.Dispatcher.RunOnceAsync());
        _clock.Advance(Duration.FromDays(2));
        Assert.Equal(0, (await restarted.Dispatcher.RunOnceAsync()).Claimed);

        var received = server.Received("a@exemple.fr");
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(m => m.MessageId).Distinct());
        Assert.Equal(OutboxState.Sent, Assert.Single(await restarted.Outbox.ListAsync(Cestas, new OutboxQuery())).State);
    }

    // A portal on this test's SQLite file, sending to the SMTP server on port, its storage prepared as the host would.
    private async Task<Portal> PortalAsync(int port)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portail:Tenants:0:Id"] = "cestas",
            ["Portail:Tenants:0:Name"] = "Mairie de Cestas",
            ["Portail:Tenants:0:Structures:0:Id"] = "scolaire",
            ["Portail:Tenants:0:Structures:0:Name"] = "Régie des services scolaires",
            ["Portail:Tenants:0:WalletTypes:0:Id"] = "scolaire",
            ["Portail:Tenants:0:WalletTypes:0:Name"] = "Services scolaires",
            ["Portail:Tenants:0:WalletTypes:0:Structure"] = "scolaire",
            ["Portail:Tenants:0:Periods:0:Id"] = "P1",
            ["Portail:Tenants:0:Periods:0:Name"] = "Période 1",
            ["Portail:Tenants:0:Periods:0:Start"] = "2023-09-04",
            ["Portail:Tenants:0:Periods:0:End"] = "2023-10-20",
            ["Portail:Tenants:0:Periods:0:OpensAt"] = "2023-08-21",
            ["Portail:Tenants:0:Activities:0:Id"] = "restauration",
            ["Portail:Tenants:0:Activities:0:Name"] = "Restauration scolaire",
            ["Portail:Tenants:0:Activities:0:Structure"] = "scolaire",
            ["Portail:Tenants:0:Activities:0:Wallet"] = "scolaire",
            ["Portail:Tenants:0:Activities:0:Days:0"] = "Lundi",
            ["Portail:Tenants:0:Activities:0:Start"] = "11:30",
            ["Portail:Tenants:0:Activities:0:End"] = "13:30",
            ["Portail:Tenants:0:Activities:0:Price"] = "3.50",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IClock>(_clock);
        services.AddPortail(configuration.GetSection("Portail"))
            .UseSqliteStorage($"Data Source={Path.Combine(_folder, "portail.db")}")
            .UseSmtpMail(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Security = SmtpSecurity.None;
                o.SenderAddress = "portail-famille@ville-cestas.fr";
                o.Timeout = TimeSpan.FromSeconds(5);
            });
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return new Portal(provider);
    }

    private sealed class Portal(ServiceProvider services) : IAsyncDisposable
    {
        public ServiceProvider Services => services;

        public IMailOutbox Outbox => services.GetRequiredService<IMailOutbox>();

        public OutboxDispatcher Dispatcher => services.GetRequiredService<OutboxDispatcher>();

        /// <summary>Families famille-0, famille-1… with these addresses, and an information of the service to them all.</summary>
        public async Task InformAsync(params string[] addresses)
        {
            var directory = services.GetRequiredService<IFamilyDirectory>();
            for (var i = 0; i < addresses.Length; i++)
            {
                await directory.SaveContactAsync(Cestas, new FamilyContact(new FamilyId($"famille-{i}"), "Mme", $"NOM{i}", "", [addresses[i]]));
            }

            var written = await services.GetRequiredService<InformationMailing>().WriteAsync(
                new Portail.Accounts.AgentActor(Cestas, new Portail.Accounts.LoginId("agent"), new Dictionary<StructureId, Portail.Accounts.AgentRole> { [Scolaire] = Portail.Accounts.AgentRole.Clerk }), new ServiceInformation(Guid.NewGuid(), Scolaire, "Grève du jeudi 12 octobre", "Service minimum d'accueil à l'école du Parc."));
            Assert.Equal(addresses.Length, written.AsT0.Families);
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
