using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using OneOf;
using Portail.Payments;

namespace Portail.Adapters.Tipi;

/// <summary>
/// The platform behind the core's <see cref="IPaymentGateway"/>: the PayFiP web service (the
/// platform is asked for every result; what a callback carries is only the idOp to ask about) or the
/// classic TIPI redirect (the browser's return checked against the attempt). Money crosses as integer
/// cents, <c>objet</c> is normalised, dates are read in Europe/Paris.
/// </summary>
internal sealed class TipiGateway : IPaymentGateway
{
    private readonly TipiPaymentOptions _options;
    private readonly HttpClient _http;

    public TipiGateway(TipiPaymentOptions options, HttpClient http)
    {
        _options = options;
        _http = http;
        Timings = new PaymentTimings(Duration.FromTimeSpan(options.PageLifetime), Duration.FromTimeSpan(options.ResultWait), Duration.FromTimeSpan(options.AbandonedGrace), options.MaxTotal);
    }

    public PaymentTimings Timings { get; }

    private string Saisie => _options.Protocol == TipiProtocol.Classic && !string.IsNullOrEmpty(_options.ClassicSaisie) ? _options.ClassicSaisie : TipiFormats.Saisie(_options.Mode);

    public async Task<OneOf<PaymentStart, PlatformFault>> StartAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var attempt = order.Attempt;
        if (string.IsNullOrEmpty(ClientNumberOf(attempt)))
        {
            return new PlatformFault("numcli", $"No client number for tenant '{attempt.Tenant}': set TipiPaymentOptions.ClientNumbers:{attempt.Tenant} or ClientNumber.", false);
        }

        if (_options.Protocol == TipiProtocol.Classic)
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var back = WithQuery(Url(_options.ReturnUrl!, attempt), "token", token);
            var query = string.Join('&', new (string, string)[]
            {
                ("numcli", ClientNumberOf(attempt)), ("exer", order.Year.ToString(CultureInfo.InvariantCulture)), ("refdet", attempt.Reference), ("objet", TipiFormats.Objet(order.Label)),
                ("montant", TipiFormats.Cents(attempt.Total).ToString(CultureInfo.InvariantCulture)), ("mel", attempt.Email), ("urlcl", back.AbsoluteUri), ("saisie", Saisie),
            }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
            return new PaymentStart(token, new Uri($"{_options.ClassicUrl.AbsoluteUri}?{query}"));
        }

        var request = PayFipSoap.Request("creerPaiementSecurise", [
            ("exer", order.Year.ToString(CultureInfo.InvariantCulture)),
            ("mel", attempt.Email),
            ("montant", TipiFormats.Cents(attempt.Total).ToString(CultureInfo.InvariantCulture)),
            ("numcli", ClientNumberOf(attempt)),
            ("objet", TipiFormats.Objet(order.Label)),
            ("refdet", attempt.Reference),
            ("saisie", Saisie),
            ("urlnotif", Url(_options.NotificationUrl!, attempt).AbsoluteUri),
            ("urlredirect", Url(_options.ReturnUrl!, attempt).AbsoluteUri),
        ]);
        var (fields, fault) = await CallAsync(request, cancellationToken).ConfigureAwait(false);
        if (fault is not null)
        {
            return new PlatformFault(fault.Code, fault.Label, fault.Technical);
        }

        var idOp = fields!.GetValueOrDefault("idOp");
        if (string.IsNullOrWhiteSpace(idOp) || idOp.Length > 100)
        {
            return new PlatformFault("malformed", "The platform answered without an idOp.", true);
        }

