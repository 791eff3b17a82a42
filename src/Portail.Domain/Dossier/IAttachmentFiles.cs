using Portail.Catalog;

namespace Portail.Dossier;

/// <summary>
/// Where the content of attached files lives (R-DOS-6): outside the database, which keeps only
/// their metadata (name, type, size, which fiche and document). A file is written once under a new
/// id and never changed; deleting it is the only other change.
/// </summary>
public interface IAttachmentFiles
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="id"/>, whole or not at all (a reader
    /// never sees half a file); writing the same id again with the same content is harmless.
    /// </summary>
    ValueTask SaveAsync(TenantId tenant, Guid id, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The content stored under <paramref name="id"/>, or <see langword="null"/> when there is none.</summary>
    ValueTask<byte[]?> ReadAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes the content stored under <paramref name="id"/>; nothing happens when there is none.</summary>
    ValueTask DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default);
}
