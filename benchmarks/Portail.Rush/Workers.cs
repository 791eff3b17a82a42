using System.Diagnostics;

namespace Portail.Rush;

/// <summary>
/// The rush from several host processes sharing one store (<c>--processes P</c>): worker i validates
/// the families whose index is i modulo P with its share of the K clients. Each worker composes
/// Portail on its own (its own pool, its own commit gate), warms up, says <c>ready</c>, waits for
/// <c>go</c> on its standard input, then prints a <see cref="ValidationRecord"/> line per validation
/// and <c>done</c>.
/// </summary>
internal static class Workers
{
    private const string Ready = "ready";
    private const string Go = "go";
    private const string Done = "done";

    /// <summary>The worker's side.</summary>
    public static async Task<int> WorkAsync(RushOptions options, string connection, Scenario scenario, int index)
    {
        var share = scenario.Families.Where(f => f.Index % options.Processes == index).ToList();
        var clients = Share(options, index);
        await using var store = RushStore.Open(options, connection, scenario);
        await Clients.WarmUpAsync(store.Bookings, share, clients).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(Ready).ConfigureAwait(false);
        if (await Console.In.ReadLineAsync().ConfigureAwait(false) != Go)
        {
            return 2;
        }

        await Clients.RunAsync(store.Bookings, share, clients, r => Console.Out.WriteLine(r.ToLine())).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(Done).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The parent's side: starts the workers, starts them together, gathers their records.</summary>
    public static async Task<IReadOnlyList<ValidationRecord>> RunAsync(RushOptions options, string connection, Action advance)
    {
        var (program, prefix) = Self();
        var processes = Enumerable.Range(0, options.Processes).Select(i =>
        {
            var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in prefix.Concat(options.WorkerArguments(i, connection)))
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start) ?? throw new InvalidOperationException($"Worker {i} did not start.");
        }).ToList();
        try
        {
            foreach (var (process, i) in processes.Select((p, i) => (p, i)))
            {
                var line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false);
                if (line != Ready)
                {
                    throw new InvalidOperationException($"Worker {i} did not get ready (it said '{line}'); its errors are above.");
                }
            }

            foreach (var process in processes)
            {
                await process.StandardInput.WriteLineAsync(Go).ConfigureAwait(false);
                await process.StandardInput.FlushAsync().ConfigureAwait(false);
            }

            var gathered = await Task.WhenAll(processes.Select((p, i) => GatherAsync(p, i, advance))).ConfigureAwait(false);
            return gathered.SelectMany(r => r).ToList();
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }
    }

    private static int Share(RushOptions options, int index) => (options.Clients / options.Processes) + (index < options.Clients % options.Processes ? 1 : 0);

    private static async Task<List<ValidationRecord>> GatherAsync(Process process, int index, Action advance)
    {
        var records = new List<ValidationRecord>();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) is not null and not Done)
        {
            records.Add(ValidationRecord.Parse(line));
            advance();
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        return line == Done && process.ExitCode == 0
            ? records
            : throw new InvalidOperationException($"Worker {index} stopped after {records.Count} validations with exit code {process.ExitCode}; its errors are above.");
    }

    // This program again, next to its assembly (also when a test host loaded it): its apphost, or `dotnet Portail.Rush.dll`.
    private static (string Program, string[] Prefix) Self()
    {
        var assembly = typeof(Workers).Assembly.Location;
        var apphost = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        return File.Exists(apphost) ? (apphost, []) : (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [assembly]);
    }
}