        return new PaymentStart(idOp, WithQuery(_options.PaymentPageUrl, "idop", idOp));
    }

    public string? ProviderReferenceOf(IReadOnlyDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var name = _options.Protocol == TipiProtocol.Classic ? "token" : "idop";
        return parameters.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.Trim();
    }

    public async Task<PlatformAnswer> LookUpAsync(PaymentAttempt attempt, IReadOnlyDictionary<string, string?>? returned, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (_options.Protocol == TipiProtocol.Classic)
        {
            return returned is null ? new ResultNotYetKnown() : ReadClassicReturn(attempt, returned);
        }

        var (fields, fault) = await CallAsync(PayFipSoap.Request("recupererDetailPaiementSecurise", [("idOp", attempt.ProviderReference!)]), cancellationToken).ConfigureAwait(false);
        if (fault is not null)
        {
            return fault switch
            {
                { Kind: PayFipFaultKind.Functional, Code: "P1" } => new UnknownAtPlatform($"P1 {fault.Label}"),
                { Kind: PayFipFaultKind.Functional, Code: "P5" } => new ResultNotYetKnown(),
                _ => new PlatformFault(fault.Code, fault.Label, fault.Technical),
            };
        }

        return Result(fields!, attempt, "recupererDetailPaiementSecurise");
    }

    // The checks common to both protocols: numcli, saisie, amount, date, code.
    private PlatformAnswer Result(Dictionary<string, string> fields, PaymentAttempt attempt, string source)
    {
        var numcli = fields.GetValueOrDefault("numcli");
        if (numcli != ClientNumberOf(attempt))
        {
            return new RejectedAnswer($"{source}: numcli '{numcli}' is not this régie's");
        }

        var saisie = fields.GetValueOrDefault("saisie")?.ToUpperInvariant();
        var isTest = saisie == "T";
        if (_options.Mode != TipiMode.Test && saisie != Saisie)
        {
            return new RejectedAnswer($"{source}: a result in mode '{saisie}' reached an adapter in {_options.Mode} mode ('{Saisie}')");
        }

        if (TipiFormats.Euros(fields.GetValueOrDefault("montant")) is not { } amount)
        {
            return new RejectedAnswer($"{source}: montant '{fields.GetValueOrDefault("montant")}' is not a number of cents");
        }

        var code = fields.GetValueOrDefault("resultrans")?.ToUpperInvariant();
        PlatformOutcome? outcome = code switch
        {
            "P" or "V" => PlatformOutcome.Paid,
            "R" or "Z" => PlatformOutcome.Refused,
            "A" => PlatformOutcome.Abandoned,
            _ => null,
        };
        if (outcome is null)
        {
            return new PlatformFault($"resultrans-{code}", $"Unknown result code '{code}': nothing changes until the platform gives a known one.", false);
        }

        var at = TipiFormats.Instant(fields.GetValueOrDefault("dattrans"), fields.GetValueOrDefault("heurtrans"));
        if (at is null && outcome == PlatformOutcome.Paid)
        {
            return new RejectedAnswer($"{source}: dattrans/heurtrans '{fields.GetValueOrDefault("dattrans")}' '{fields.GetValueOrDefault("heurtrans")}' cannot be read");
        }

        var numauto = fields.GetValueOrDefault("numauto");
        return new PlatformResult(outcome.Value, code!, fields.GetValueOrDefault("refdet") ?? "", amount, string.IsNullOrWhiteSpace(numauto) ? null : numauto, at ?? attempt.CreatedAt, isTest);
    }

    // Classic: nothing is signed; the token found the attempt, the rest must match it.
    private PlatformAnswer ReadClassicReturn(PaymentAttempt attempt, IReadOnlyDictionary<string, string?> returned)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in returned)
        {
            fields.TryAdd(key, value ?? "");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fields.GetValueOrDefault("token") ?? ""), Encoding.ASCII.GetBytes(attempt.ProviderReference ?? "-")))
        {
            return new RejectedAnswer("classic return: the token does not match the attempt");
        }

        if (fields.GetValueOrDefault("refdet") != attempt.Reference)
        {
            return new RejectedAnswer($"classic return: refdet '{fields.GetValueOrDefault("refdet")}' is not the attempt's ({attempt.Reference})");
        }

        if (TipiFormats.Euros(fields.GetValueOrDefault("montant")) != attempt.Total)
        {
            return new RejectedAnswer($"classic return: montant '{fields.GetValueOrDefault("montant")}' is not the attempt's {TipiFormats.Cents(attempt.Total)} cents");
        }

        return Result(fields, attempt, "classic return");
    }

    private async Task<(Dictionary<string, string>? Fields, PayFipFault? Fault)> CallAsync(string request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var content = new StringContent(request, Encoding.UTF8, "text/xml");
            content.Headers.Add("SOAPAction", "\"\"");
            using var response = await _http.PostAsync(_options.WebServiceUrl, content, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var (fields, fault) = PayFipSoap.Read(body);
            if (!response.IsSuccessStatusCode && fault is null or { Kind: PayFipFaultKind.Transport })
            {
                return (null, new PayFipFault(PayFipFaultKind.Transport, $"http-{(int)response.StatusCode}", $"The platform answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", null));
            }

            return (fields, fault);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new PayFipFault(PayFipFaultKind.Transport, "timeout", $"The platform did not answer within {_options.Timeout.TotalSeconds:0} seconds.", null));
        }
        catch (HttpRequestException e)
        {
            return (null, new PayFipFault(PayFipFaultKind.Transport, "unreachable", e.Message, null));
        }
    }

    // Each municipality is a régie of its own at the treasury.
    private string ClientNumberOf(PaymentAttempt attempt) =>
        _options.ClientNumbers.TryGetValue(attempt.Tenant.Value, out var own) ? own : _options.ClientNumber;

    private static Uri Url(Uri template, PaymentAttempt attempt) =>
        new(template.OriginalString.Replace("{tenant}", Uri.EscapeDataString(attempt.Tenant.Value), StringComparison.Ordinal)
            .Replace("%7Btenant%7D", Uri.EscapeDataString(attempt.Tenant.Value), StringComparison.OrdinalIgnoreCase));

    private static Uri WithQuery(Uri url, string name, string value) =>
        new($"{url.AbsoluteUri}{(string.IsNullOrEmpty(url.Query) ? "?" : "&")}{name}={Uri.EscapeDataString(value)}");
}
