using NodaTime;
using Portail.Booking;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>Commits the adapter's own tests make.</summary>
internal static class Commits
{
    public static readonly ActivityId Centre = new("centre");
    public static readonly ActivityId Music = new("musique");
    public static readonly LocalDate Wednesday = new(2023, 10, 11);
    public static readonly Instant At = Instant.FromUtc(2023, 10, 2, 7, 0);

    public static readonly Dictionary<ActivityId, ActivityLimits> Limits = new()
    {
        [Centre] = new(10, 5, false),
        [Music] = new(10, 3, true),
    };

    public static BookingCommit Book(string family, ActivityId activity, LocalDate date, string? child = null) =>
        new(Guid.NewGuid(), new FamilyId(family), At, [new BookingLine(new RequestKey(new ChildId(child ?? family + "-child"), activity, date), null, null, 6.65m)], [], [], [], Limits, []);
}
