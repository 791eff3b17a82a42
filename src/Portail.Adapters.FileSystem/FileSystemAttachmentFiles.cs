using Portail.Dossier;

namespace Portail.Adapters.FileSystem;

/// <summary>
/// <see cref="IAttachmentFiles"/> on a folder (R-DOS-6): <c>root/&lt;tenant&gt;/&lt;first two hex digits of the id&gt;/&lt;id&gt;</c>.
/// A file is written to a temporary file of the same folder, flushed to the disk, then given its
/// name in one step that never replaces a file (<see cref="Disk.TryPublish"/>), so that a reader
/// finds the whole file or none. Files are <c>rw-------</c> and folders <c>rwx------</c> on Unix:
/// they are children's documents.
/// </summary>
/// <param name="root">The absolute path of the root folder, checked at start-up.</param>
internal sealed class FileSystemAttachmentFiles(string root) : IAttachmentFiles
{
    private const int MaxTenantLength = 100;

    private static readonly string[] WindowsDeviceNames =
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    public async ValueTask SaveAsync(TenantId tenant, Guid id, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var target = PathOf(tenant, id);
        cancellationToken.ThrowIfCancellationRequested();
        var folder = Path.GetDirectoryName(target)!;
        Disk.CreateFolder(Path.GetDirectoryName(folder)!);
        Disk.CreateFolder(folder);
        var temporary = Path.Combine(folder, $".{id:D}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = Disk.CreateFile(temporary);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            while (!Disk.TryPublish(temporary, target))
            {
                // Written before, or by a concurrent writer of the same id: harmless when the content is the same.
                var stored = await ReadAsync(tenant, id, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    continue; // deleted in between: publish again
                }

                if (!content.Span.SequenceEqual(stored))
                {
                    throw new InvalidOperationException(
                        $"An attached file {id} of tenant '{tenant.Value}' is already stored with other content: a file is written once under a new id and never changed.");
                }

                break;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async ValueTask<byte[]?> ReadAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, id);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read | FileShare.Delete, BufferSize = 0 });
            await using (stream.ConfigureAwait(false))
            {
                // A stored file never changes, so its length is its content's.
                var content = new byte[stream.Length];
                await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                return content;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public ValueTask DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, id);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored for this tenant or shard: nothing to delete.
        }

        return ValueTask.CompletedTask;
    }

    private string PathOf(TenantId tenant, Guid id)
    {
        if (!IsSafeFolderName(tenant.Value))
        {
            throw new ArgumentException(
                $"The tenant id '{tenant.Value}' cannot name a folder of attached files: use at most {MaxTenantLength} ASCII letters, digits, '-', '_' and '.' (not first or last).",
                nameof(tenant));
        }

        var name = id.ToString("D");
        return Path.Combine(root, tenant.Value, name[..2], name);
    }

    // A whitelist, so that no id climbs out of the root ("..", separators, a drive, a device name) or hides.
    private static bool IsSafeFolderName(string? value) =>
        value is { Length: > 0 and <= MaxTenantLength }
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && value[0] != '.'
        && value[^1] != '.'
        && !WindowsDeviceNames.Contains(value.Split('.')[0], StringComparer.OrdinalIgnoreCase);
}
