using System.Collections.Concurrent;
using Portail.Booking;

namespace Portail.InMemory;

/// <summary>Baskets in memory, for tests, demos and quick starts. Thread-safe; nothing survives a restart.</summary>
public sealed class InMemoryBasketStore : IBasketStore
{
    private readonly ConcurrentDictionary<(TenantId, FamilyId), Basket> _baskets = new();

    /// <inheritdoc />
    public ValueTask<Basket> GetAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_baskets.GetValueOrDefault((tenant, family), Basket.Empty));

    /// <inheritdoc />
    public ValueTask SaveAsync(TenantId tenant, FamilyId family, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basket);
        if (basket.Count == 0)
        {
            _baskets.TryRemove((tenant, family), out _);
        }
        else
        {
            _baskets[(tenant, family)] = basket;
        }

        return ValueTask.CompletedTask;
    }
}
