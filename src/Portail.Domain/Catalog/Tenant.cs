using NodaTime;

namespace Portail.Catalog;

/// <summary>
/// One municipality's catalogue (R-TEN-1): its structures, wallet types, activities, booking
/// periods and school calendar, in its own time zone. Immutable; built from validated
/// configuration by <see cref="Configuration.CatalogueLoader"/>.
/// </summary>
public sealed class Tenant
{
    private readonly Dictionary<ActivityId, Activity> _activities;

    internal Tenant(
        TenantId id,
        string name,
        DateTimeZone zone,
        IReadOnlyList<Structure> structures,
        IReadOnlyList<WalletType> walletTypes,
        IReadOnlyList<Activity> activities,
        IReadOnlyList<BookingPeriod> periods,
        SchoolCalendar schoolCalendar,
        Billing.BillingRules billing)
    {
        Id = id;
        Name = name;
        Zone = zone;
        Structures = structures;
        WalletTypes = walletTypes;
        Activities = activities;
        Periods = periods;
        SchoolCalendar = schoolCalendar;
        Billing = billing;
        _activities = activities.ToDictionary(a => a.Id);
    }

    /// <summary>The billing rules (<c>Portail:Tenants:N:Billing</c>).</summary>
    public Billing.BillingRules Billing { get; }

    /// <summary>The tenant's code.</summary>
    public TenantId Id { get; }

    /// <summary>The name families see, e.g. "Mairie de Cestas".</summary>
    public string Name { get; }

    /// <summary>The zone every date and instant of this tenant is read in (Europe/Paris by default).</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The structures (régies), in configuration order; the first is the default of the menu.</summary>
    public IReadOnlyList<Structure> Structures { get; }

    /// <summary>The wallet types of all structures.</summary>
    public IReadOnlyList<WalletType> WalletTypes { get; }

    /// <summary>Every activity of every structure, in configuration order.</summary>
    public IReadOnlyList<Activity> Activities { get; }

    /// <summary>The booking periods, ordered by their first day; they never overlap.</summary>
    public IReadOnlyList<BookingPeriod> Periods { get; }

    /// <summary>School holidays, public holidays and closures.</summary>
    public SchoolCalendar SchoolCalendar { get; }

    /// <summary>The activity with this id, or <see langword="null"/> when the tenant has none.</summary>
    public Activity? FindActivity(ActivityId id) => _activities.GetValueOrDefault(id);

    /// <summary>The structure with this id, or <see langword="null"/>.</summary>
    public Structure? FindStructure(StructureId id)
    {
        foreach (var s in Structures)
        {
            if (s.Id == id)
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>The activities of one structure, in configuration order.</summary>
    public IReadOnlyList<Activity> ActivitiesOf(StructureId structure) =>
        Activities.Where(a => a.Structure == structure).ToList();

    /// <summary>The booking period whose days include <paramref name="date"/>, or <see langword="null"/>.</summary>
    public BookingPeriod? PeriodContaining(LocalDate date)
    {
        // Few periods a year: a linear scan beats any index.
        foreach (var p in Periods)
        {
            if (p.Days.Contains(date))
            {
                return p;
            }
        }

        return null;
    }
}

/// <summary>A structure (régie) of a tenant: a menu entry for families (R-TEN-1).</summary>
/// <param name="Id">The structure's code.</param>
/// <param name="Name">The name families see, e.g. "Régie des services scolaires".</param>
public sealed record Structure(StructureId Id, string Name);

/// <summary>A wallet type (porte-monnaie) of a structure; each activity is paid from one (R-WAL-1).</summary>
/// <param name="Id">The wallet type's code.</param>
/// <param name="Name">The name families see, e.g. "Services Scolaires et ALSH".</param>
/// <param name="Structure">The structure it belongs to.</param>
public sealed record WalletType(WalletTypeId Id, string Name, StructureId Structure);

/// <summary>
/// A booking period (R-WIN-1): bookings for <see cref="Days"/> open at <see cref="OpensAt"/>.
/// </summary>
/// <param name="Id">The period's code.</param>
/// <param name="Name">The name families see, e.g. "Période 2".</param>
/// <param name="Days">The days it covers; both ends included (<see cref="DateInterval"/>).</param>
/// <param name="OpensAt">The instant bookings open, resolved in the tenant's zone.</param>
public sealed record BookingPeriod(PeriodId Id, string Name, DateInterval Days, Instant OpensAt);
