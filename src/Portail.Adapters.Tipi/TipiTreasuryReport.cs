using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Portail.Payments;

namespace Portail.Adapters.Tipi;

/// <summary>
/// Reads the treasury's report of the classic protocol's payments (TIPI.md: a CSV of date,
/// <c>refdet</c>, <c>montant</c>) for <see cref="OnlinePayments.ApplyTreasuryReportAsync"/>. Its exact
/// layout is not published, so it is read leniently: <c>;</c>, <c>,</c> or tab between fields, a header
/// line or not, dates as <c>dd/MM/yyyy</c>, <c>yyyy-MM-dd</c> or <c>ddMMyyyy</c>; an amount with a decimal
/// separator is euros (<c>79,30</c>, <c>79.30</c>), a whole number is the platform's cents (<c>7930</c>).
/// A line that cannot be read is a problem, named by its number; nothing is guessed.
/// </summary>
public static class TipiTreasuryReport
{
    private static readonly LocalDatePattern[] Days =
    [
        LocalDatePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu"), LocalDatePattern.Iso, LocalDatePattern.CreateWithInvariantCulture("ddMMuuuu"),
    ];

    /// <summary>The report's lines, and the problems of those that could not be read.</summary>
    public static (IReadOnlyList<TreasuryReportLine> Lines, IReadOnlyList<string> Problems) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<TreasuryReportLine>();
        var problems = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                continue;
            }

            var separator = line.Contains(';', StringComparison.Ordinal) ? ';' : line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
            var fields = line.Split(separator).Select(f => f.Trim().Trim('"').Trim()).ToArray();
            var day = fields.Length >= 3 ? Days.Select(p => p.Parse(fields[0])).FirstOrDefault(r => r.Success) : null;
            var amount = fields.Length >= 3 ? Amount(fields.Length == 4 && separator == ',' ? $"{fields[2]},{fields[3]}" : fields[2]) : null;
            if (day is null || amount is null || fields[1].Length is < 1 or > 30)
            {
                if (number > 1 || lines.Count > 0)
                {
                    problems.Add($"Ligne {number} illisible : « {line} » (attendu : date ; référence ; montant).");
                }

                continue; // a header
            }

            lines.Add(new TreasuryReportLine(day.Value, fields[1], amount.Value));
        }

        return (lines, problems);
    }

    private static decimal? Amount(string text)
    {
        var normalised = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal);
        if (normalised.Length > 0 && normalised.All(char.IsAsciiDigit))
        {
            return TipiFormats.Euros(normalised);
        }

        return decimal.TryParse(normalised.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) && decimal.Round(euros, 2) == euros ? euros : null;
    }
}
