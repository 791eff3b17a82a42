using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Portail.Payments;
using Portail.Testing;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>ARCHITECTURE.md must 7: the payment settings are checked when the host starts, each faulty one named.</summary>
public sealed class OptionsTests
{
    private static async Task<string> StartFailureAsync(Action<TipiPaymentOptions> configure, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portail:Tenants:0:Id"] = "cestas",
            ["Portail:Tenants:0:Name"] = "Mairie",
            ["Portail:Tenants:0:Structures:0:Id"] = "scolaire",
            ["Portail:Tenants:0:Structures:0:Name"] = "Régie",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddPortail(builder.Configuration.GetSection("Portail")).UseInMemoryStorage().UseTipiPayments(configure).RunPaymentsReconciliationInBackground();
        using var host = builder.Build();
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return failure.Message;
    }

    private static void Valid(TipiPaymentOptions o)
    {
        o.ClientNumber = "123456";
        o.NotificationUrl = new Uri("https://portail.example/paiement/tipi/{tenant}/notification");
        o.ReturnUrl = new Uri("https://portail.example/paiement/tipi/{tenant}/retour");
    }

    [Fact]
    public async Task Every_faulty_tipi_setting_is_named_at_start_up()
    {
        var message = await StartFailureAsync(o =>
        {
            Valid(o);
            o.ClientNumber = "12345";
            o.Mode = TipiMode.Production;
            o.NotificationUrl = new Uri("http://portail.example/notification");
            o.ReturnUrl = null;
            o.ClassicSaisie = "xx";
            o.Timeout = TimeSpan.Zero;
            o.ResultWait = TimeSpan.FromMinutes(10);
            o.MaxTotal = 0.001m;
        });
        foreach (var setting in new[] { "ClientNumber", "NotificationUrl", "ReturnUrl", "ClassicSaisie", "Timeout", "ResultWait", "MaxTotal" })
        {
            Assert.Contains($"TipiPaymentOptions.{setting}", message, StringComparison.Ordinal);
        }

        Assert.Contains("in production every URL is https", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reconciliation_interval_is_a_setting_checked_at_start_up()
    {
        var message = await StartFailureAsync(Valid, new() { ["Portail:Payments:ReconcileEvery"] = "00:00:01", ["Portail:Payments:LookBack"] = "00:01:00" });
        Assert.Contains("Portail:Payments:ReconcileEvery is 00:00:01", message, StringComparison.Ordinal);
        Assert.Contains("Portail:Payments:LookBack", message, StringComparison.Ordinal);
    }

    /// <summary>R-PAY-3: RunPaymentsReconciliationInBackground asks the platform as soon as the host starts, then every interval.</summary>
    [Fact]
    public async Task R_PAY_3_the_background_reconciliation_credits_a_payment_nobody_notified()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portail:Tenants:0:Id"] = "cestas",
            ["Portail:Tenants:0:Name"] = "Mairie",
            ["Portail:Tenants:0:Structures:0:Id"] = "scolaire",
            ["Portail:Tenants:0:Structures:0:Name"] = "Régie",
            ["Portail:Tenants:0:WalletTypes:0:Id"] = "scolaire-alsh",
            ["Portail:Tenants:0:WalletTypes:0:Name"] = "Services Scolaires et ALSH",
            ["Portail:Tenants:0:WalletTypes:0:Structure"] = "scolaire",
            ["Portail:Payments:ReconcileEvery"] = "00:00:10",
        });
        var clock = new FakeClock(Instant.FromUtc(2024, 3, 12, 9, 0));
        var gateway = new ScriptedPaymentGateway();
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<IPaymentGateway>(gateway);
        builder.Services.AddPortail(builder.Configuration.GetSection("Portail")).UseInMemoryStorage().RunPaymentsReconciliationInBackground();
        using var host = builder.Build();
        var payments = host.Services.GetRequiredService<OnlinePayments>();
        var attempt = (await payments.StartAsync(TipiWorld.Payer(), new PaymentForm(new Dictionary<WalletTypeId, decimal> { [new("scolaire-alsh")] = 33.25m }, "dupont@example.org"))).AsT0.Attempt;
        gateway.Result(attempt, "P", clock.GetCurrentInstant());
        clock.Advance(Duration.FromMinutes(15));

        await host.StartAsync();
        for (var i = 0; i < 100 && (await payments.GetAsync(TipiWorld.Payer(), attempt.Id))!.State != PaymentState.Paid; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        Assert.Equal(PaymentState.Paid, (await payments.GetAsync(TipiWorld.Payer(), attempt.Id))!.State);
        Assert.Contains(await host.Services.GetRequiredService<IPaymentStore>().ListLogAsync(attempt.Tenant, attempt.Id, 10), e => e.Source == PaymentCheckSource.Reconciliation);
    }
}
