using NodaTime;
using OneOf;
using Portail.Catalog;
using Portail.Families;

namespace Portail.Windows;

/// <summary>What a family asks to do with a booking.</summary>
public enum BookingAction
{
    /// <summary>Create a booking.</summary>
    Book,

    /// <summary>Change a booking (times entered, R-ACT-3); follows the cancellation deadline (R-WIN-4).</summary>
    Change,

    /// <summary>Cancel a booking, or withdraw a waiting-list or refused request.</summary>
    Cancel,
}

/// <summary>The window is open; it stays so until <see cref="Until"/> (the deadline).</summary>
/// <param name="Until">The first instant the same request would be refused as too late.</param>
public readonly record struct WindowOpen(Instant Until);

/// <summary>The answer of <see cref="BookingWindow.Evaluate"/>: open, or a refusal saying why.</summary>
public sealed class WindowDecision : OneOfBase<WindowOpen, Refusal>
{
    private WindowDecision(OneOf<WindowOpen, Refusal> value)
        : base(value)
    {
    }

    /// <summary>Whether the request may be made.</summary>
    public bool IsOpen => IsT0;

    /// <summary>The refusal, or <see langword="null"/> when open.</summary>
    public Refusal? Refusal => IsT1 ? AsT1 : null;

    /// <summary>Wraps an open window.</summary>
    public static implicit operator WindowDecision(WindowOpen open) => new(open);

    /// <summary>Wraps a refusal.</summary>
    public static implicit operator WindowDecision(Refusal refusal) => new(refusal);
}

