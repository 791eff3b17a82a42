namespace Portail.Booking;

/// <summary>
/// Where a family's pending requests wait between clicks (R-BSK-1): a draft, never a booking. One
/// basket per family and tenant; saving replaces it.
/// </summary>
public interface IBasketStore
{
    /// <summary>The family's basket, or <see cref="Basket.Empty"/>.</summary>
    ValueTask<Basket> GetAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>Replaces the family's basket (an empty basket clears it).</summary>
    ValueTask SaveAsync(TenantId tenant, FamilyId family, Basket basket, CancellationToken cancellationToken = default);
}
