using System.Diagnostics;
using System.Globalization;
using Portail.Booking;

namespace Portail.Rush;

/// <summary>
/// What one client saw of one validation: when it started and ended (<see cref="Stopwatch"/>
/// ticks, CLOCK_MONOTONIC on Linux, so comparable between processes of this machine), one letter
/// per basket line in basket order (<see cref="Letter"/>), and the error, if the validation did
/// not answer a report.
/// </summary>
internal sealed record ValidationRecord(int Family, long Start, long End, string Outcomes, string? Error)
{
    public TimeSpan Latency => Stopwatch.GetElapsedTime(Start, End);

    /// <summary>The letter of an outcome: Accepted, Waitlisted, Refused; N not processed, Q awaiting an answer, C cancelled.</summary>
    public static char Letter(LineOutcome outcome) => outcome switch
    {
        LineOutcome.Accepted => 'A',
        LineOutcome.Waitlisted => 'W',
        LineOutcome.Refused => 'R',
        LineOutcome.AwaitingAnswer => 'Q',
        LineOutcome.Cancelled => 'C',
        _ => 'N',
    };

    /// <summary>One line of text, for a worker's standard output.</summary>
    public string ToLine() => string.Join(
        '\t',
        Family.ToString(CultureInfo.InvariantCulture),
        Start.ToString(CultureInfo.InvariantCulture),
        End.ToString(CultureInfo.InvariantCulture),
        Outcomes,
        Error?.ReplaceLineEndings(" ").Replace('\t', ' ') ?? string.Empty);

    public static ValidationRecord Parse(string line)
    {
        var parts = line.Split('\t', 5);
        return new ValidationRecord(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            parts[3],
            parts[4].Length == 0 ? null : parts[4]);
    }
}
