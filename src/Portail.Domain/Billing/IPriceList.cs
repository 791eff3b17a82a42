using NodaTime;
using Portail.Catalog;

namespace Portail.Billing;

/// <summary>The unit price of one booking (R-TAR-1, R-TAR-2).</summary>
public interface IPriceList
{
    /// <summary>The unit price in euros, two decimals, of <paramref name="activity"/> on <paramref name="date"/> for a family of <paramref name="profile"/>; time-entry activities multiply it by their units.</summary>
    decimal PriceOf(Tenant tenant, PricingProfile profile, Activity activity, LocalDate date);
}

/// <summary>
/// The municipality's configured prices: the activity's <see cref="Activity.Tariff"/> (revisions,
/// quotient brackets, flat rates) when it has one, otherwise its single price (<c>Activities:N:Price</c>).
/// </summary>
public sealed class ConfiguredPrices : IPriceList
{
    /// <inheritdoc />
    public decimal PriceOf(Tenant tenant, PricingProfile profile, Activity activity, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Tariff?.PriceOn(date, profile) ?? activity.Price;
    }
}

/// <summary>Where a family's pricing profile comes from: its quotient certificate, its residence (R-TAR-1, R-ACC-6).</summary>
public interface IFamilyPricing
{
    /// <summary>The profile the family is charged on.</summary>
    ValueTask<PricingProfile> ProfileAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);
}

/// <summary>
/// The honest default until the accounts record quotients: no certificate is on file for anyone,
/// so every family pays the rate of residents without a certificate (R-TAR-1).
/// </summary>
public sealed class NoQuotientOnFile : IFamilyPricing
{
    /// <inheritdoc />
    public ValueTask<PricingProfile> ProfileAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(PricingProfile.ResidentWithoutCertificate);
}
