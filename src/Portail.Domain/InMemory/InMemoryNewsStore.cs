using System.Collections.Concurrent;
using Portail.News;

namespace Portail.InMemory;

/// <summary>News items in memory, for tests, demos and quick starts. Thread-safe; nothing survives a restart.</summary>
public sealed class InMemoryNewsStore : INewsStore
{
    private readonly ConcurrentDictionary<(TenantId, Guid), NewsItem> _items = new();

    /// <inheritdoc />
    public ValueTask SaveAsync(TenantId tenant, NewsItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        Identifier.Check(tenant.Value, nameof(tenant));
        NewsItemCheck.ThrowIfMalformed(item);
        _items[(tenant, item.Id)] = item;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryRemove((tenant, id), out _));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NewsItem>> GetAllAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<NewsItem> list = _items.Where(p => p.Key.Item1 == tenant).Select(p => p.Value).OrderByNewest().ToList();
        return ValueTask.FromResult(list);
    }
}
