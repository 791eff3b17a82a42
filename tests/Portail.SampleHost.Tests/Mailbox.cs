using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>The portal's pickup folder, where the background dispatcher (polling every few seconds) writes each mail as an .eml file.</summary>
internal static class Mailbox
{
    /// <summary>The .eml files of <paramref name="folder"/>, oldest first, once there are at least <paramref name="count"/>; fails after 30 seconds.</summary>
    public static async Task<IReadOnlyList<string>> WaitAsync(string folder, int count)
    {
        for (var i = 0; i < 300; i++)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
            if (files.Length >= count)
            {
                return [.. files.OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)];
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Fewer than {count} mails were written to {folder} within 30 seconds.");
        return [];
    }
}
