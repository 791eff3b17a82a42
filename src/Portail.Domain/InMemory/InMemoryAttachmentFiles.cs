using System.Collections.Concurrent;
using Portail.Dossier;

namespace Portail.InMemory;

/// <summary>The content of attached files in memory, for tests, demos and quick starts; nothing survives a restart.</summary>
public sealed class InMemoryAttachmentFiles : IAttachmentFiles
{
    private readonly ConcurrentDictionary<(TenantId, Guid), byte[]> _files = new();

    /// <summary>How many files are stored (for tests: a refused file stores nothing).</summary>
    public int Count => _files.Count;

    /// <inheritdoc />
    public ValueTask SaveAsync(TenantId tenant, Guid id, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        _files[(tenant, id)] = content.ToArray();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> ReadAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_files.TryGetValue((tenant, id), out var content) ? content.ToArray() : null);

    /// <inheritdoc />
    public ValueTask DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default)
    {
        _files.TryRemove((tenant, id), out _);
        return ValueTask.CompletedTask;
    }
}
