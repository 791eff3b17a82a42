using Portail.Billing;
using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Portail.Catalog.Configuration;

/// <summary>
/// Turns the <c>Portail</c> configuration section into a <see cref="Catalogue"/>, or into the
/// list of every faulty setting, each named by its full configuration path (R-TEN-1, R-ACT,
/// R-WIN; ARCHITECTURE.md must 7).
/// </summary>
public static class CatalogueLoader
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>Builds the catalogue, or returns every error found.</summary>
    /// <param name="options">The bound section.</param>
    /// <param name="sectionPath">The section's path, used to name settings (e.g. <c>Portail</c>).</param>
    /// <param name="catalogue">The catalogue when there is no error.</param>
    /// <returns>The errors; empty when <paramref name="catalogue"/> was built.</returns>
    public static IReadOnlyList<string> TryLoad(PortailOptions options, string sectionPath, out Catalogue? catalogue)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Errors();
        var tenants = new List<Tenant>();
        if (options.Tenants.Count == 0)
        {
            errors.Add($"{sectionPath}:Tenants", "must list at least one municipality (Id, Name, Structures, Activities, Periods…)");
        }

        var tenantIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var path = $"{sectionPath}:Tenants:{i}";
            var tenant = LoadTenant(options.Tenants[i], path, errors);
            if (tenant is not null && !tenantIds.Add(tenant.Id.Value))
            {
                errors.Add($"{path}:Id", $"'{tenant.Id}' is already used by another tenant");
            }

            if (tenant is not null)
            {
                tenants.Add(tenant);
            }
        }

        catalogue = errors.Count == 0 ? new Catalogue(tenants) : null;
        return errors.List;
    }

    /// <summary>Builds the catalogue or throws one exception listing every error.</summary>
    /// <exception cref="InvalidOperationException">The configuration has errors; the message names each setting.</exception>
    public static Catalogue Load(PortailOptions options, string sectionPath)
    {
        var errors = TryLoad(options, sectionPath, out var catalogue);
        return catalogue ?? throw new InvalidOperationException(
            "The Portail configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
    }

    private static Tenant? LoadTenant(TenantOptions o, string path, Errors errors)
    {
        var before = errors.Count;
        var id = Required(o.Id, $"{path}:Id", errors);
        var name = Required(o.Name, $"{path}:Name", errors);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.TimeZone ?? "");
        if (zone is null)
        {
            errors.Add($"{path}:TimeZone", $"'{o.TimeZone}' is not a known IANA time zone (e.g. Europe/Paris)");
        }

        var structures = new List<Structure>();
        var structureIds = new HashSet<string>(StringComparer.Ordinal);
        if (o.Structures.Count == 0)
        {
            errors.Add($"{path}:Structures", "must list at least one structure (régie)");
        }

        for (var i = 0; i < o.Structures.Count; i++)
        {
            var sp = $"{path}:Structures:{i}";
            var sid = Required(o.Structures[i].Id, $"{sp}:Id", errors);
            var sname = Required(o.Structures[i].Name, $"{sp}:Name", errors);
            if (sid is not null && !structureIds.Add(sid))
            {
                errors.Add($"{sp}:Id", $"'{sid}' is already used by another structure");
            }
            else if (sid is not null && sname is not null)
            {
                structures.Add(new Structure(new StructureId(sid), sname));
            }
        }

        var wallets = new List<WalletType>();
        for (var i = 0; i < o.WalletTypes.Count; i++)
        {
            var wp = $"{path}:WalletTypes:{i}";
            var w = o.WalletTypes[i];
            var wid = Required(w.Id, $"{wp}:Id", errors);
            var wname = Required(w.Name, $"{wp}:Name", errors);
            var ws = Reference(w.Structure, structureIds, $"{wp}:Structure", "structure", errors);
            if (wid is not null && wallets.Any(x => x.Id.Value == wid))
            {
                errors.Add($"{wp}:Id", $"'{wid}' is already used by another wallet type");
            }
            else if (wid is not null && wname is not null && ws is not null)
            {
                wallets.Add(new WalletType(new WalletTypeId(wid), wname, new StructureId(ws)));
            }
        }

        var holidays = new List<SchoolHoliday>();
        for (var i = 0; i < o.SchoolHolidays.Count; i++)
        {
            var hp = $"{path}:SchoolHolidays:{i}";
            var h = o.SchoolHolidays[i];
            var hname = Required(h.Name, $"{hp}:Name", errors);
            var days = Interval(h.Start, h.End, hp, requireEnd: true, errors);
            if (hname is not null && days is not null)
            {
                holidays.Add(new SchoolHoliday(hname, days));
            }
        }

        var activityIds = new HashSet<string>(o.Activities.Select(a => a.Id ?? "").Where(a => a.Length > 0), StringComparer.Ordinal);
        var closures = new List<Closure>();
        for (var i = 0; i < o.Closures.Count; i++)
        {
            var cp = $"{path}:Closures:{i}";
            var c = o.Closures[i];
            var cname = Required(c.Name, $"{cp}:Name", errors);
            var kind = Enum<ClosureKind>(c.Kind, $"{cp}:Kind", errors);
            var days = Interval(c.Start, c.End, cp, requireEnd: false, errors);
            var acts = References(c.Activities, activityIds, $"{cp}:Activities", "activity", errors);
            if (cname is not null && kind is not null && days is not null)
            {
                closures.Add(new Closure(cname, kind.Value, days, acts));
            }
        }

        var periods = new List<BookingPeriod>();
        for (var i = 0; i < o.Periods.Count; i++)
        {
            var pp = $"{path}:Periods:{i}";
            var p = o.Periods[i];
            var pid = Required(p.Id, $"{pp}:Id", errors);
            var pname = Required(p.Name, $"{pp}:Name", errors);
            var days = Interval(p.Start, p.End, pp, requireEnd: true, errors);
            var opens = OpeningTime(p.OpensAt, $"{pp}:OpensAt", errors);
            if (pid is not null && periods.Any(x => x.Id.Value == pid))
            {
                errors.Add($"{pp}:Id", $"'{pid}' is already used by another period");
            }
            else if (pid is not null && pname is not null && days is not null && opens is not null && zone is not null)
            {
                var overlapping = periods.FirstOrDefault(x => x.Days.Intersection(days) is not null);
                if (overlapping is not null)
                {
                    errors.Add($"{pp}:Start", $"period '{pid}' ({days.Start:uuuu-MM-dd} to {days.End:uuuu-MM-dd}) overlaps period '{overlapping.Id}'; a day belongs to one period only");
                }
                else
                {
                    periods.Add(new BookingPeriod(new PeriodId(pid), pname, days, opens.Value.InZoneLeniently(zone).ToInstant()));
                }
            }
        }

        var activities = new List<Activity>();
        for (var i = 0; i < o.Activities.Count; i++)
        {
            var a = LoadActivity(o.Activities[i], $"{path}:Activities:{i}", structureIds, wallets, activityIds, errors);
            if (a is not null)
            {
                if (activities.Any(x => x.Id == a.Id))
                {
                    errors.Add($"{path}:Activities:{i}:Id", $"'{a.Id}' is already used by another activity");
                }
                else
                {
                    activities.Add(a);
                }
            }
        }

        if (periods.Count > 0)
        {
            var first = periods.Min(p => p.Days.Start);
            for (var i = 0; i < o.Activities.Count; i++)
            {
                if (activities.FirstOrDefault(a => a.Id.Value == o.Activities[i].Id)?.Tariff is { } t && t.Revisions[0].From > first)
                {
                    errors.Add($"{path}:Activities:{i}:Tariff:Revisions:0:From", $"must be on or before {DatePattern.Format(first)}, the first day of the first period, so that every booking has a price; found {DatePattern.Format(t.Revisions[0].From)}");
                }
            }
        }

        var billing = LoadBilling(o.Billing ?? new BillingOptions(), $"{path}:Billing", errors);
        if (errors.Count > before || id is null || name is null || zone is null || billing is null)
        {
            return null;
        }

        return new Tenant(
            new TenantId(id),
            name,
            zone,
            structures,
            wallets,
            MakeExclusivitySymmetric(activities),
            periods.OrderBy(p => p.Days.Start).ToList(),
            new SchoolCalendar(holidays, closures),
            billing);
    }

    private static Billing.BillingRules? LoadBilling(BillingOptions b, string path, Errors errors)
    {
        var measure = Enum<Billing.DebtorMeasure>(b.DebtorMeasure, $"{path}:DebtorMeasure", errors);
        if (b.UnbookedPresencePercent is < 0 or > 1000)
        {
            errors.Add($"{path}:UnbookedPresencePercent", $"must be from 0 to 1000 (100: the day's price); found {b.UnbookedPresencePercent}");
        }

        if (b.HistoryMonths is < 1 or > 24)
        {
            errors.Add($"{path}:HistoryMonths", $"must be from 1 to 24 (2: the current and the previous month); found {b.HistoryMonths}");
        }

        if (b.DebitDaysInAdvance is < 0 or > 90)
        {
            errors.Add($"{path}:DebitDaysInAdvance", $"must be from 0 (debited when consumed) to 90 days; found {b.DebitDaysInAdvance}");
        }

        return measure is { } m && b.UnbookedPresencePercent is >= 0 and <= 1000 && b.HistoryMonths is >= 1 and <= 24 && b.DebitDaysInAdvance is >= 0 and <= 90
            ? new Billing.BillingRules(m, b.BillJustifiedAbsence, b.BillUnjustifiedAbsence, b.UnbookedPresencePercent, b.HistoryMonths, b.DebitDaysInAdvance)
            : null;
    }

    private static Activity? LoadActivity(
        ActivityOptions a, string path, HashSet<string> structureIds, List<WalletType> wallets, HashSet<string> activityIds, Errors errors)
    {
        var before = errors.Count;
        var id = Required(a.Id, $"{path}:Id", errors);
        var name = Required(a.Name, $"{path}:Name", errors);
        var structure = Reference(a.Structure, structureIds, $"{path}:Structure", "structure", errors);
        var walletId = Required(a.Wallet, $"{path}:Wallet", errors);
        var wallet = walletId is null ? null : wallets.FirstOrDefault(w => w.Id.Value == walletId);
        if (walletId is not null && wallet is null)
        {
            errors.Add($"{path}:Wallet", $"'{walletId}' is not a configured wallet type (WalletTypes:*:Id)");
        }
        else if (wallet is not null && structure is not null && wallet.Structure.Value != structure)
        {
            errors.Add($"{path}:Wallet", $"wallet type '{walletId}' belongs to structure '{wallet.Structure}', not to '{structure}'");
        }

        var days = WeekDays.None;
        if (a.Days.Count == 0)
        {
            errors.Add($"{path}:Days", "must list the days the activity runs (e.g. [\"Monday\", \"Tuesday\"] or [\"Lundi\", \"Mardi\"])");
        }

        for (var i = 0; i < a.Days.Count; i++)
        {
            var d = ParseDay(a.Days[i]);
            if (d == WeekDays.None)
            {
                errors.Add($"{path}:Days:{i}", $"'{a.Days[i]}' is not a day of the week (Monday…Sunday or Lundi…Dimanche)");
            }

            days |= d;
        }

        var start = Time(a.Start, $"{path}:Start", errors);
        var end = Time(a.End, $"{path}:End", errors);
        if (start is not null && end is not null && end <= start)
        {
            errors.Add($"{path}:End", $"must be after Start ({a.Start}); found {a.End}");
        }

        var schedule = Enum<ServiceSchedule>(a.Schedule, $"{path}:Schedule", errors);
        var eligibility = LoadEligibility(a.Eligibility, $"{path}:Eligibility", errors);

        if (a.Capacity is < 0)
        {
            errors.Add($"{path}:Capacity", $"must be ≥ 0, or left empty for unlimited places; found {a.Capacity}");
        }

        if (a.Waitlist < 0)
        {
            errors.Add($"{path}:Waitlist", $"must be ≥ 0; found {a.Waitlist}");
        }
        else if (a.Waitlist > 0 && a.Capacity is null)
        {
            errors.Add($"{path}:Waitlist", "needs a Capacity: an activity with unlimited places has no waiting list");
        }

        TimeEntry? timeEntry = null;
        if (a.TimeEntry is { } te)
        {
            var arrivals = Times(te.Arrivals, $"{path}:TimeEntry:Arrivals", errors);
            var departures = Times(te.Departures, $"{path}:TimeEntry:Departures", errors);
            if (te.Arrivals.Count == 0 && te.Departures.Count == 0)
            {
                errors.Add($"{path}:TimeEntry", "must list allowed Arrivals and/or Departures (HH:mm)");
            }

            if (te.BillingUnitMinutes <= 0)
            {
                errors.Add($"{path}:TimeEntry:BillingUnitMinutes", $"must be > 0; found {te.BillingUnitMinutes}");
            }

            timeEntry = new TimeEntry(arrivals, departures, Period.FromMinutes(te.BillingUnitMinutes));
        }

        var exclusive = new HashSet<ActivityId>();
        for (var i = 0; i < a.ExclusiveOf.Count; i++)
        {
            var x = a.ExclusiveOf[i];
            if (x == a.Id)
            {
                errors.Add($"{path}:ExclusiveOf:{i}", "an activity cannot exclude itself");
            }
            else if (!activityIds.Contains(x))
            {
                errors.Add($"{path}:ExclusiveOf:{i}", $"'{x}' is not a configured activity (Activities:*:Id)");
            }
            else
            {
                exclusive.Add(new ActivityId(x));
            }
        }

        var unit = Enum<BookingUnit>(a.BookingUnit, $"{path}:BookingUnit", errors);
        if (unit == Catalog.BookingUnit.HolidayPeriod && schedule != ServiceSchedule.SchoolHolidays)
        {
            errors.Add($"{path}:BookingUnit", "HolidayPeriod needs Schedule SchoolHolidays");
        }

        var deadline = LoadDeadline(a.Deadline, $"{path}:Deadline", schedule, errors);
        var cancelDeadline = a.CancelDeadline is null ? deadline : LoadDeadline(a.CancelDeadline, $"{path}:CancelDeadline", schedule, errors);

        if (a.MaxAdvanceDays is < 1)
        {
            errors.Add($"{path}:MaxAdvanceDays", $"must be ≥ 1, or left empty for no limit; found {a.MaxAdvanceDays}");
        }

        Amount(a.Price, $"{path}:Price", errors);
        var tariff = a.Tariff is null ? null : LoadTariff(a.Tariff, $"{path}:Tariff", errors);

        if (errors.Count > before)
        {
            return null;
        }

        return new Activity(
            new ActivityId(id!), name!, new StructureId(structure!), wallet!.Id, days, start!.Value, end!.Value, schedule!.Value,
            eligibility!, a.Capacity, a.Waitlist, a.ManualApproval, timeEntry, exclusive, unit!.Value, deadline!, cancelDeadline!,
            a.MaxAdvanceDays, a.Price, tariff);
    }

    // R-TAR-1: revisions in strictly increasing date order; brackets contiguous from 0, the last open.
    private static Tariff? LoadTariff(TariffOptions t, string path, Errors errors)
    {
        var before = errors.Count;
        if (t.Revisions.Count == 0)
        {
            errors.Add($"{path}:Revisions", "must list at least one revision (From, Brackets, ResidentWithoutCertificate, NonResident), or remove Tariff to use Price");
            return null;
        }

        var revisions = new List<TariffRevision>();
        for (var i = 0; i < t.Revisions.Count; i++)
        {
            var rp = $"{path}:Revisions:{i}";
            var r = t.Revisions[i];
            var from = Date(r.From, $"{rp}:From", errors);
            if (from is { } f && revisions.Count > 0 && f <= revisions[^1].From)
            {
                errors.Add($"{rp}:From", $"must come after the previous revision's {DatePattern.Format(revisions[^1].From)}; found {DatePattern.Format(f)}");
            }

            var brackets = new List<QuotientBracket>();
            if (r.Brackets.Count == 0)
            {
                errors.Add($"{rp}:Brackets", "must list at least one bracket, starting at From 0");
            }

            for (var j = 0; j < r.Brackets.Count; j++)
            {
                var bp = $"{rp}:Brackets:{j}";
                var b = r.Brackets[j];
                var expected = j == 0 ? 0m : r.Brackets[j - 1].Below;
                if (b.From != expected)
                {
                    errors.Add($"{bp}:From", j == 0
                        ? $"must be 0 (the first bracket starts at a quotient of 0); found {b.From.ToString(CultureInfo.InvariantCulture)}"
                        : $"must be {expected?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, where the previous bracket stops, so that brackets neither overlap nor leave a gap; found {b.From.ToString(CultureInfo.InvariantCulture)}");
                }

                if (b.Below is { } below && below <= b.From)
                {
                    errors.Add($"{bp}:Below", $"must be above From {b.From.ToString(CultureInfo.InvariantCulture)}; found {below.ToString(CultureInfo.InvariantCulture)}");
                }

                if (b.Below is null && j < r.Brackets.Count - 1)
                {
                    errors.Add($"{bp}:Below", "is empty, which only the last bracket may be");
                }

                if (b.Below is not null && j == r.Brackets.Count - 1)
                {
                    errors.Add($"{bp}:Below", "must be empty: the last bracket covers every quotient above its From");
                }

                Amount(b.Price, $"{bp}:Price", errors);
                brackets.Add(new QuotientBracket(b.From, b.Below, b.Price));
            }

            Amount(r.ResidentWithoutCertificate, $"{rp}:ResidentWithoutCertificate", errors);
            Amount(r.NonResident, $"{rp}:NonResident", errors);
            if (from is { } day)
            {
                revisions.Add(new TariffRevision(day, brackets, r.ResidentWithoutCertificate ?? 0, r.NonResident ?? 0));
            }
        }

        return errors.Count > before ? null : new Tariff(revisions);
    }

    private static void Amount(decimal? amount, string path, Errors errors)
    {
        if (amount is not { } a)
        {
            errors.Add(path, "is required: an amount in euros with at most two decimals");
        }
        else if (a < 0 || decimal.Round(a, 2) != a)
        {
            errors.Add(path, $"must be a non-negative amount in euros with at most two decimals; found {a.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static Eligibility? LoadEligibility(EligibilityOptions e, string path, Errors errors)
    {
        var before = errors.Count;
        if (e.MinAge is < 0)
        {
            errors.Add($"{path}:MinAge", $"must be ≥ 0; found {e.MinAge}");
        }

        if (e.MaxAge is < 1)
        {
            errors.Add($"{path}:MaxAge", $"must be ≥ 1; found {e.MaxAge}");
        }

        if (e.MinAge is { } min && e.MaxAge is { } max && max <= min)
        {
            errors.Add($"{path}:MaxAge", $"must be greater than MinAge ({min}); the band is MinAge included, MaxAge excluded; found {max}");
        }

        return errors.Count > before
            ? null
            : new Eligibility(e.MinAge, e.MaxAge, new HashSet<string>(e.Schools, StringComparer.OrdinalIgnoreCase), e.RequiresEnrolment);
    }

    private static BookingDeadline? LoadDeadline(DeadlineOptions d, string path, ServiceSchedule? schedule, Errors errors)
    {
        var before = errors.Count;
        var set = (d.Days is null ? 0 : 1) + (d.WorkingDays is null ? 0 : 1) + (d.Hours is null ? 0 : 1);
        if (set > 1)
        {
            errors.Add(path, "set only one of Days, WorkingDays or Hours");
        }

        foreach (var (value, key) in new[] { (d.Days, "Days"), (d.WorkingDays, "WorkingDays"), (d.Hours, "Hours") })
        {
            if (value is < 0)
            {
                errors.Add($"{path}:{key}", $"must be ≥ 0; found {value}");
            }
        }

        var unit = d.Hours is not null ? DeadlineUnit.Hours : d.WorkingDays is not null ? DeadlineUnit.WorkingDays : DeadlineUnit.CalendarDays;
        var amount = d.Hours ?? d.WorkingDays ?? d.Days ?? 0;
        LocalTime? cutOff = null;
        if (!string.IsNullOrWhiteSpace(d.CutOff))
        {
            cutOff = Time(d.CutOff, $"{path}:CutOff", errors);
            if (unit == DeadlineUnit.Hours)
            {
                errors.Add($"{path}:CutOff", "has no meaning with Hours (the deadline is a number of hours before the start); remove it or count Days");
            }
        }

        var anchor = Enum<DeadlineAnchor>(d.Before, $"{path}:Before", errors);
        if (anchor == DeadlineAnchor.HolidayStart && schedule is not ServiceSchedule.SchoolHolidays)
        {
            errors.Add($"{path}:Before", "HolidayStart needs the activity's Schedule to be SchoolHolidays");
        }

        return errors.Count > before ? null : new BookingDeadline(amount, unit, cutOff, anchor!.Value);
    }

    private static List<Activity> MakeExclusivitySymmetric(List<Activity> activities)
    {
        foreach (var a in activities)
        {
            foreach (var other in a.ExclusiveOf)
            {
                var b = activities.FirstOrDefault(x => x.Id == other);
                if (b is not null && !b.ExclusiveOf.Contains(a.Id))
                {
                    ((HashSet<ActivityId>)b.ExclusiveOf).Add(a.Id);
                }
            }
        }

        return activities;
    }

    private static WeekDays ParseDay(string? s) => s?.Trim().ToUpperInvariant() switch
    {
        "MONDAY" or "LUNDI" => WeekDays.Monday,
        "TUESDAY" or "MARDI" => WeekDays.Tuesday,
        "WEDNESDAY" or "MERCREDI" => WeekDays.Wednesday,
        "THURSDAY" or "JEUDI" => WeekDays.Thursday,
        "FRIDAY" or "VENDREDI" => WeekDays.Friday,
        "SATURDAY" or "SAMEDI" => WeekDays.Saturday,
        "SUNDAY" or "DIMANCHE" => WeekDays.Sunday,
        _ => WeekDays.None,
    };

    private static string? Required(string? value, string path, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, "is required");
            return null;
        }

        return value.Trim();
    }

    private static string? Reference(string? value, HashSet<string> known, string path, string what, Errors errors)
    {
        var v = Required(value, path, errors);
        if (v is not null && !known.Contains(v))
        {
            errors.Add(path, $"'{v}' is not a configured {what}; known: {string.Join(", ", known)}");
            return null;
        }

        return v;
    }

    private static HashSet<ActivityId> References(List<string> values, HashSet<string> known, string path, string what, Errors errors)
    {
        var set = new HashSet<ActivityId>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!known.Contains(values[i]))
            {
                errors.Add($"{path}:{i}", $"'{values[i]}' is not a configured {what}");
            }
            else
            {
                set.Add(new ActivityId(values[i]));
            }
        }

        return set;
    }

    private static TEnum? Enum<TEnum>(string? value, string path, Errors errors)
        where TEnum : struct, Enum
    {
        if (System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var e) && System.Enum.IsDefined(e) && !int.TryParse(value, out _))
        {
            return e;
        }

        errors.Add(path, $"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }

    private static LocalTime? Time(string? value, string path, Errors errors)
    {
        var r = TimePattern.Parse(value ?? "");
        if (r.Success)
        {
            return r.Value;
        }

        errors.Add(path, $"'{value}' is not a time of day in the form HH:mm (e.g. 07:15)");
        return null;
    }

    private static List<LocalTime> Times(List<string> values, string path, Errors errors)
    {
        var list = new List<LocalTime>();
        for (var i = 0; i < values.Count; i++)
        {
            if (Time(values[i], $"{path}:{i}", errors) is { } t)
            {
                list.Add(t);
            }
        }

        list.Sort();
        return list;
    }

    private static LocalDate? Date(string? value, string path, Errors errors)
    {
        var r = DatePattern.Parse(value ?? "");
        if (r.Success)
        {
            return r.Value;
        }

        errors.Add(path, $"'{value}' is not a date in the form yyyy-MM-dd (e.g. 2023-09-04)");
        return null;
    }

    private static DateInterval? Interval(string? start, string? end, string path, bool requireEnd, Errors errors)
    {
        var s = Date(start, $"{path}:Start", errors);
        var e = !requireEnd && string.IsNullOrWhiteSpace(end) ? s : Date(end, $"{path}:End", errors);
        if (s is null || e is null)
        {
            return null;
        }

        if (e < s)
        {
            errors.Add($"{path}:End", $"must not be before Start ({start}); found {end}");
            return null;
        }

        return new DateInterval(s.Value, e.Value);
    }

    private static LocalDateTime? OpeningTime(string? value, string path, Errors errors)
    {
        var r = DateTimePattern.Parse(value ?? "");
        if (r.Success)
        {
            return r.Value;
        }

        var d = DatePattern.Parse(value ?? "");
        if (d.Success)
        {
            return d.Value.AtMidnight();
        }

        errors.Add(path, $"'{value}' is not a local date (yyyy-MM-dd) or date and time (yyyy-MM-ddTHH:mm)");
        return null;
    }

    private sealed class Errors
    {
        public List<string> List { get; } = [];

        public int Count => List.Count;

        public void Add(string path, string message) => List.Add($"{path} {message}.");
    }
}
