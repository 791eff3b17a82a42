using System.Globalization;
using NodaTime;

namespace Portail;

/// <summary>
/// French wording of dates, times and amounts as the guides print them. Hand-written so that the
/// core does not depend on the machine's culture data (R-TEN-3).
/// </summary>
public static class French
{
    private static readonly string[] Days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    private static readonly string[] ShortDays = ["Lu", "Ma", "Me", "Je", "Ve", "Sa", "Di"];
    private static readonly string[] AbbreviatedDays = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
    private static readonly string[] Months =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>The day's name, lower-case: "lundi".</summary>
    public static string DayName(IsoDayOfWeek day) => Days[(int)day - 1];

    /// <summary>Two-letter day as in the summary and follow-up: "Lu".</summary>
    public static string ShortDayName(IsoDayOfWeek day) => ShortDays[(int)day - 1];

    /// <summary>"lun. 15/05", the nightly report's wording of a day (R-NTF-1).</summary>
    public static string DayAndMonth(LocalDate date) =>
        $"{AbbreviatedDays[(int)date.DayOfWeek - 1]} {date.Day:00}/{date.Month:00}";

    /// <summary>The month's name, lower-case: "septembre".</summary>
    public static string MonthName(int month) => Months[month - 1];

    /// <summary>"lundi 4 septembre 2023".</summary>
    public static string LongDate(LocalDate date) =>
        $"{DayName(date.DayOfWeek)} {date.Day} {MonthName(date.Month)} {date.Year}";

    /// <summary>"Mardi 9 Mai 2017", the wording of the copy's list of days not copied (R-CAL-6).</summary>
    public static string TitleDate(LocalDate date) =>
        $"{Capitalize(DayName(date.DayOfWeek))} {date.Day} {Capitalize(MonthName(date.Month))} {date.Year}";

    /// <summary>"Lu 30/12/2019", the summary's wording (R-BSK-1).</summary>
    public static string ShortDate(LocalDate date) =>
        $"{ShortDayName(date.DayOfWeek)} {date.Day:00}/{date.Month:00}/{date.Year}";

    /// <summary>"septembre 2023".</summary>
    public static string MonthTitle(YearMonth month) => $"{MonthName(month.Month)} {month.Year}";

    /// <summary>"07:15".</summary>
    public static string Time(LocalTime time) => $"{time.Hour:00}:{time.Minute:00}";

    /// <summary>"3,50 €": two decimals, comma, rounded half away from zero (R-HIS-4).</summary>
    public static string Euros(decimal amount) =>
        decimal.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') + " €";

    /// <summary>"2 048 000": a whole number with its thousands separated by spaces.</summary>
    public static string Number(long value) =>
        value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');

    /// <summary>Upper-cases the first letter.</summary>
    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>
    /// A text an agent or a family typed, trimmed; adds to <paramref name="problems"/> the sentence
    /// saying why it cannot be kept (missing, longer than <paramref name="max"/>, a NUL character),
    /// <paramref name="field"/> naming it with its article ("Le titre").
    /// </summary>
    internal static string RequiredText(string? value, string field, int max, List<string> problems)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            problems.Add($"{field} est obligatoire.");
        }
        else if (text.Length > max)
        {
            problems.Add($"{field} compte {text.Length} caractères : {max} au plus.");
        }
        else if (text.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add($"{field} contient un caractère nul : retapez-le.");
        }

        return text;
    }
}
