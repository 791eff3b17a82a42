using Portail.Adapters.Tipi;

namespace Portail.SampleHost;

/// <summary>
/// The <c>Tipi</c> section: online card payments (R-PAY). <c>Tipi:Simulator</c> (true by default in
/// Development) mounts the simulated platform at <c>/tipi-simulateur</c> and points the adapter at it;
/// otherwise <c>Tipi:Options</c> binds <see cref="TipiPaymentOptions"/> (ClientNumber, Mode, Protocol,
/// URLs…, checked when the host starts). Without either, the portal runs without online payment (the
/// Paiement CB button is not shown). <c>Tipi:PortalUrl</c> is where the platform reaches the portal
/// (its notifications, the browser's return); the first of <c>Urls</c> by default.
/// </summary>
internal static class HostPayments
{
    public const string Section = "Tipi";

    private const string Callbacks = "/paiement/tipi";

    /// <summary>Registers the TIPI adapter (and the simulator) as the settings say, with the reconciliation in the background.</summary>
    public static IPortailBuilder UseConfiguredPayments(this IPortailBuilder portail, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(Section);
        var portal = new Uri((section["PortalUrl"] ?? configuration["Urls"]?.Split(';')[0] ?? "http://localhost:5000").TrimEnd('/') + "/");
        if (Simulated(configuration, environment))
        {
            portail.Services.AddTipiSimulator();
            return portail.UseTipiPayments(o =>
            {
                o.ClientNumber = "123456";
                o.WebServiceUrl = new Uri(portal, "tipi-simulateur/tpa/services/securite");
                o.PaymentPageUrl = new Uri(portal, "tipi-simulateur/tpa/paiementws.web");
                o.ClassicUrl = new Uri(portal, "tipi-simulateur/tpa/paiement.web");
                Callback(o, portal);
            }).RunPaymentsReconciliationInBackground();
        }

        if (section.GetSection("Options").Exists())
        {
            return portail.UseTipiPayments(o =>
            {
                Callback(o, portal);
                section.GetSection("Options").Bind(o);
            }).RunPaymentsReconciliationInBackground();
        }

        return portail;
    }

    /// <summary>Maps the callback endpoints, and the simulator when it is on.</summary>
    public static void MapConfiguredPayments(this WebApplication app)
    {
        if (Simulated(app.Configuration, app.Environment))
        {
            // The simulated platform's pages stand for the treasury's site: no portal session there.
            app.MapTipiSimulator().AllowAnonymous();
        }

        // The platform calls back without a session; what it says is only a hint, checked with the platform (issue 8).
        app.MapTipiCallbacks(Callbacks, a => a is null ? "/paiement" : $"/paiement/retour/{a.Id}").AllowAnonymous();
    }

    private static void Callback(TipiPaymentOptions o, Uri portal)
    {
        o.NotificationUrl = new Uri($"{portal}{Callbacks.TrimStart('/')}/{{tenant}}/notification");
        o.ReturnUrl = new Uri($"{portal}{Callbacks.TrimStart('/')}/{{tenant}}/retour");
    }

    private static bool Simulated(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>($"{Section}:Simulator") ?? environment.IsDevelopment();
}
