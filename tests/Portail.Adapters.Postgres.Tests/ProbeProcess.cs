using System.Collections.Concurrent;
using System.Diagnostics;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// A running probe (tests/Portail.Adapters.Postgres.Probe), an OS process of its own on the same
/// database: what it prints is collected line by line, and it can be told to go, awaited or killed.
/// </summary>
internal sealed class ProbeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task<string> _stderr;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProbeProcess(Process process)
    {
        _process = process;
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Lines.Enqueue(line);
                if (line == "ready")
                {
                    _ready.TrySetResult();
                }
            }

            _ready.TrySetException(new InvalidOperationException("The probe ended before it was ready."));
        });
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Every line printed so far.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public static ProbeProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var (file, leading) = Executable();
        start.FileName = file;
        foreach (var a in leading.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[PostgresForTests.Variable] = PostgresForTests.Require();
        return new ProbeProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}."));
    }

    public async Task WaitReadyAsync() => await _ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the probe to end on its own; fails with its error output unless it ends well.</summary>
    public async Task WaitForSuccessAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await _stdout;
        Assert.True(_process.ExitCode == 0, $"The probe ended with {_process.ExitCode}: {await _stderr}");
    }

    /// <summary>Kills the probe (SIGKILL) and reads what it had printed until then.</summary>
    public async Task KillAsync()
    {
        Assert.False(_process.HasExited, $"The probe ended before it was killed: {(_process.HasExited ? await _stderr : string.Empty)}");
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // The probe is built with the tests (a project reference that is not referenced): next to their folder.
    private static (string File, string[] Leading) Executable()
    {
        var here = AppContext.BaseDirectory;
        var folder = here.Replace("Portail.Adapters.Postgres.Tests", "Portail.Adapters.Postgres.Probe", StringComparison.Ordinal);
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "Portail.Adapters.Postgres.Probe.exe" : "Portail.Adapters.Postgres.Probe");
        if (File.Exists(apphost))
        {
            return (apphost, []);
        }

        var dll = Path.Combine(folder, "Portail.Adapters.Postgres.Probe.dll");
        Assert.True(File.Exists(dll), $"The probe was not built at {dll}: build tests/Portail.Adapters.Postgres.Probe.");
        return (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll]);
    }
}
