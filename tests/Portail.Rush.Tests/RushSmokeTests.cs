using Xunit.Abstractions;

namespace Portail.Rush.Tests;

/// <summary>
/// A small rush on each store, as a correctness check of the store and of the driver (issue 10):
/// the run passes when the driver's checks pass and its ceiling ran. Its timings are printed in
/// the test output, never asserted. One class, so that the runs share the console one at a time.
/// </summary>
public sealed class RushSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public Task A_rush_in_memory_passes_its_checks() =>
        RunAsync("--store", "inmemory", "--families", "200", "--clients", "8");

    [Fact]
    public Task A_rush_on_SQLite_passes_its_checks_next_to_its_raw_loop() =>
        RunAsync("--store", "sqlite", "--families", "200", "--clients", "8");

    [PostgresFact]
    public async Task A_rush_on_PostgreSQL_passes_its_checks_next_to_pgbench()
    {
        var schema = $"rush_smoke_{Guid.NewGuid():N}";
        try
        {
            await RunAsync("--store", "postgres", "--connection", PostgresFactAttribute.ConnectionString!, "--schema", schema, "--families", "200", "--clients", "8", "--processes", "2");
        }
        finally
        {
            await PostgresFactAttribute.DropSchemaAsync(schema);
        }
    }

    private async Task RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(captured);
        int status;
        try
        {
            status = await RushCommand.RunAsync(args);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        output.WriteLine(captured.ToString());
        Assert.True(status == 0, $"The rush exited with {status}:{Environment.NewLine}{captured}");
    }
}
