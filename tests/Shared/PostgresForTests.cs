using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portail.Tests.Shared;

/// <summary>
/// The PostgreSQL server of the tests, shared by the test projects that need one (this file is linked
/// into each of them): the connection string in <c>PORTAIL_TEST_POSTGRES</c> when it is set;
/// otherwise the server <c>build/postgres-for-tests.sh</c> provides (found by walking up to
/// <c>Portail.sln</c>), which installs Debian's PostgreSQL when it is missing and starts a test cluster,
/// and does nothing but check when it is running. So a plain <c>dotnet test</c> runs the PostgreSQL
/// tests on a fresh machine. Only when the script cannot run (no checkout above the tests, neither
/// root nor password-less sudo, apt failing…) are they skipped, with <see cref="SkipReason"/> saying
/// why — except under CI (<c>CI=true</c>), where they run and fail with <see cref="Require"/>'s message.
/// </summary>
internal static partial class PostgresForTests
{
    public const string Variable = "PORTAIL_TEST_POSTGRES";

    private const string Script = "build/postgres-for-tests.sh";

    /// <summary>How long the script may take: installing PostgreSQL from Debian's packages included.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private static readonly Lazy<(string? ConnectionString, string? Problem)> Server = new(Find);

    /// <summary>The connection string of the test database, or <see langword="null"/> when there is no server.</summary>
    public static string? ConnectionString => Server.Value.ConnectionString;

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the PostgreSQL tests are skipped, or <see langword="null"/> when they run.</summary>
    public static string? SkipReason => ConnectionString is null && !UnderCi
        ? $"NOT RUN: no PostgreSQL server for the tests ({Server.Value.Problem}). Start one and run them with: eval \"$(bash {Script})\" && dotnet test"
        : null;

    public static string Require() => ConnectionString ?? throw new InvalidOperationException(
        $"No PostgreSQL server for the tests while CI=true ({Server.Value.Problem}): under CI the PostgreSQL tests must run, never be skipped. "
        + $".ci/run starts a server and sets {Variable} with: eval \"$(bash {Script})\"");

    private static (string? ConnectionString, string? Problem) Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set)
        {
            return (set, null);
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portail.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            return (null, $"{Variable} is not set and no Portail.sln is above {AppContext.BaseDirectory} to run {Script} from");
        }

        if (!Environment.IsPrivilegedProcess && Run(root.FullName, "sudo", "-n", "true").ExitCode != 0)
        {
            return (null, $"{Variable} is not set, and {Script} needs root or password-less sudo to install and start the server");
        }

        var (exitCode, output, errors) = Run(root.FullName, "bash", Script);
        var export = ExportLine().Match(output);
        return exitCode == 0 && export.Success
            ? (export.Groups["value"].Value, null)
            : (null, $"{Variable} is not set and {Script} failed (exit code {exitCode}): {LastLines(errors)}");
    }

    /// <summary>Runs a command in <paramref name="folder"/> with no input; what it printed on each stream.</summary>
    private static (int ExitCode, string Output, string Errors) Run(string folder, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ScriptTimeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", $"{command} did not finish within {ScriptTimeout.TotalMinutes} minutes");
            }

            return (process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{command} could not be started: {e.Message}");
        }
    }

    private static string LastLines(string text) =>
        string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5)) is { Length: > 0 } lines ? lines : "it printed nothing";

    [GeneratedRegex("^export PORTAIL_TEST_POSTGRES=\"(?<value>[^\"]+)\"$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ExportLine();
}