/// <summary>
/// The one place that answers "may this family create, change or cancel a booking of activity A for
/// child C on date D at instant T?" (R-WIN-1..7, R-ACT-2). Pure: everything it needs is passed in.
/// </summary>
/// <remarks>
/// Checks run in this order, and the first that fails is the answer: no service that day; child not
/// eligible; file not validated; account in debit; no period or period not open yet; too far ahead;
/// too late. A cancellation only checks its deadline: a family may always withdraw what it booked in
/// time, whatever its file or balance.
/// </remarks>
public static class BookingWindow
{
    /// <summary>Evaluates one request.</summary>
    /// <param name="tenant">The municipality.</param>
    /// <param name="activity">The activity, of that tenant.</param>
    /// <param name="child">The child.</param>
    /// <param name="date">The day of service.</param>
    /// <param name="action">What is asked.</param>
    /// <param name="now">The instant of the request.</param>
    /// <param name="standing">The family's file and account standing (R-WIN-6).</param>
    public static WindowDecision Evaluate(Tenant tenant, Activity activity, Child child, LocalDate date, BookingAction action, Instant now, FamilyStanding standing)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(child);
        var refusal = Check(tenant, activity, child, date, action, now, now.InZone(tenant.Zone).Date, standing);
        return refusal is null ? new WindowOpen(Deadline(tenant, activity, date, action)) : refusal;
    }

    /// <summary>
    /// The first instant at which <paramref name="action"/> on <paramref name="date"/> is too late
    /// (R-WIN-2, R-WIN-4), computed in the tenant's zone.
    /// </summary>
    public static Instant Deadline(Tenant tenant, Activity activity, LocalDate date, BookingAction action)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(activity);
        var rule = action == BookingAction.Book ? activity.Deadline : activity.CancelDeadline;
        return DeadlineLocal(tenant, activity, rule, date).InZoneLeniently(tenant.Zone).ToInstant();
    }

    /// <summary>Whether the activity runs that day; the refusal says why not (R-ACT-2).</summary>
    internal static Refusal? ServiceRefusal(Tenant tenant, Activity activity, LocalDate date)
    {
        if (!activity.Days.Includes(date))
        {
            return new Refusal(RefusalReason.NoService, date, BookingAction.Book);
        }

        var holiday = tenant.SchoolCalendar.HolidayOn(date);
        if (holiday is not null && activity.Schedule == ServiceSchedule.SchoolTime)
        {
            return new Refusal(RefusalReason.NoService, date, BookingAction.Book, holiday.Name);
        }

        if (holiday is null && activity.Schedule == ServiceSchedule.SchoolHolidays)
        {
            return new Refusal(RefusalReason.NoService, date, BookingAction.Book, "l'activité n'a lieu que pendant les vacances scolaires");
        }

        var closure = tenant.SchoolCalendar.ClosureOn(date, activity.Id);
        return closure is null ? null : new Refusal(RefusalReason.NoService, date, BookingAction.Book, closure.Name);
    }

    /// <summary>Whether the child may attend the activity that day (R-ACT-1).</summary>
    internal static Refusal? EligibilityRefusal(Activity activity, Child child, LocalDate date)
    {
        var e = activity.Eligibility;
        if (e.MinAge is not null || e.MaxAge is not null)
        {
            var age = child.AgeOn(date);
            if (age < e.MinAge || age >= e.MaxAge)
            {
                return new Refusal(RefusalReason.NotEligible, date, BookingAction.Book, AgeBand(e));
            }
        }

        if (e.Schools.Count > 0 && (child.School is null || !e.Schools.Contains(child.School)))
        {
            return new Refusal(RefusalReason.NotEligible, date, BookingAction.Book, $"elle est réservée aux élèves de {string.Join(", ", e.Schools)}");
        }

        if (e.RequiresEnrolment && !child.Enrolments.Contains(activity.Id))
        {
            return new Refusal(RefusalReason.NotEligible, date, BookingAction.Book, "elle demande une inscription préalable auprès du service");
        }

        return null;
    }

    /// <summary>The whole check, without allocating when the answer is yes (the calendar's hot path).</summary>
    internal static Refusal? Check(
        Tenant tenant, Activity activity, Child child, LocalDate date, BookingAction action, Instant now, LocalDate today, FamilyStanding standing)
    {
        if (action != BookingAction.Cancel)
        {
            var refusal = ServiceRefusal(tenant, activity, date) ?? EligibilityRefusal(activity, child, date);
            if (refusal is not null)
            {
                return refusal;
            }

            if (!standing.FileValidated)
            {
                return new Refusal(RefusalReason.FileNotValidated, date, action);
            }

            if (standing.InDebit)
            {
                return new Refusal(RefusalReason.AccountInDebit, date, action);
            }

            var period = tenant.PeriodContaining(date);
            if (period is null)
            {
                return new Refusal(RefusalReason.NoPeriod, date, action);
            }

            if (now < period.OpensAt)
            {
                return new Refusal(RefusalReason.NotOpenYet, date, action, Article(period.Name), period.OpensAt, period.OpensAt.InZone(tenant.Zone).LocalDateTime);
            }

            if (activity.MaxAdvanceDays is { } max && date > today.PlusDays(max))
            {
                var from = date.PlusDays(-max).AtMidnight();
                return new Refusal(RefusalReason.TooFarAhead, date, action, $"au plus {max} jours à l'avance", from.InZoneLeniently(tenant.Zone).ToInstant(), from);
            }
        }

        var rule = action == BookingAction.Book ? activity.Deadline : activity.CancelDeadline;
        var deadlineLocal = DeadlineLocal(tenant, activity, rule, date);
        var deadline = deadlineLocal.InZoneLeniently(tenant.Zone).ToInstant();
        return now < deadline ? null : new Refusal(RefusalReason.TooLate, date, action, null, deadline, deadline.InZone(tenant.Zone).LocalDateTime);
    }

    private static LocalDateTime DeadlineLocal(Tenant tenant, Activity activity, BookingDeadline rule, LocalDate date)
    {
        var reference = rule.Anchor == DeadlineAnchor.HolidayStart
            ? tenant.SchoolCalendar.HolidayOn(date)?.Days.Start ?? date
            : date;
        switch (rule.Unit)
        {
            case DeadlineUnit.Hours:
                // Elapsed hours: go through the instant so that a clock change counts as the hour it is.
                var start = reference.At(activity.Start).InZoneLeniently(tenant.Zone).ToInstant();
                return start.Minus(Duration.FromHours(rule.Amount)).InZone(tenant.Zone).LocalDateTime;
            case DeadlineUnit.WorkingDays:
                var last = reference;
                for (var n = 0; n < rule.Amount;)
                {
                    last = last.PlusDays(-1);
                    if (tenant.SchoolCalendar.IsWorkingDay(last))
                    {
                        n++;
                    }
                }

                return Close(last, rule.CutOff);
            default:
                return Close(reference.PlusDays(-rule.Amount), rule.CutOff);
        }
    }

    // The last day stays open until its cut-off, or to its end when there is none.
    private static LocalDateTime Close(LocalDate lastDay, LocalTime? cutOff) =>
        cutOff is { } c ? lastDay.At(c) : lastDay.PlusDays(1).AtMidnight();

    private static string AgeBand(Eligibility e) => (e.MinAge, e.MaxAge) switch
    {
        ({ } min, { } max) => $"elle est réservée aux enfants de {min} à {max - 1} ans",
        ({ } min, null) => $"elle est réservée aux enfants de {min} ans et plus",
        (null, { } max) => $"elle est réservée aux enfants de moins de {max} ans",
        _ => "",
    };

    // "Période 2" → "période 2" for "Les réservations de la période 2 ouvriront…".
    private static string Article(string name) => name.Length > 0 ? char.ToLowerInvariant(name[0]) + name[1..] : name;
}
