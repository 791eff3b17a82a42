namespace Portail.Catalog.Configuration;

// These classes mirror the "Portail" configuration section one to one. Values stay strings where
// a typo is likely (dates, times, day names, enums) so that CatalogueLoader can name the faulty
// setting in its error instead of failing inside the configuration binder.
#pragma warning disable CA1002, CA2227 // mutable lists are what the configuration binder fills

/// <summary>The <c>Portail</c> configuration section: the municipalities this installation serves.</summary>
public sealed class PortailOptions
{
    /// <summary>One entry per municipality (R-TEN-1).</summary>
    public List<TenantOptions> Tenants { get; set; } = [];
}

/// <summary>One municipality: <c>Portail:Tenants:N</c>.</summary>
public sealed class TenantOptions
{
    /// <summary>The tenant's code, unique in the installation (e.g. <c>cestas</c>).</summary>
    public string? Id { get; set; }

    /// <summary>The name families see, e.g. "Mairie de Cestas".</summary>
    public string? Name { get; set; }

    /// <summary>An IANA zone id.</summary>
    /// <value>Europe/Paris.</value>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>The structures (régies); at least one.</summary>
    public List<StructureOptions> Structures { get; set; } = [];

    /// <summary>The wallet types (porte-monnaie) of the structures.</summary>
    public List<WalletTypeOptions> WalletTypes { get; set; } = [];

    /// <summary>The bookable activities.</summary>
    public List<ActivityOptions> Activities { get; set; } = [];

    /// <summary>The booking periods and their opening instants (R-WIN-1).</summary>
    public List<PeriodOptions> Periods { get; set; } = [];

    /// <summary>The school holidays.</summary>
    public List<SchoolHolidayOptions> SchoolHolidays { get; set; } = [];

    /// <summary>Public holidays, closures and strike days.</summary>
    public List<ClosureOptions> Closures { get; set; } = [];

    /// <summary>The billing rules; every one has a default.</summary>
    public BillingOptions Billing { get; set; } = new();

    /// <summary>The family file (<c>Portail:Tenants:N:Dossier</c>, R-DOS); absent: the guides' defaults.</summary>
    public DossierOptions? Dossier { get; set; }
}

/// <summary>A municipality's billing rules: <c>Portail:Tenants:N:Billing</c> (see <see cref="Billing.BillingRules"/>).</summary>
public sealed class BillingOptions
{
    /// <summary><c>PerWallet</c> or <c>Overall</c>: how the debtor gate measures the debt (R-WIN-6).</summary>
    /// <value>PerWallet.</value>
    public string DebtorMeasure { get; set; } = "PerWallet";

    /// <summary>Whether an absence with a justification is billed.</summary>
    /// <value>false.</value>
    public bool BillJustifiedAbsence { get; set; }

    /// <summary>Whether an absence without justification is billed.</summary>
    /// <value>true.</value>
    public bool BillUnjustifiedAbsence { get; set; } = true;

    /// <summary>The price of a presence without booking, in percent of the day's price, from 0 to 1000.</summary>
    /// <value>100.</value>
    public int UnbookedPresencePercent { get; set; } = 100;

    /// <summary>How many months of history families see, the current one included, from 1 to 24.</summary>
    /// <value>2.</value>
    public int HistoryMonths { get; set; } = 2;

    /// <summary>0: a booking is debited when consumed; N (up to 90): the balance counts the accepted bookings of the next N days (R-WAL-4).</summary>
    /// <value>0.</value>
    public int DebitDaysInAdvance { get; set; }
}

/// <summary>A structure: <c>Portail:Tenants:N:Structures:M</c>.</summary>
public sealed class StructureOptions
{
    /// <summary>The structure's code, unique in its tenant.</summary>
    public string? Id { get; set; }

    /// <summary>The name families see.</summary>
    public string? Name { get; set; }
}

/// <summary>A wallet type: <c>Portail:Tenants:N:WalletTypes:M</c>.</summary>
public sealed class WalletTypeOptions
{
    /// <summary>The wallet type's code, unique in its tenant.</summary>
    public string? Id { get; set; }

    /// <summary>The name families see.</summary>
    public string? Name { get; set; }

