using NodaTime;
using Portail.Billing;
using Portail.Catalog;
using Portail.Families;
using Portail.Windows;

namespace Portail.Dossier;

/// <summary>
/// The booking gate of the family file (R-WIN-6, R-DOS-5), over the dossier store: once the tenant's
/// campaign deadline has passed (in its zone), a family may book only when every required fiche of its
/// file is validated. Before the deadline, or for a tenant without a campaign, the file does not gate
/// booking: the guides close bookings to the files "non validés dans les délais impartis".
/// </summary>
public sealed class DossierFileStatus : IFamilyFileStatus
{
    private readonly Catalogue _catalogue;
    private readonly DossierSettings _settings;
    private readonly IClock _clock;
    private readonly IDossierStore _store;
    private readonly IFamilyDirectory _families;

    /// <summary>Creates the gate over the store and the directory (the children whose fiches the file has).</summary>
    public DossierFileStatus(Catalogue catalogue, DossierSettings settings, IClock clock, IDossierStore store, IFamilyDirectory families)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _families = families ?? throw new ArgumentNullException(nameof(families));
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsValidatedAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = _catalogue[tenant];
        var rules = _settings[tenant];
        if (rules.Campaign is not { } campaign || _clock.GetCurrentInstant().InZone(t.Zone).Date <= campaign.Deadline)
        {
            return true;
        }

        var children = await _families.GetChildrenAsync(tenant, family, cancellationToken).ConfigureAwait(false);
        var stored = await _store.ListFichesAsync(tenant, family, cancellationToken).ConfigureAwait(false);
        return FileLayout.Summarise(t, rules, children, stored).IsValidated;
    }
}

/// <summary>
/// The family's pricing from its file (R-TAR-1, R-DOS-7): the quotient of the holder's fiche while it is
/// validated and the quotient is of the current calendar year (valid 1 January to 31 December, in the
/// tenant's zone); otherwise the rate of residents without a certificate. Each family account has its own
/// holder fiche, so separated parents are each charged on their own quotient (R-ACC-6).
/// </summary>
public sealed class DossierPricing : IFamilyPricing
{
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IDossierStore _store;

    /// <summary>Creates the pricing over the store.</summary>
    public DossierPricing(Catalogue catalogue, IClock clock, IDossierStore store)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <inheritdoc />
    public async ValueTask<PricingProfile> ProfileAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var holder = await _store.GetFicheAsync(tenant, family, new FicheKey(FicheKind.Holder), cancellationToken).ConfigureAwait(false);
        var year = _clock.GetCurrentInstant().InZone(_catalogue[tenant].Zone).Year;
        return holder is { State: FicheState.Validated, Content: GuardianFiche { Quotient: { } quotient and >= 0, QuotientYear: { } valid } } && valid == year
            ? PricingProfile.WithQuotient(quotient)
            : PricingProfile.ResidentWithoutCertificate;
    }
}
