namespace Portail.SampleHost.Booking;

/// <summary>Where the calendar was: child, activity and month as route values (any may be null).</summary>
/// <param name="Structure">The structure, null for the default one.</param>
/// <param name="Child">The child's id.</param>
/// <param name="Activity">The activity's id.</param>
/// <param name="Month">The month, "2023-10".</param>
public sealed record CalendarRoute(string? Structure, string? Child, string? Activity, string? Month);
