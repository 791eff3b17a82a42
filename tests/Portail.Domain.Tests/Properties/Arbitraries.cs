using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Properties;

/// <summary>One request to the windows, anywhere in the sample's school year.</summary>
public sealed record WindowCase(Activity Activity, Child Child, LocalDate Date, Instant Now, BookingAction Action, FamilyStanding Standing)
{
    public override string ToString() => $"{Activity.Id} {Child.FirstName} {Date:uuuu-MM-dd} at {Now.InZone(Paris).LocalDateTime:uuuu-MM-dd HH:mm} {Action} {Standing}";
}

/// <summary>A month of one activity, at some instant, with bookings and counts.</summary>
public sealed record MonthCase(Activity Activity, Child Child, YearMonth Month, Instant Now, IReadOnlyList<ChildBooking> Bookings, IReadOnlyList<DayCount> Counts)
{
    public override string ToString() => $"{Activity.Id} {Child.FirstName} {Month} at {Now.InZone(Paris).LocalDateTime:uuuu-MM-dd HH:mm}, {Bookings.Count} bookings, {Counts.Count} counts";
}

/// <summary>A copy: a source activity's requests of one child over a month, onto another child or activity.</summary>
public sealed record CopyCase(MonthCase Target, ActivityId SourceActivity, IReadOnlyList<LocalDate> SourceDays)
{
    public override string ToString() => $"{SourceActivity} ({SourceDays.Count} days) onto {Target}";
}

/// <summary>Generators over the sample municipality's 2023/2024 school year (STYLE.md habit 10).</summary>
public static class Arbitraries
{
    private static readonly LocalDate YearStart = new(2023, 8, 14);
    private const int YearDays = 340;

    private static Gen<Activity> Activities => Gen.Elements(Sample.Tenant.Activities.ToArray());

    private static Gen<Child> Children => Gen.Elements(Lenny, Leyah);

    private static Gen<LocalDate> Dates => Gen.Choose(0, YearDays).Select(d => YearStart.PlusDays(d));

    // Minutes over the year, biased towards deadlines' edges by mixing whole days and odd minutes.
    private static Gen<Instant> Instants =>
        Gen.Choose(0, YearDays * 24 * 60).Select(m => YearStart.AtMidnight().InZoneLeniently(Paris).ToInstant() + Duration.FromMinutes(m));

    private static Gen<YearMonth> Months => Gen.Choose(0, 10).Select(m => new YearMonth(2023, 9).PlusMonths(m));

    public static Arbitrary<WindowCase> WindowCases() =>
        (from a in Activities
         from c in Children
         from d in Dates
         from n in Instants
         from act in Gen.Elements(BookingAction.Book, BookingAction.Change, BookingAction.Cancel)
         from file in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
         from debit in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
         select new WindowCase(a, c, d, n, act, new FamilyStanding(file, debit ? 0.01m : 0m))).ToArbitrary();

    public static Arbitrary<MonthCase> MonthCases() => MonthCaseGen.ToArbitrary();

    public static Arbitrary<CopyCase> CopyCases() =>
        (from target in MonthCaseGen
         from source in Activities
         from days in Gen.SubListOf(DaysOf(target.Month))
         select new CopyCase(target, source.Id, days.ToList())).ToArbitrary();

    private static Gen<MonthCase> MonthCaseGen =>
        from a in Activities
        from c in Children
        from m in Months
        from n in Instants
        from bookings in Gen.SubListOf(DaysOf(m)).SelectMany(days => Gen.CollectToList(days, d =>
            Gen.Elements(BookingStatus.Accepted, BookingStatus.Waitlisted, BookingStatus.Refused, BookingStatus.AwaitingAnswer)
               .Select(s => new ChildBooking(c.Id, a.Id, d, s))))
        from counts in Gen.SubListOf(DaysOf(m)).SelectMany(days => Gen.CollectToList(days, d =>
            from acc in Gen.Choose(0, (a.Capacity ?? 30) + 2)
            from wl in Gen.Choose(0, a.WaitlistSize + 1)
            select new DayCount(a.Id, d, acc, wl)))
        select new MonthCase(a, c, m, n, bookings.Take(6).ToList(), counts.ToList());

    private static LocalDate[] DaysOf(YearMonth m) =>
        Enumerable.Range(1, m.Calendar.GetDaysInMonth(m.Year, m.Month)).Select(d => m.OnDayOfMonth(d)).ToArray();
}
