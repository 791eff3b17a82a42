using Portail.SampleHost.Booking;

namespace Portail.SampleHost.Pages.Shared;

/// <summary>The Réservations tab's own links: calendar, summary (with the number of requests waiting), follow-up.</summary>
/// <param name="Current">"calendrier", "recapitulatif" or "suivi".</param>
/// <param name="Pending">Requests of the basket in this structure.</param>
/// <param name="Route">The calendar the family works on.</param>
public sealed record ReservationsNav(string Current, int Pending, CalendarRoute Route);
