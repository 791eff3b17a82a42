using NodaTime;

namespace Portail.Booking;

/// <summary>The check boxes of the follow-up (R-HIS-3): the states of R-BSK-5.</summary>
[Flags]
public enum FollowUpStates
{
    /// <summary>Nothing ticked.</summary>
    None = 0,

    /// <summary>"En attente réponse".</summary>
    AwaitingAnswer = 1,

    /// <summary>"En liste d'attente".</summary>
    Waitlisted = 2,

    /// <summary>"Refusées".</summary>
    Refused = 4,

    /// <summary>"Acceptées".</summary>
    Accepted = 8,

    /// <summary>"Transmise": processed by the nightly transmission.</summary>
    Transmitted = 16,

    /// <summary>"Non transmise": recorded since the last transmission.</summary>
    NotTransmitted = 32,

    /// <summary>Everything ticked (the default).</summary>
    All = AwaitingAnswer | Waitlisted | Refused | Accepted | Transmitted | NotTransmitted,
}

/// <summary>The follow-up's filters (R-HIS-3): person, activity, period and states.</summary>
/// <param name="Days">The period, both ends included.</param>
/// <param name="Child">One child, or <see langword="null"/> for all.</param>
/// <param name="Activity">One activity, or <see langword="null"/> for all.</param>
/// <param name="States">The states ticked; a booking shows when both its state and its transmission are ticked.</param>
public sealed record FollowUpFilter(DateInterval Days, ChildId? Child = null, ActivityId? Activity = null, FollowUpStates States = FollowUpStates.All);

/// <summary>One line of the follow-up.</summary>
/// <param name="Booking">The booking.</param>
/// <param name="Person">"DUPONT Lenny".</param>
/// <param name="Activity">The activity's name.</param>
/// <param name="Arrival">Arrival: entered, or the activity's start.</param>
/// <param name="Departure">Departure: entered, or the activity's end.</param>
/// <param name="WaitlistPosition">For a waiting-list request, its place in the line (1 is next); otherwise <see langword="null"/>.</param>
public sealed record FollowUpLine(ChildBooking Booking, string Person, string Activity, LocalTime Arrival, LocalTime Departure, int? WaitlistPosition)
{
    /// <summary>"Je 12/12/2019".</summary>
    public string DateLabel => French.ShortDate(Booking.Date);

    /// <summary>The cost in euros.</summary>
    public decimal Cost => Booking.Cost;

    /// <summary>The state as the guide prints it (R-BSK-5): "Acceptée" once transmitted, "Acceptée, non transmise" before.</summary>
    public string StateLabel => Booking.Transmitted ? StatusLabel(Booking.Status) : $"{StatusLabel(Booking.Status)}, non transmise";

    /// <summary>The French name of a state.</summary>
    public static string StatusLabel(BookingStatus status) => status switch
    {
        BookingStatus.Accepted => "Acceptée",
        BookingStatus.AwaitingAnswer => "En attente réponse",
        BookingStatus.Waitlisted => "En liste d'attente",
        _ => "Refusée",
    };
}

/// <summary>The booking follow-up of a family (R-BSK-5, R-HIS-3).</summary>
/// <param name="Lines">The lines, by day, then activity.</param>
public sealed record FollowUp(IReadOnlyList<FollowUpLine> Lines)
{
    /// <summary>The TOTAL: the exact sum of the accepted lines shown (R-HIS-4).</summary>
    public decimal AcceptedTotal => Lines.Where(l => l.Booking.Status == BookingStatus.Accepted).Sum(l => l.Cost);

    /// <summary>
    /// The export: CSV with ';' between fields, French numbers ("6,65"), UTF-8 with a byte-order mark
    /// so that a spreadsheet opens the accents right, and the TOTAL as its last line.
    /// </summary>
    public byte[] ToCsv() => Csv.Write(
        ["Date", "Activité", "Personne", "Arrivée", "Départ", "Coût", "État", "Position en liste d'attente"],
        Lines.Select(l => new object?[] { l.DateLabel, l.Activity, l.Person, French.Time(l.Arrival), French.Time(l.Departure), l.Cost, l.StateLabel, l.WaitlistPosition })
            .Append(["TOTAL des réservations acceptées", null, null, null, null, AcceptedTotal, null, null]));
}
