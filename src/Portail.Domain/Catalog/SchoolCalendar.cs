using NodaTime;

namespace Portail.Catalog;

/// <summary>Why a day has no service (R-ACT-2).</summary>
public enum ClosureKind
{
    /// <summary>A public holiday (jour férié): no service, and not a working day.</summary>
    PublicHoliday,

    /// <summary>A closure decided by the service (pont, works…).</summary>
    Closure,

    /// <summary>A strike day with no service.</summary>
    Strike,
}

/// <summary>Named school holidays (e.g. "Vacances de la Toussaint"), both ends included.</summary>
/// <param name="Name">The name families see.</param>
/// <param name="Days">The days, both ends included; the first is the "start of the holidays" of R-WIN-2.</param>
public sealed record SchoolHoliday(string Name, DateInterval Days);

/// <summary>Days without service, for every activity or only some.</summary>
/// <param name="Name">The reason families see, e.g. "Armistice".</param>
/// <param name="Kind">What kind of day it is.</param>
/// <param name="Days">The days, both ends included.</param>
/// <param name="Activities">The activities closed; empty for all of them.</param>
public sealed record Closure(string Name, ClosureKind Kind, DateInterval Days, IReadOnlySet<ActivityId> Activities);

/// <summary>
/// The school calendar a municipality loads (R-ACT-2): school holidays, public holidays,
/// closures and strike days. Lookups are by day and cost one hash probe.
/// </summary>
public sealed class SchoolCalendar
{
    private readonly Dictionary<LocalDate, SchoolHoliday> _holidayByDay = [];
    private readonly Dictionary<LocalDate, List<Closure>> _closuresByDay = [];

    internal SchoolCalendar(IReadOnlyList<SchoolHoliday> holidays, IReadOnlyList<Closure> closures)
    {
        Holidays = holidays;
        Closures = closures;
        foreach (var h in holidays)
        {
            foreach (var d in h.Days)
            {
                _holidayByDay[d] = h;
            }
        }

        foreach (var c in closures)
        {
            foreach (var d in c.Days)
            {
                if (!_closuresByDay.TryGetValue(d, out var list))
                {
                    _closuresByDay[d] = list = [];
                }

                list.Add(c);
            }
        }
    }

    /// <summary>The school holidays, in configuration order.</summary>
    public IReadOnlyList<SchoolHoliday> Holidays { get; }

    /// <summary>Public holidays, closures and strikes, in configuration order.</summary>
    public IReadOnlyList<Closure> Closures { get; }

    /// <summary>The school holidays containing <paramref name="date"/>, or <see langword="null"/> on a school day.</summary>
    public SchoolHoliday? HolidayOn(LocalDate date) => _holidayByDay.GetValueOrDefault(date);

    /// <summary>The closure that stops <paramref name="activity"/> on <paramref name="date"/>, or <see langword="null"/>.</summary>
    public Closure? ClosureOn(LocalDate date, ActivityId activity)
    {
        if (!_closuresByDay.TryGetValue(date, out var list))
        {
            return null;
        }

        foreach (var c in list)
        {
            if (c.Activities.Count == 0 || c.Activities.Contains(activity))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="date"/> is a working day: Monday to Friday and not a public holiday.</summary>
    public bool IsWorkingDay(LocalDate date)
    {
        if (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            return false;
        }

        if (_closuresByDay.TryGetValue(date, out var list))
        {
            foreach (var c in list)
            {
                if (c.Kind == ClosureKind.PublicHoliday)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
