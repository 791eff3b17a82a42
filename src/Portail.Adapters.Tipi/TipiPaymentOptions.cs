namespace Portail.Adapters.Tipi;

/// <summary>Which of the platform's protocols Portail uses.</summary>
public enum TipiProtocol
{
    /// <summary>PayFiP Régie web service (SOAP): every result is asked of the platform, so nothing the browser brings can be forged. The advice.</summary>
    WebService,

    /// <summary>Classic TIPI redirect: unsigned; the return is checked against the attempt (amount, client number, reference, per-attempt token).</summary>
    Classic,
}

/// <summary>The platform's mode, sent as <c>saisie</c>; a result in another mode is refused.</summary>
public enum TipiMode
{
    /// <summary>The test platform (<c>saisie</c> T): no money moves; the results are marked as test.</summary>
    Test,

    /// <summary>The real platform before go-live (<c>saisie</c> X).</summary>
    Activation,

    /// <summary>Production (<c>saisie</c> W).</summary>
    Production,
}

/// <summary>How Portail talks to TIPI/PayFiP; checked at start-up, each faulty setting named.</summary>
public sealed class TipiPaymentOptions
{
    /// <summary>The régie's client number at the treasury (<c>numcli</c>, 6 digits): every tenant's, unless <see cref="ClientNumbers"/> names its own.</summary>
    public string ClientNumber { get; set; } = "";

    /// <summary>Each municipality's own client number, by tenant id (every municipality is a régie of its own); a tenant not listed uses <see cref="ClientNumber"/>.</summary>
    public Dictionary<string, string> ClientNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>The platform's mode.</summary>
    /// <value><see cref="TipiMode.Test"/>.</value>
    public TipiMode Mode { get; set; } = TipiMode.Test;

    /// <summary>Which protocol.</summary>
    /// <value><see cref="TipiProtocol.WebService"/>.</value>
    public TipiProtocol Protocol { get; set; } = TipiProtocol.WebService;

    /// <summary>The web service's endpoint.</summary>
    /// <value><c>https://www.payfip.gouv.fr/tpa/services/securite</c>.</value>
    public Uri WebServiceUrl { get; set; } = new("https://www.payfip.gouv.fr/tpa/services/securite");

    /// <summary>The web service's payment page; <c>?idop=</c> is added.</summary>
    /// <value><c>https://www.payfip.gouv.fr/tpa/paiementws.web</c>.</value>
    public Uri PaymentPageUrl { get; set; } = new("https://www.payfip.gouv.fr/tpa/paiementws.web");

    /// <summary>The classic protocol's page.</summary>
    /// <value><c>https://www.payfip.gouv.fr/tpa/paiement.web</c>.</value>
    public Uri ClassicUrl { get; set; } = new("https://www.payfip.gouv.fr/tpa/paiement.web");

    /// <summary>The portal's notification endpoint the platform calls (<c>urlnotif</c>), absolute; <c>{tenant}</c> stands for the tenant's id.</summary>
    public Uri? NotificationUrl { get; set; }

    /// <summary>The portal's return page the browser comes back to (<c>urlredirect</c>, <c>urlcl</c>), absolute; <c>{tenant}</c> stands for the tenant's id.</summary>
    public Uri? ReturnUrl { get; set; }

    /// <summary>The classic protocol's <c>saisie</c> when the sources' disagreement matters (T test; X, A or M for production, depending on the source); empty: T, X, W by <see cref="Mode"/>.</summary>
    public string? ClassicSaisie { get; set; }

    /// <summary>How long one call to the web service may take.</summary>
    /// <value>20 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the payment page of an idOp stays open.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan PageLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a "result not known yet" (P5) keeps an attempt pending before it expires.</summary>
    /// <value>20 minutes.</value>
    public TimeSpan ResultWait { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long an abandoned (A) attempt stays provisional before it is cancelled.</summary>
    /// <value>20 minutes.</value>
    public TimeSpan AbandonedGrace { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The largest total, in euros (9,999.99 for classic titres, 100,000 for the web service, by the sources).</summary>
    /// <value>100,000.</value>
    public decimal MaxTotal { get; set; } = 100_000m;
}
