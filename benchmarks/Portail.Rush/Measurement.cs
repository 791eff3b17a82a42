using System.Diagnostics;
using System.Globalization;

namespace Portail.Rush;

/// <summary>Throughput and latency of one run: Portail's, or a ceiling's.</summary>
/// <param name="Label">What ran.</param>
/// <param name="Validations">Baskets validated.</param>
/// <param name="Lines">Booking lines in them.</param>
/// <param name="Seconds">Wall time from the first start to the last end.</param>
/// <param name="Latencies">Each basket's latency in milliseconds, sorted; empty when only an average is known.</param>
/// <param name="AverageLatency">The mean latency in milliseconds.</param>
internal sealed record Measurement(string Label, int Validations, long Lines, double Seconds, IReadOnlyList<double> Latencies, double AverageLatency)
{
    public double ValidationsPerSecond => Validations / Seconds;

    public double LinesPerSecond => Lines / Seconds;

    public static Measurement Of(string label, IReadOnlyList<ValidationRecord> records)
    {
        var seconds = Stopwatch.GetElapsedTime(records.Min(r => r.Start), records.Max(r => r.End)).TotalSeconds;
        var latencies = records.Select(r => r.Latency.TotalMilliseconds).Order().ToList();
        return new Measurement(label, records.Count, records.Sum(r => (long)r.Outcomes.Length), seconds, latencies, latencies.Average());
    }

    /// <summary>The latency at percentile <paramref name="p"/> (nearest rank), or NaN when only the mean is known.</summary>
    public double Percentile(double p) =>
        Latencies.Count == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(p / 100 * Latencies.Count) - 1, 0, Latencies.Count - 1)];

    /// <summary>One line of the report's table.</summary>
    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Label,-52} | {Validations,7} | {ValidationsPerSecond,9:F0} | {LinesPerSecond,9:F0} | {AverageLatency,7:F1} | {Ms(Percentile(50))} | {Ms(Percentile(95))} | {Ms(Percentile(99))} | {Ms(Latencies.Count == 0 ? double.NaN : Latencies[^1])} |");

    public const string Header =
        "| run                                                  | baskets | baskets/s |   lines/s | mean ms |  p50 ms |  p95 ms |  p99 ms |  max ms |\n" +
        "|------------------------------------------------------|--------:|----------:|----------:|--------:|--------:|--------:|--------:|--------:|";

    private static string Ms(double value) => double.IsNaN(value) ? "      –" : value.ToString("F1", CultureInfo.InvariantCulture).PadLeft(7);
}
