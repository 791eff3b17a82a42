using BenchmarkDotNet.Attributes;
using NodaTime;
using Portail.Calendar;
using Portail.Catalog;

namespace Portail.Benchmarks;

/// <summary>
/// The calendar rules over a run of days from Sunday 1 October 2023 (R-CAL-2, R-CAL-3), for one
/// child of the sample municipality: every activity of the structure "scolaire" (13 in the sample),
/// or one activity. <see cref="Days"/> shows how time and allocations follow the number of cells.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MonthViewBenchmarks
{
    private CalendarFacts _facts = null!;
    private IReadOnlyList<Activity> _activities = null!;
    private Activity _canteen = null!;
    private Activity _wednesday = null!;
    private DateInterval _days = null!;

    /// <summary>How many days are drawn from 1 October 2023: a week, the month, two months.</summary>
    [Params(7, 31, 62)]
    public int Days { get; set; }

    /// <summary>Loads the sample catalogue and builds the child's facts, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var tenant = SampleFacts.LoadTenant();
        _activities = SampleFacts.School(tenant);
        _canteen = SampleFacts.Find(tenant, SampleFacts.Canteen);
        _wednesday = SampleFacts.Find(tenant, SampleFacts.WednesdayDay);
        _facts = SampleFacts.Build(tenant);
        var start = new LocalDate(2023, 10, 1);
        _days = new DateInterval(start, start.PlusDays(Days - 1));
    }

    /// <summary>(a) The overview: every activity of the structure, combined per day (R-CAL-3).</summary>
    [Benchmark(Baseline = true)]
    public OverviewCalendar AllActivities() => CalendarRules.ForChild(_facts, _activities, _days);

    /// <summary>(b) One activity with unlimited places: the canteen (R-CAL-2).</summary>
    [Benchmark]
    public ActivityCalendar OneActivity() => CalendarRules.ForActivity(_facts, _canteen, _days);

    /// <summary>(c) One activity with limited places and a waiting list: the 3-6 Wednesday centre (R-CAL-2).</summary>
    [Benchmark]
    public ActivityCalendar OneLimitedActivity() => CalendarRules.ForActivity(_facts, _wednesday, _days);
}
