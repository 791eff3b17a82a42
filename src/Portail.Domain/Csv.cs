using System.Globalization;
using System.Text;

namespace Portail;

/// <summary>
/// CSV files as a French spreadsheet opens them (R-HIS-1..3 exports): UTF-8 with its byte-order mark,
/// ";" between fields, CRLF lines, decimal commas; a text is quoted when it holds a ";", a quote or
/// a line break, and written with a leading apostrophe when a spreadsheet would take it for a
/// formula (=, +, -, @).
/// </summary>
public static class Csv
{
    private static readonly NumberFormatInfo FrenchNumbers = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    /// <summary>
    /// The file: <paramref name="header"/>, then <paramref name="rows"/>, whose cells are texts,
    /// amounts (<see cref="decimal"/>, two decimals at least, rounded half away from zero beyond
    /// four), whole numbers (<see cref="int"/>) or empty (<see langword="null"/>).
    /// </summary>
    public static byte[] Write(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendJoin(';', row.Select(Cell)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        decimal number => decimal.Round(number, 4, MidpointRounding.AwayFromZero).ToString("0.00##", FrenchNumbers),
        int number => number.ToString(CultureInfo.InvariantCulture),
        string text => Text(text),
        _ => throw new ArgumentException($"A CSV cell is a text, an amount, a whole number or empty, not a {value.GetType().Name}.", nameof(value)),
    };

    private static string Text(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
