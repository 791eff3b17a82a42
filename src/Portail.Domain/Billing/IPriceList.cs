using NodaTime;
using Portail.Catalog;

namespace Portail.Billing;

/// <summary>The price of one booking (R-TAR-1): the billing issue replaces the fixed price with tariffs by quotient.</summary>
public interface IPriceList
{
    /// <summary>The price in euros, two decimals, of booking <paramref name="activity"/> on <paramref name="date"/> for <paramref name="family"/>.</summary>
    decimal PriceOf(Tenant tenant, FamilyId family, Activity activity, LocalDate date);
}

/// <summary>The fixed price each activity's configuration sets (<c>Activities:N:Price</c>); the default until tariffs by quotient.</summary>
public sealed class FixedActivityPrices : IPriceList
{
    /// <inheritdoc />
    public decimal PriceOf(Tenant tenant, FamilyId family, Activity activity, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Price;
    }
}
