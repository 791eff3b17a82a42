using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Portail.Adapters.FileSystem;

/// <summary>
/// How the adapter and its start-up check touch the disk: folders <c>rwx------</c> and files
/// <c>rw-------</c> on Unix, and a file published under its name in one step that never replaces another.
/// </summary>
internal static partial class Disk
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const int FileExists = 17; // EEXIST, on Linux and macOS alike

    /// <summary><paramref name="root"/> made absolute against the host's content root (the current folder without a host).</summary>
    public static string FullRoot(string root, IServiceProvider services) =>
        Path.GetFullPath(root, services.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory());

    /// <summary>Creates the folder <paramref name="path"/>, <c>rwx------</c> on Unix; missing parents get the process's default mode.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
        }
    }

    /// <summary>Opens a new file for writing, failing if it exists; <c>rw-------</c> on Unix.</summary>
    public static FileStream CreateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return new FileStream(path, options);
    }

    /// <summary>
    /// Gives the complete file <paramref name="temporary"/> the name <paramref name="target"/> of the
    /// same folder in one step, or returns <see langword="false"/> when <paramref name="target"/>
    /// exists: never replaces it. The caller deletes <paramref name="temporary"/> afterwards (a no-op
    /// where it was moved).
    /// </summary>
    /// <remarks>
    /// On Unix, <see cref="File.Move(string, string, bool)"/> without overwrite checks that the target
    /// is missing and then renames, so two writers of one name may both succeed, the second replacing
    /// the first. A hard link (<c>link(2)</c>) fails with <c>EEXIST</c> instead, atomically, and
    /// readers see the name appear with the whole content. On Windows, <c>MoveFileEx</c> without
    /// <c>MOVEFILE_REPLACE_EXISTING</c> already refuses an existing target.
    /// </remarks>
    public static bool TryPublish(string temporary, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(temporary, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }

        if (Link(temporary, target) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == FileExists
            ? false
            : throw new IOException($"{target} could not be linked to its temporary file ({Marshal.GetPInvokeErrorMessage(error)}): the folder of attached files must be on a file system with hard links.");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
