using NodaTime;
using Portail.Booking;

namespace Portail.Testing;

/// <summary>Commits of the mail contracts: one child per family (<c>{family}-child</c>), made at a given instant.</summary>
internal static class ContractCommits
{
    /// <summary>An activity with one place and a waiting list of three.</summary>
    public static readonly ActivityId OnePlace = new("aps-matin");

    /// <summary>An activity with unlimited places.</summary>
    public static readonly ActivityId Canteen = new("restauration");

    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new()
    {
        [OnePlace] = new(1, 3, false),
        [Canteen] = new(null, 0, false),
    };

    /// <summary>The child of a family in these commits.</summary>
    public static ChildId ChildOf(string family) => new($"{family}-child");

    /// <summary>A commit of booking requests of the family's child.</summary>
    public static BookingCommit Book(string family, Instant at, params (ActivityId Activity, LocalDate Date)[] days) =>
        new(Guid.NewGuid(), new FamilyId(family), at, days.Select(d => new BookingLine(new RequestKey(ChildOf(family), d.Activity, d.Date), null, null, 1.50m)).ToList(), [], [], [], Limits, []);

    /// <summary>A commit cancelling the family's child's bookings.</summary>
    public static BookingCommit Cancel(string family, Instant at, params (ActivityId Activity, LocalDate Date)[] days) =>
        new(Guid.NewGuid(), new FamilyId(family), at, [], days.Select(d => new RequestKey(ChildOf(family), d.Activity, d.Date)).ToList(), [], [], Limits, []);
}