    /// <summary>The id of the structure it belongs to.</summary>
    public string? Structure { get; set; }
}

/// <summary>An activity: <c>Portail:Tenants:N:Activities:M</c> (R-ACT-1..4, R-WIN-2..5).</summary>
public sealed class ActivityOptions
{
    /// <summary>The activity's code, unique in its tenant.</summary>
    public string? Id { get; set; }

    /// <summary>The name families see.</summary>
    public string? Name { get; set; }

    /// <summary>The id of the structure that runs it.</summary>
    public string? Structure { get; set; }

    /// <summary>The id of the wallet type it is paid from (of the same structure).</summary>
    public string? Wallet { get; set; }

    /// <summary>The days it runs: English or French names (<c>Monday</c> or <c>Lundi</c>).</summary>
    public List<string> Days { get; set; } = [];

    /// <summary>Start time, <c>HH:mm</c>.</summary>
    public string? Start { get; set; }

    /// <summary>End time, <c>HH:mm</c>, after the start.</summary>
    public string? End { get; set; }

    /// <summary><c>SchoolTime</c>, <c>SchoolHolidays</c> or <c>AllYear</c>.</summary>
    /// <value>SchoolTime.</value>
    public string Schedule { get; set; } = "SchoolTime";

    /// <summary>Who may book it.</summary>
    public EligibilityOptions Eligibility { get; set; } = new();

    /// <summary>Places per day; empty for unlimited.</summary>
    public int? Capacity { get; set; }

    /// <summary>Places on each day's waiting list; 0 for none. Needs a capacity.</summary>
    /// <value>0.</value>
    public int Waitlist { get; set; }

    /// <summary>Whether every request waits for the service's answer.</summary>
    public bool ManualApproval { get; set; }

    /// <summary>Arrival/departure times entered per day, or empty.</summary>
    public TimeEntryOptions? TimeEntry { get; set; }

    /// <summary>Ids of activities that cannot be booked the same day (the relation is made symmetric).</summary>
    public List<string> ExclusiveOf { get; set; } = [];

    /// <summary><c>Day</c>, <c>Week</c> or <c>HolidayPeriod</c>.</summary>
    /// <value>Day.</value>
    public string BookingUnit { get; set; } = "Day";

    /// <summary>The minimum notice to book.</summary>
    public DeadlineOptions Deadline { get; set; } = new();

    /// <summary>The minimum notice to cancel or change; the booking deadline when empty (R-WIN-4).</summary>
    public DeadlineOptions? CancelDeadline { get; set; }

    /// <summary>How many days ahead bookings may be made (R-WIN-3); empty for no limit.</summary>
    public int? MaxAdvanceDays { get; set; }

    /// <summary>The single unit price in euros, two decimals at most, when the activity has no <see cref="Tariff"/>.</summary>
    public decimal Price { get; set; }

    /// <summary>Prices by revision date and quotient bracket (R-TAR-1); empty for the single <see cref="Price"/>.</summary>
    public TariffOptions? Tariff { get; set; }
}

/// <summary>The tariff of an activity: its revisions (R-TAR-1).</summary>
public sealed class TariffOptions
{
    /// <summary>The revisions in date order; the first is dated on or before the first period's first day.</summary>
    public List<TariffRevisionOptions> Revisions { get; set; } = [];
}

/// <summary>The prices from a revision date on.</summary>
public sealed class TariffRevisionOptions
{
    /// <summary>The first day of service it prices, <c>2023-09-01</c>.</summary>
    public string? From { get; set; }

    /// <summary>Quotient brackets from 0, each starting where the previous one stops, the last without <c>Below</c>.</summary>
    public List<QuotientBracketOptions> Brackets { get; set; } = [];

    /// <summary>The unit price of a resident without a quotient certificate.</summary>
    public decimal? ResidentWithoutCertificate { get; set; }

    /// <summary>The unit price of a non-resident.</summary>
    public decimal? NonResident { get; set; }
}

/// <summary>One quotient bracket: <c>From</c> included, <c>Below</c> excluded.</summary>
public sealed class QuotientBracketOptions
{
    /// <summary>Lowest quotient of the bracket, in euros.</summary>
    public decimal From { get; set; }

