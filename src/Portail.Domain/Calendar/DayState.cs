namespace Portail.Calendar;

/// <summary>The state of a day in the calendar of one activity (R-CAL-2), in the guides' legend order.</summary>
public enum DayState
{
    /// <summary>Not open, or out of the window for this day ("L'activité n'est pas ouverte ou vous êtes hors délai pour réserver ce jour").</summary>
    NotOpen,

    /// <summary>Full, and no waiting list or the waiting list is full ("Activité complète").</summary>
    Full,

    /// <summary>Places left ("Activité disponible").</summary>
    Available,

    /// <summary>Full, the waiting list has room ("Activité disponible uniquement en liste d'attente").</summary>
    WaitlistOnly,

    /// <summary>Booked (or requested in the basket), can be changed ("Activité réservée, modifiable").</summary>
    BookedChangeable,

    /// <summary>On the waiting list or refused, can be cancelled ("Activité demandée en liste d'attente ou refusée, annulable").</summary>
    WaitlistedOrRefusedCancellable,

    /// <summary>Booked, the deadline has passed ("Activité réservée, non modifiable").</summary>
    BookedLocked,

    /// <summary>On the waiting list or refused, the deadline has passed (see the legend's note on the guides' wording).</summary>
    WaitlistedOrRefusedLocked,
}

/// <summary>
/// The state of a day in the calendar of all the child's activities (R-CAL-3). When activities
/// differ, the first rule that matches wins, in this order:
/// <list type="number">
/// <item><see cref="WaitlistedOrRefusedSeeFollowUp"/>: something is on a waiting list or refused and nothing can be done that day;</item>
/// <item><see cref="RequestedWithWaitlistOrRefused"/>: booked and waiting-listed/refused together, an action possible;</item>
/// <item><see cref="BookedActionPossible"/>: something booked, an action possible (change, cancel, or book another);</item>
/// <item><see cref="BookedNoAction"/>: something booked, nothing can be done;</item>
/// <item><see cref="WaitlistedOrRefusedCancellable"/>: waiting-listed/refused only, cancellable;</item>
/// <item><see cref="Available"/>: nothing booked, at least one activity with places;</item>
/// <item><see cref="WaitlistOnly"/>: nothing booked, only waiting lists have room;</item>
/// <item><see cref="AllFull"/>: nothing booked, every open activity full;</item>
/// <item><see cref="NotOpen"/>: otherwise.</item>
/// </list>
/// What the family has booked comes first because it is what they must act on; a waiting list
/// they can do nothing about sends them to the follow-up, as the guides' legend says.
/// </summary>
public enum OverviewState
{
    /// <summary>"L'activité n'est pas ouverte ou vous êtes hors délai pour réserver ce jour."</summary>
    NotOpen,

    /// <summary>"Activités en liste d'attente ou refusées : consulter le suivi."</summary>
    WaitlistedOrRefusedSeeFollowUp,

    /// <summary>"Activités disponibles."</summary>
    Available,

    /// <summary>"Activités disponibles uniquement en liste d'attente."</summary>
    WaitlistOnly,

    /// <summary>"Activités réservées, action possible."</summary>
    BookedActionPossible,

    /// <summary>"Activités demandées dont au moins une en liste d'attente ou refusée, action possible."</summary>
    RequestedWithWaitlistOrRefused,

    /// <summary>"Activités réservées, aucune action possible."</summary>
    BookedNoAction,

    /// <summary>"Activités en liste d'attente ou refusées, annulables."</summary>
    WaitlistedOrRefusedCancellable,

    /// <summary>"Activités complètes."</summary>
    AllFull,
}
