using BenchmarkDotNet.Attributes;
using NodaTime;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Windows;

namespace Portail.Benchmarks;

/// <summary>
/// The month of October 2023 as the Réservations page draws it (<see cref="ReservationCalendar.GetMonthAsync"/>):
/// the grid of whole weeks (Monday 25 September to Sunday 5 November, 42 days) and only the
/// activities offered to the child (those whose age band admits a 4-year-old: 9 of 13). Only the
/// pure rules are measured, not the ports.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MonthPageBenchmarks
{
    private CalendarFacts _facts = null!;
    private List<Activity> _offered = null!;
    private Activity _canteen = null!;
    private DateInterval _grid = null!;

    /// <summary>Loads the sample catalogue and builds the child's facts, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var tenant = SampleFacts.LoadTenant();
        _facts = SampleFacts.Build(tenant);
        _grid = ReservationCalendar.GridOf(new YearMonth(2023, 10));
        var month = new DateInterval(new LocalDate(2023, 10, 1), new LocalDate(2023, 10, 31));

        // The same choice as ReservationCalendar: eligible at the start or at the end of the month.
        _offered = SampleFacts.School(tenant)
            .Where(a => BookingWindow.EligibilityRefusal(a, _facts.Child, month.Start) is null || BookingWindow.EligibilityRefusal(a, _facts.Child, month.End) is null)
            .ToList();
        _canteen = SampleFacts.Find(tenant, SampleFacts.Canteen);
    }

    /// <summary>The page with no activity selected: the overview of the offered activities.</summary>
    [Benchmark(Baseline = true)]
    public OverviewCalendar PageAllActivities() => CalendarRules.ForChild(_facts, _offered, _grid);

    /// <summary>The page with the canteen selected.</summary>
    [Benchmark]
    public ActivityCalendar PageOneActivity() => CalendarRules.ForActivity(_facts, _canteen, _grid);
}
