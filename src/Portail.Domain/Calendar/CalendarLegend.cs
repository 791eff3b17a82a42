namespace Portail.Calendar;

/// <summary>One entry of a calendar legend: the guides' wording, a symbol, and a style key.</summary>
/// <param name="Label">The guides' French sentence.</param>
/// <param name="Symbol">A symbol shown with the colour, so that the state is never told by colour alone; distinct within a legend and drawn by common fonts (no emoji).</param>
/// <param name="Key">A stable key for styles and tests (e.g. <c>available</c>).</param>
public sealed record LegendEntry(string Label, string Symbol, string Key);

/// <summary>
/// The legends of the booking calendar (R-CAL-2, R-CAL-3), in the guides' words. The guides print
/// "Activité en liste d'attente ou refusée, annulable" for the eighth state too; we follow SPEC.md
/// and guide 004's symbol (the same as "réservée, non modifiable") and say "non modifiable".
/// </summary>
public static class CalendarLegend
{
    /// <summary>The legend when an activity is selected, in <see cref="DayState"/> order.</summary>
    public static IReadOnlyList<LegendEntry> Activity { get; } =
    [
        new("L'activité n'est pas ouverte ou vous êtes hors délai pour réserver ce jour", "–", "not-open"),
        new("Activité complète", "✘", "full"),
        new("Activité disponible", "○", "available"),
        new("Activité disponible uniquement en liste d'attente", "◐", "waitlist-only"),
        new("Activité réservée, modifiable", "✔", "booked"),
        new("Activité demandée en liste d'attente ou refusée, annulable", "!", "waitlisted"),
        new("Activité réservée, non modifiable", "■", "booked-locked"),
        new("Activité en liste d'attente ou refusée, non modifiable", "⚠", "waitlisted-locked"),
    ];

    /// <summary>The legend when no activity is selected, in <see cref="OverviewState"/> order.</summary>
    public static IReadOnlyList<LegendEntry> Overview { get; } =
    [
        new("L'activité n'est pas ouverte ou vous êtes hors délai pour réserver ce jour", "–", "not-open"),
        new("Activités en liste d'attente ou refusées : consulter le suivi", "⚠", "see-follow-up"),
        new("Activités disponibles", "○", "available"),
        new("Activités disponibles uniquement en liste d'attente", "◐", "waitlist-only"),
        new("Activités réservées, action possible", "✔", "booked"),
        new("Activités demandées dont au moins une en liste d'attente ou refusée, action possible", "✔!", "booked-waitlisted"),
        new("Activités réservées, aucune action possible", "■", "booked-locked"),
        new("Activités en liste d'attente ou refusées, annulables", "!", "waitlisted"),
        new("Activités complètes", "✘", "full"),
    ];

    /// <summary>The legend entry of a state.</summary>
    public static LegendEntry Of(DayState state) => Activity[(int)state];

    /// <summary>The legend entry of a state.</summary>
    public static LegendEntry Of(OverviewState state) => Overview[(int)state];
}
