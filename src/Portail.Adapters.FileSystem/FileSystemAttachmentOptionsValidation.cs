using Microsoft.Extensions.Options;

namespace Portail.Adapters.FileSystem;

/// <summary>
/// Checks <see cref="FileSystemAttachmentOptions"/> when the host starts: the root is set, can be
/// created, and takes a file (a probe written, flushed, published under a second name and deleted). Every message names
/// <paramref name="setting"/>.
/// </summary>
/// <param name="setting">How the message names the root: <c>Portail:Attachments:Root</c>, or <c>FileSystemAttachmentOptions.Root</c> when set in code.</param>
/// <param name="services">Where the host's content root is found.</param>
internal sealed class FileSystemAttachmentOptionsValidation(string setting, IServiceProvider services) : IValidateOptions<FileSystemAttachmentOptions>
{
    public ValidateOptionsResult Validate(string? name, FileSystemAttachmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = Problem(options.Root);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    private string? Problem(string? root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            return $"{setting} is empty: set the folder where attached files are kept, e.g. \"App_Data/pieces-jointes\" (a relative path is under the content root).";
        }

        string folder;
        try
        {
            folder = Disk.FullRoot(root, services);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{setting} is '{root}', which is not a valid folder path ({e.Message.TrimEnd('.')}).";
        }

        try
        {
            Disk.CreateFolder(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{setting} is '{root}': the folder {folder} cannot be created ({e.Message.TrimEnd('.')}). Create it, or choose a folder the host's account may create.";
        }

        // The probe goes the way of an attached file: a new file, flushed, published under a second name, both deleted.
        var probe = Path.Combine(folder, $".portail-probe-{Guid.NewGuid():N}");
        var published = probe + ".published";
        try
        {
            using (var stream = Disk.CreateFile(probe))
            {
                stream.WriteByte(0);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                Disk.TryPublish(probe, published);
            }
            finally
            {
                File.Delete(probe);
                File.Delete(published);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{setting} is '{root}': no file can be written and published in {folder} ({e.Message.TrimEnd('.')}). Give the host's account write access to it, or choose another folder.";
        }
    }
}
