using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Portail.Adapters.Tipi;

/// <summary>The platform's formats: money in integer cents, the <c>objet</c> label in plain ASCII, dates and hours in Europe/Paris local time.</summary>
internal static class TipiFormats
{
    /// <summary>The platform's zone: its dates and hours are Paris local time, without seconds.</summary>
    public static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("ddMMuuuu");
    private static readonly LocalTimePattern Hour = LocalTimePattern.CreateWithInvariantCulture("HHmm");

    /// <summary>Euros to cents, exactly: refuses an amount that is not whole cents (never rounds).</summary>
    public static long Cents(decimal euros) =>
        decimal.Round(euros, 2) == euros && euros >= 0 && euros < 100_000_000m
            ? (long)(euros * 100m)
            : throw new ArgumentOutOfRangeException(nameof(euros), euros, "An amount sent to the platform is whole cents, zero or more.");

    /// <summary>Cents (the platform's text) to euros; <see langword="null"/> when it is not a whole number of cents.</summary>
    public static decimal? Euros(string? cents) =>
        long.TryParse(cents?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value / 100m : null;

    /// <summary>
    /// The <c>objet</c> label as the platform takes it (TIPI.md): accents decomposed and what is not
    /// ASCII dropped, <c>'</c> and <c>-</c> turned into spaces, everything outside <c>[A-Za-z0-9 ]</c>
    /// deleted, spaces collapsed, cut at 100.
    /// </summary>
    public static string Objet(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var text = new StringBuilder(label.Length);
        foreach (var c in label.Normalize(NormalizationForm.FormD))
        {
            if (c is '\'' or '-' or '’')
            {
                text.Append(' ');
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == ' ')
            {
                text.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                text.Append(' ');
            }
        }

        var collapsed = string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= 100 ? collapsed : collapsed[..100].TrimEnd();
    }

    /// <summary>The platform's <c>dattrans</c> (DDMMYYYY) and <c>heurtrans</c> (HHMM), Paris local time, as an instant: an hour repeated when the clocks go back is its first occurrence; an hour skipped when they go forward is moved on by the gap.</summary>
    public static Instant? Instant(string? dattrans, string? heurtrans)
    {
        var day = Day.Parse(dattrans?.Trim() ?? "");
        if (!day.Success)
        {
            return null;
        }

        var hour = string.IsNullOrWhiteSpace(heurtrans) ? ParseResult<LocalTime>.ForValue(LocalTime.Midnight) : Hour.Parse(heurtrans.Trim().PadLeft(4, '0'));
        return hour.Success ? (day.Value + hour.Value).InZoneLeniently(Paris).ToInstant() : null;
    }

    /// <summary>An instant as the platform writes it: (DDMMYYYY, HHMM) in Paris.</summary>
    public static (string Day, string Hour) Text(Instant instant)
    {
        var local = instant.InZone(Paris).LocalDateTime;
        return (Day.Format(local.Date), Hour.Format(local.TimeOfDay));
    }

    /// <summary>The <c>saisie</c> of a mode on the web service.</summary>
    public static string Saisie(TipiMode mode) => mode switch
    {
        TipiMode.Production => "W",
        TipiMode.Activation => "X",
        _ => "T",
    };
}
