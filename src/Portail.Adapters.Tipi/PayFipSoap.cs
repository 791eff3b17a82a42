using System.Xml;
using System.Xml.Linq;

namespace Portail.Adapters.Tipi;

/// <summary>A fault of the platform, typed by its SOAP detail element.</summary>
internal enum PayFipFaultKind
{
    /// <summary><c>FonctionnelleErreur</c>: the request was refused (P1, P5, R3, A2…).</summary>
    Functional,

    /// <summary><c>TechDysfonctionnementErreur</c>.</summary>
    Malfunction,

    /// <summary><c>TechIndisponibiliteErreur</c>.</summary>
    Unavailable,

    /// <summary><c>TechProtocolaireErreur</c>.</summary>
    Protocol,

    /// <summary>No answer that could be read: HTTP error, timeout, malformed XML.</summary>
    Transport,
}

/// <summary>A decoded fault.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Code">The platform's code (P1, P5…), or the transport's (http-500, timeout, malformed).</param>
/// <param name="Label">The platform's <c>libelle</c>, or what went wrong.</param>
/// <param name="Severity">The platform's <c>severite</c>, when given.</param>
internal sealed record PayFipFault(PayFipFaultKind Kind, string Code, string Label, string? Severity)
{
    public bool Technical => Kind != PayFipFaultKind.Functional;
}

/// <summary>
/// The PayFiP web service's XML, built from the documented element names (never a WSDL: its schemas
/// cannot be fetched) and read leniently: elements are found by local name, case-insensitively, in
/// any namespace, so <c>idop</c> and <c>idOp</c> both read.
/// </summary>
internal static class PayFipSoap
{
    public static readonly XNamespace Envelope = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Service = "http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService";

    /// <summary>The order of <c>creerPaiementSecurise</c>'s arguments, as documented.</summary>
    public static readonly string[] CreateArguments = ["exer", "mel", "montant", "numcli", "objet", "refdet", "saisie", "urlnotif", "urlredirect"];

    private static readonly Dictionary<string, PayFipFaultKind> FaultKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FonctionnelleErreur"] = PayFipFaultKind.Functional,
        ["TechDysfonctionnementErreur"] = PayFipFaultKind.Malfunction,
        ["TechIndisponibiliteErreur"] = PayFipFaultKind.Unavailable,
        ["TechProtocolaireErreur"] = PayFipFaultKind.Protocol,
    };

    /// <summary>A request: the operation with its arguments, in order, in <c>&lt;arg0&gt;</c>.</summary>
    public static string Request(string operation, IEnumerable<(string Name, string Value)> arguments)
    {
        var document = new XDocument(
            new XElement(
                Envelope + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soapenv", Envelope),
                new XAttribute(XNamespace.Xmlns + "pai", Service),
                new XElement(Envelope + "Header"),
                new XElement(Envelope + "Body", new XElement(Service + operation, new XElement("arg0", arguments.Select(a => new XElement(a.Name, a.Value)))))));
        return document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Reads an answer: the fields of its <c>&lt;return&gt;</c> by lower-case local name, or its fault.</summary>
    public static (Dictionary<string, string>? Fields, PayFipFault? Fault) Read(string body)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(body);
        }
        catch (XmlException e)
        {
            return (null, new PayFipFault(PayFipFaultKind.Transport, "malformed", $"The platform's answer is not XML: {e.Message}", null));
        }

        var bodyElement = document.Descendants().FirstOrDefault(e => Is(e, "Body"));
        if (bodyElement is null)
        {
            return (null, new PayFipFault(PayFipFaultKind.Transport, "malformed", "The platform's answer has no SOAP Body.", null));
        }

        if (bodyElement.Descendants().FirstOrDefault(e => Is(e, "Fault")) is { } fault)
        {
            var detail = fault.Descendants().FirstOrDefault(e => FaultKinds.ContainsKey(e.Name.LocalName));
            if (detail is null)
            {
                return (null, new PayFipFault(PayFipFaultKind.Transport, "soap-fault", Child(fault, "faultstring") ?? "SOAP fault without detail", null));
            }

            return (null, new PayFipFault(FaultKinds[detail.Name.LocalName], Child(detail, "code") ?? "?", Child(detail, "libelle") ?? Child(fault, "faultstring") ?? "", Child(detail, "severite")));
        }

        var result = bodyElement.Descendants().FirstOrDefault(e => Is(e, "return"));
        if (result is null)
        {
            return (null, new PayFipFault(PayFipFaultKind.Transport, "malformed", "The platform's answer has no <return>.", null));
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in result.Elements())
        {
            fields.TryAdd(element.Name.LocalName, element.Value.Trim());
        }

        return (fields, null);
    }

    private static bool Is(XElement element, string name) => string.Equals(element.Name.LocalName, name, StringComparison.OrdinalIgnoreCase);

    private static string? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => Is(e, name))?.Value.Trim();
}
