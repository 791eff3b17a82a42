using System.Diagnostics;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// The probe program (tests/Portail.Adapters.Sqlite.Probe), run as a child process with the same
/// <c>dotnet</c> as the tests. The test project builds it (a project reference without its assembly);
/// <c>PORTAIL_SQLITE_PROBE</c> may name the dll when the build output lives elsewhere.
/// </summary>
internal static class Probe
{
    private const string Name = "Portail.Adapters.Sqlite.Probe";

    private static readonly Lazy<string> Dll = new(Locate);

    /// <summary>Starts the probe with its standard output and error redirected.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
    }

    /// <summary>Runs the probe to its end; answers its standard output, failing with its error output when it fails.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{Name} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        return await output;
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    // Next to the tests' own output: …/tests/Portail.Adapters.Sqlite.Tests/bin/<Configuration>/<tfm>/ → …/tests/Portail.Adapters.Sqlite.Probe/bin/<Configuration>/<tfm>/.
    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("PORTAIL_SQLITE_PROBE") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"PORTAIL_SQLITE_PROBE names {configured}, which does not exist.");
        }

        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent?.Name ?? "Debug";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            foreach (var project in new[] { Path.Combine(dir.FullName, Name), Path.Combine(dir.FullName, "tests", Name) })
            {
                var bin = Path.Combine(project, "bin");
                if (!Directory.Exists(bin))
                {
                    continue;
                }

                var expected = Path.Combine(bin, configuration, framework, Name + ".dll");
                if (File.Exists(expected))
                {
                    return expected;
                }

                var any = Directory.EnumerateFiles(bin, Name + ".dll", SearchOption.AllDirectories)
                    .Where(f => File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
                if (any is not null)
                {
                    return any;
                }
            }
        }

        throw new FileNotFoundException($"{Name}.dll was not found near {output.FullName}: build tests/{Name}, or set PORTAIL_SQLITE_PROBE to its dll.");
    }
}
