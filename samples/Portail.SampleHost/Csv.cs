using System.Globalization;
using System.Text;

namespace Portail.SampleHost;

/// <summary>
/// CSV files as a French spreadsheet opens them: UTF-8 with its byte-order mark, ";" between fields,
/// decimal commas; a text is quoted when it holds a ";", a quote or a line break, and written with a
/// leading apostrophe when a spreadsheet would take it for a formula (=, +, -, @).
/// </summary>
internal static class Csv
{
    private static readonly NumberFormatInfo FrenchNumbers = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    /// <summary>The file: the header, then the rows, whose cells are texts, amounts (<see cref="decimal"/>) or empty (<see langword="null"/>).</summary>
    public static byte[] Write(string[] header, IEnumerable<object?[]> rows)
    {
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
        decimal number => number.ToString("0.00##", FrenchNumbers),
        string text => Text(text),
        _ => throw new ArgumentException($"A CSV cell is a text, an amount or empty, not a {value.GetType().Name}.", nameof(value)),
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