    /// <summary>First quotient above the bracket; empty for the last bracket.</summary>
    public decimal? Below { get; set; }

    /// <summary>The unit price in euros, two decimals at most.</summary>
    public decimal Price { get; set; }
}

/// <summary>Who may book an activity.</summary>
public sealed class EligibilityOptions
{
    /// <summary>Youngest age admitted, in whole years on the day (included).</summary>
    public int? MinAge { get; set; }

    /// <summary>First age no longer admitted (excluded): a band "3-6" is 3 and 6.</summary>
    public int? MaxAge { get; set; }

    /// <summary>Schools whose pupils are admitted; empty for all.</summary>
    public List<string> Schools { get; set; } = [];

    /// <summary>Whether the child must be enrolled in the activity by the service.</summary>
    public bool RequiresEnrolment { get; set; }
}

/// <summary>Times entered per day (R-ACT-3).</summary>
public sealed class TimeEntryOptions
{
    /// <summary>Allowed arrival times, <c>HH:mm</c>.</summary>
    public List<string> Arrivals { get; set; } = [];

    /// <summary>Allowed departure times, <c>HH:mm</c>.</summary>
    public List<string> Departures { get; set; } = [];

    /// <summary>Billed unit of presence in minutes (a started unit is due).</summary>
    /// <value>30.</value>
    public int BillingUnitMinutes { get; set; } = 30;
}

/// <summary>
/// A minimum notice (R-WIN-2): set exactly one of <see cref="Days"/>, <see cref="WorkingDays"/>,
/// <see cref="Hours"/>; none means no notice.
/// </summary>
public sealed class DeadlineOptions
{
    /// <summary>Calendar days before the day.</summary>
    public int? Days { get; set; }

    /// <summary>Working days (Monday–Friday, public holidays excluded) before the day.</summary>
    public int? WorkingDays { get; set; }

    /// <summary>Elapsed hours before the activity starts.</summary>
    public int? Hours { get; set; }

    /// <summary>Time the last day closes, <c>HH:mm</c>; empty for the end of that day.</summary>
    public string? CutOff { get; set; }

    /// <summary><c>ServiceDay</c> or <c>HolidayStart</c> (the first day of the school holidays).</summary>
    /// <value>ServiceDay.</value>
    public string Before { get; set; } = "ServiceDay";
}

/// <summary>A booking period (R-WIN-1).</summary>
public sealed class PeriodOptions
{
    /// <summary>The period's code.</summary>
    public string? Id { get; set; }

    /// <summary>The name families see.</summary>
    public string? Name { get; set; }

    /// <summary>First day, <c>yyyy-MM-dd</c>.</summary>
    public string? Start { get; set; }

    /// <summary>Last day (included), <c>yyyy-MM-dd</c>.</summary>
    public string? End { get; set; }

    /// <summary>Opening, local time of the tenant: <c>yyyy-MM-dd</c> (midnight) or <c>yyyy-MM-ddTHH:mm</c>.</summary>
    public string? OpensAt { get; set; }
}

/// <summary>School holidays.</summary>
public sealed class SchoolHolidayOptions
{
    /// <summary>The name families see, e.g. "Vacances de la Toussaint".</summary>
    public string? Name { get; set; }

    /// <summary>First day of the holidays, <c>yyyy-MM-dd</c>.</summary>
    public string? Start { get; set; }

    /// <summary>Last day (included), <c>yyyy-MM-dd</c>.</summary>
    public string? End { get; set; }
}

/// <summary>A public holiday, closure or strike day.</summary>
public sealed class ClosureOptions
{
    /// <summary>The reason families see.</summary>
    public string? Name { get; set; }

    /// <summary><c>PublicHoliday</c>, <c>Closure</c> or <c>Strike</c>.</summary>
    /// <value>Closure.</value>
    public string Kind { get; set; } = "Closure";

    /// <summary>First day, <c>yyyy-MM-dd</c>.</summary>
    public string? Start { get; set; }

    /// <summary>Last day (included); the first day when empty.</summary>
    public string? End { get; set; }

    /// <summary>Ids of the activities closed; empty for all.</summary>
    public List<string> Activities { get; set; } = [];
}
