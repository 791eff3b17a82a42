using BenchmarkDotNet.Running;

namespace Portail.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see benchmarks/README.md).</summary>
public static class Program
{
    /// <summary>Entry point: <c>dotnet run -c Release -- --filter '*' --job short</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
