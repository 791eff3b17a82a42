using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using Portail.Adapters.Tipi;
using Portail.Adapters.Tipi.Simulator;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the TIPI/PayFiP simulator in a host (development and tests only).</summary>
public static partial class TipiSimulatorEndpoints
{
    /// <summary>Registers the simulator (a singleton, <see cref="TipiSimulator"/>), on the host's <see cref="IClock"/>.</summary>
    public static IServiceCollection AddTipiSimulator(this IServiceCollection services, Action<TipiSimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new TipiSimulatorOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(sp => new TipiSimulator(
            sp.GetService<IClock>() ?? throw new InvalidOperationException("The TIPI simulator needs an IClock: register it after AddPortail(...), or register NodaTime's clock yourself."),
            options));
        return services;
    }

    /// <summary>
    /// Maps the simulated platform under <paramref name="prefix"/>: the web service
    /// (<c>{prefix}/tpa/services/securite</c>), its payment page (<c>{prefix}/tpa/paiementws.web</c>) and
    /// the classic page (<c>{prefix}/tpa/paiement.web</c>). Point <c>TipiPaymentOptions</c>' URLs there.
    /// </summary>
    public static RouteGroupBuilder MapTipiSimulator(this IEndpointRouteBuilder endpoints, string prefix = "/tipi-simulateur")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapPost("/tpa/services/securite", Soap);
        group.MapGet("/tpa/paiementws.web", (HttpContext context, TipiSimulator simulator) => Page(context, simulator, classic: false));
        group.MapPost("/tpa/paiementws.web", PayWebService);
        group.MapGet("/tpa/paiement.web", (HttpContext context, TipiSimulator simulator) => Page(context, simulator, classic: true));
        group.MapPost("/tpa/paiement.web", PayClassic);
        return group;
    }

    private static readonly XNamespace Envelope = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Service = "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService";

    private static async Task<IResult> Soap(HttpContext context, TipiSimulator simulator)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        simulator.Record(body);
        XElement operation;
        try
        {
            operation = XDocument.Parse(body).Descendants(Envelope + "Body").Elements().First();
        }
        catch (Exception e) when (e is XmlException or InvalidOperationException)
        {
            return Fault("TechProtocolaireErreur", "S0", "Requête SOAP illisible", 500);
        }

        // Exact names, as the platform: an argument spelt otherwise is not there.
        var arguments = operation.Element("arg0")?.Elements().GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.First().Value.Trim(), StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        SimulatedPayment? known = null;
        if (arguments.TryGetValue("idOp", out var asked))
        {
            simulator.TryGet(asked, out known);
        }
        else if (arguments.TryGetValue("refdet", out var reference))
        {
            known = simulator.Payments.Values.FirstOrDefault(p => p["refdet"] == reference);
        }

        switch (simulator.TakeFault(known))
        {
            case SimulatedFault.Http500:
                return Results.Content("<html><body><h1>500 Internal Server Error</h1></body></html>", "text/html", Encoding.UTF8, 500);
            case SimulatedFault.MalformedXml:
                return Results.Content("<soap:Envelope><soap:Body><ns2:creerPaiementSecuriseResponse>", "text/xml", Encoding.UTF8, 200);
            case SimulatedFault.Unavailable:
                return Fault("TechIndisponibiliteErreur", "I1", "Service momentanément indisponible", 500);
            case SimulatedFault.Timeout:
                await Task.Delay(simulator.Options.HangFor, context.RequestAborted).ConfigureAwait(false);
                return Results.StatusCode(504);
        }

        return operation.Name.LocalName switch
        {
            "creerPaiementSecurise" => Create(simulator, arguments),
            "recupererDetailPaiementSecurise" => Detail(simulator, arguments),
            "recupererDetailClient" => arguments.TryGetValue("numCli", out var client) && simulator.Options.ClientNumbers.Contains(client)
                ? Answer("recupererDetailClient", false, [("libelleN1", "REGIE SIMULEE"), ("numcli", client)])
                : Fault("FonctionnelleErreur", "T1", "Numéro de client inconnu", 500),
            _ => Fault("TechProtocolaireErreur", "S0", $"Opération inconnue {operation.Name.LocalName}", 500),
        };
    }

    private static IResult Create(TipiSimulator simulator, Dictionary<string, string> a)
    {
        string Get(string name) => a.TryGetValue(name, out var value) ? value : "";
        if (!simulator.Options.ClientNumbers.Contains(Get("numcli")))
        {
            return Fault("FonctionnelleErreur", "T1", "Numéro de client inconnu", 500);
        }

        if (!Regex.IsMatch(Get("exer"), "^[0-9]{4}$"))
        {
            return Fault("FonctionnelleErreur", "E1", "Exercice incorrect", 500);
        }

        if (!long.TryParse(Get("montant"), NumberStyles.None, CultureInfo.InvariantCulture, out var cents))
        {
            return Fault("FonctionnelleErreur", "M1", "Montant incorrect", 500);
        }

        if (cents < 100)
        {
            return Fault("FonctionnelleErreur", "M3", "Montant inférieur au minimum", 500);
        }

        if (cents > simulator.Options.MaxCents)
        {
            return Fault("FonctionnelleErreur", "M5", "Montant supérieur au maximum", 500);
        }

        if (!Regex.IsMatch(Get("refdet"), "^[A-Za-z0-9]{6,30}$"))
        {
            return Fault("FonctionnelleErreur", "R3", "Format de la référence incorrect", 500);
        }

        if (Get("mel").Length == 0)
        {
            return Fault("FonctionnelleErreur", "A1", "Adresse mél absente", 500);
        }

        if (Get("mel").Length is < 6 or > 80 || !Get("mel").Contains('@', StringComparison.Ordinal))
        {
            return Fault("FonctionnelleErreur", "A2", "Adresse mél incorrecte", 500);
        }

        if (Get("saisie") is not ("T" or "X" or "W"))
        {
            return Fault("FonctionnelleErreur", "S1", "Mode de saisie incorrect", 500);
        }

        if (!Uri.TryCreate(Get("urlnotif"), UriKind.Absolute, out _))
        {
            return Fault("FonctionnelleErreur", "N1", "URL de notification incorrecte", 500);
        }

        if (!Uri.TryCreate(Get("urlredirect"), UriKind.Absolute, out _))
        {
            return Fault("FonctionnelleErreur", "D1", "URL de redirection incorrecte", 500);
        }

        var payment = simulator.Register(Guid.NewGuid().ToString("D"), a, classic: false);
        return Answer("creerPaiementSecurise", simulator.ScenarioOf(payment).LowerCaseNames, [("idOp", payment.Key)]);
    }

    private static IResult Detail(TipiSimulator simulator, Dictionary<string, string> a)
    {
        if (!a.TryGetValue("idOp", out var idOp))
        {
            return Fault("FonctionnelleErreur", "P1", "IdOp incorrect", 500);
        }

        if (!simulator.TryGet(idOp, out var payment) || payment.Classic || simulator.CleanedAtNight(payment))
        {
            return Fault("FonctionnelleErreur", "P1", "IdOp incorrect", 500);
        }

        if (payment.Result is null)
        {
            return Fault("FonctionnelleErreur", "P5", "Résultat de la transaction non connu", 500);
        }

        var scenario = simulator.ScenarioOf(payment);
        var (day, hour) = TipiFormats.Text(payment.ResultAt!.Value);
        return Answer("recupererDetailPaiementSecurise", scenario.LowerCaseNames,
        [
            ("dattrans", day), ("exer", payment["exer"]), ("heurtrans", hour), ("idOp", payment.Key), ("mel", payment["mel"]), ("montant", payment["montant"]),
            ("numauto", payment.Authorisation ?? ""), ("numcli", payment["numcli"]), ("objet", payment["objet"]), ("refdet", payment["refdet"]),
            ("resultrans", scenario.ResultCode ?? payment.Result), ("saisie", scenario.ResultSaisie ?? payment["saisie"]),
        ]);
    }

    private static IResult Answer(string operation, bool lowerCase, IEnumerable<(string Name, string Value)> fields)
    {
        var document = new XElement(
            Envelope + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Envelope),
            new XElement(Envelope + "Body", new XElement(Service + (operation + "Response"), new XAttribute(XNamespace.Xmlns + "ns2", Service),
                new XElement("return", fields.Select(f => new XElement(lowerCase ? f.Name.ToLowerInvariant() : f.Name, f.Value))))));
        return Results.Content(document.ToString(SaveOptions.DisableFormatting), "text/xml", Encoding.UTF8, 200);
    }

    private static IResult Fault(string kind, string code, string label, int status)
    {
        var document = new XElement(
            Envelope + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Envelope),
            new XElement(Envelope + "Body", new XElement(Envelope + "Fault",
                new XElement("faultcode", "soap:Server"),
                new XElement("faultstring", label),
                new XElement("detail", new XElement(Service + kind, new XAttribute(XNamespace.Xmlns + "ns2", Service),
                    new XElement("code", code), new XElement("descriptif", label), new XElement("libelle", label), new XElement("severite", "2"))))));
        return Results.Content(document.ToString(SaveOptions.DisableFormatting), "text/xml", Encoding.UTF8, status);
    }

    // The payment page: the amount, the label, a button per result; the classic page registers the payment from its query.
    private static IResult Page(HttpContext context, TipiSimulator simulator, bool classic)
    {
        var query = context.Request.Query;
        string key;
        if (classic)
        {
            var request = query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            string Get(string name) => request.TryGetValue(name, out var value) ? value : "";
            if (!simulator.Options.ClientNumbers.Contains(Get("numcli")) || !Regex.IsMatch(Get("refdet"), "^[A-Za-z0-9]{6,30}$")
                || !long.TryParse(Get("montant"), NumberStyles.None, CultureInfo.InvariantCulture, out var cents) || cents < 100 || !Uri.TryCreate(Get("urlcl"), UriKind.Absolute, out _))
            {
                return Html("Paiement refusé", "<p>Les paramètres de la demande sont incorrects (numcli, refdet, montant ou urlcl).</p>", 400);
            }

            key = simulator.Register(Get("refdet"), request, classic: true).Key;
        }
        else
        {
            key = query["idop"].ToString();
        }

        if (!simulator.IsOpen(key, out var payment))
        {
            return Html("Paiement impossible", "<p>Cette page de paiement n'existe pas, a déjà servi ou a expiré (15 minutes).</p>", 410);
        }

        var amount = (long.Parse(payment["montant"], CultureInfo.InvariantCulture) / 100m).ToString("N2", CultureInfo.GetCultureInfo("fr-FR"));
        var buttons = string.Concat(new[] { ("P", "Payer par carte"), ("V", "Payer par prélèvement"), ("R", "Carte refusée"), ("Z", "Prélèvement refusé"), ("A", "Abandonner") }
            .Select(b => $"<button type=\"submit\" name=\"resultrans\" value=\"{b.Item1}\">{b.Item2} ({b.Item1})</button> "));
        var knobs = classic ? "" : """
            <p><label>Notification <select name="notif"><option value="once">une fois</option><option value="none">aucune</option><option value="twice">deux fois</option>
            <option value="after">après le retour</option><option value="late">en retard (5 s)</option><option value="lower">noms en minuscules</option></select></label></p>
            """;
        return Html(
            "Paiement sécurisé (simulateur TIPI/PayFiP)",
            $"""
            <p>Simulateur : aucune carte n'est demandée, aucun argent ne circule.</p>
            <dl><dt>Objet</dt><dd>{Encode(payment["objet"])}</dd><dt>Référence</dt><dd>{Encode(payment["refdet"])}</dd>
            <dt>Montant</dt><dd>{amount} €</dd><dt>Mode</dt><dd>{Encode(payment["saisie"])}</dd></dl>
            <form method="post"><input type="hidden" name="key" value="{Encode(key)}">{knobs}{buttons}</form>
            """,
            200);
    }

    private static async Task<IResult> PayWebService(HttpContext context, TipiSimulator simulator)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var key = form["key"].ToString();
        var notif = form["notif"].ToString();
        if (notif.Length > 0 && simulator.TryGet(key, out _))
        {
            simulator.ScenarioFor(key, notif switch
            {
                "none" => new SimulatorScenario { Notifications = 0 },
                "twice" => new SimulatorScenario { Notifications = 2 },
                "after" => new SimulatorScenario { NotifyAfterReturn = true },
                "late" => new SimulatorScenario { NotificationDelay = TimeSpan.FromSeconds(5) },
                "lower" => new SimulatorScenario { LowerCaseNames = true },
                _ => SimulatorScenario.Default,
            });
        }

        var back = await simulator.PayAsync(key, form["resultrans"].ToString(), context.RequestAborted).ConfigureAwait(false);
        return back is null ? Html("Paiement impossible", "<p>Cette page de paiement a déjà servi ou a expiré.</p>", 410) : Results.Redirect(back.AbsoluteUri);
    }

    private static async Task<IResult> PayClassic(HttpContext context, TipiSimulator simulator)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var back = simulator.PayClassic(form["key"].ToString(), form["resultrans"].ToString());
        return back is null ? Html("Paiement impossible", "<p>Cette page de paiement a déjà servi ou a expiré.</p>", 410) : Results.Redirect(back.AbsoluteUri);
    }

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Encoder.Encode(text);

    private static IResult Html(string title, string body, int status) =>
        Results.Content(
            $"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>{Encode(title)}</title></head>
            <body><main><h1>{Encode(title)}</h1>{body}</main></body></html>
            """,
            "text/html; charset=utf-8",
            Encoding.UTF8,
            status);
}
