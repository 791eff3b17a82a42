using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Catalog;

public class ConfigurationTests
{
    [Fact]
    public void R_TEN_1_the_sample_municipality_loads_with_its_structures_activities_and_periods()
    {
        var tenant = Sample.Tenant;
        Assert.Equal("Mairie de Cestas", tenant.Name);
        Assert.Equal("Europe/Paris", tenant.Zone.Id);
        Assert.Equal(["Régie des services scolaires", "École de musique"], tenant.Structures.Select(s => s.Name));
        Assert.Equal(13, tenant.ActivitiesOf(new StructureId("scolaire")).Count);
        Assert.Single(tenant.ActivitiesOf(new StructureId("musique")));
        Assert.Equal(5, tenant.Periods.Count);
        Assert.Equal(At("2023-08-21T00:00"), tenant.Periods[0].OpensAt);
    }

    [Fact]
    public void R_ACT_4_exclusivity_is_symmetric()
    {
        Assert.Contains(new ActivityId("aps-forfait"), Activity("aps-matin").ExclusiveOf);
        Assert.Contains(new ActivityId("aps-forfait"), Activity("aps-soir").ExclusiveOf);
        Assert.DoesNotContain(new ActivityId("aps-soir"), Activity("aps-matin").ExclusiveOf);
    }

    [Fact]
    public void R_ACT_3_time_entry_activity_has_its_allowed_times()
    {
        var accueil = Activity("accueil-temps").TimeEntry!;
        Assert.Equal([new NodaTime.LocalTime(7, 0), new NodaTime.LocalTime(7, 30)], accueil.Arrivals);
        Assert.Equal(NodaTime.Period.FromMinutes(30), accueil.BillingUnit);
    }

    public static TheoryData<string, Action<TenantOptions>> InvalidSettings => new()
    {
        { "Portail:Tenants:0:Activities:3:Deadline:Days must be ≥ 0; found -1.", t => t.Activities[3].Deadline = new DeadlineOptions { Days = -1 } },
        { "Portail:Tenants:0:Activities:0:Deadline set only one of Days, WorkingDays or Hours.", t => t.Activities[0].Deadline = new DeadlineOptions { Days = 2, Hours = 48 } },
        { "Portail:Tenants:0:Activities:0:Deadline:CutOff '25:00' is not a time of day", t => t.Activities[0].Deadline.CutOff = "25:00" },
        { "Portail:Tenants:0:Activities:0:Deadline:Before HolidayStart needs the activity's Schedule to be SchoolHolidays.", t => t.Activities[0].Deadline.Before = "HolidayStart" },
        { "Portail:Tenants:0:Activities:0:Days:1 'Mardy' is not a day of the week", t => t.Activities[0].Days[1] = "Mardy" },
        { "Portail:Tenants:0:Activities:0:End must be after Start (11:30); found 11:00.", t => t.Activities[0].End = "11:00" },
        { "Portail:Tenants:0:Activities:0:Start '7h15' is not a time of day in the form HH:mm", t => t.Activities[0].Start = "7h15" },
        { "Portail:Tenants:0:Activities:0:Capacity must be ≥ 0", t => t.Activities[0].Capacity = -5 },
        { "Portail:Tenants:0:Activities:0:Waitlist needs a Capacity", t => t.Activities[0].Waitlist = 3 },
        { "Portail:Tenants:0:Activities:5:Eligibility:MaxAge must be greater than MinAge (3)", t => t.Activities[5].Eligibility.MaxAge = 3 },
        { "Portail:Tenants:0:Activities:0:Wallet 'porte-monnaie' is not a configured wallet type", t => t.Activities[0].Wallet = "porte-monnaie" },
        { "Portail:Tenants:0:Activities:0:Wallet wallet type 'musique' belongs to structure 'musique', not to 'scolaire'.", t => t.Activities[0].Wallet = "musique" },
        { "Portail:Tenants:0:Activities:0:Structure 'cantine' is not a configured structure", t => t.Activities[0].Structure = "cantine" },
        { "Portail:Tenants:0:Activities:3:ExclusiveOf:0 'aps-midi' is not a configured activity", t => t.Activities[3].ExclusiveOf[0] = "aps-midi" },
        { "Portail:Tenants:0:Activities:0:Schedule 'Scolaire' is not one of SchoolTime, SchoolHolidays, AllYear.", t => t.Activities[0].Schedule = "Scolaire" },
        { "Portail:Tenants:0:Activities:0:BookingUnit HolidayPeriod needs Schedule SchoolHolidays.", t => t.Activities[0].BookingUnit = "HolidayPeriod" },
        { "Portail:Tenants:0:Activities:0:Price must be a non-negative amount in euros with at most two decimals; found 3.505.", t => t.Activities[0].Price = 3.505m },
        { "Portail:Tenants:0:Activities:0:MaxAdvanceDays must be ≥ 1", t => t.Activities[0].MaxAdvanceDays = 0 },
        { "Portail:Tenants:0:Activities:4:TimeEntry:Arrivals:1 '7:3' is not a time of day", t => t.Activities[4].TimeEntry!.Arrivals[1] = "7:3" },
        { "Portail:Tenants:0:Activities:1:Id 'restauration' is already used by another activity.", t => t.Activities[1].Id = "restauration" },
        { "Portail:Tenants:0:Activities:0:Name is required.", t => t.Activities[0].Name = " " },
        { "Portail:Tenants:0:Periods:1:Start period 'P2' (2023-11-03 to 2024-01-05) overlaps period 'P1'", t => t.Periods[1].Start = "2023-11-03" },
        { "Portail:Tenants:0:Periods:0:OpensAt '21/08/2023' is not a local date (yyyy-MM-dd) or date and time (yyyy-MM-ddTHH:mm).", t => t.Periods[0].OpensAt = "21/08/2023" },
        { "Portail:Tenants:0:Periods:0:End must not be before Start (2023-09-04); found 2023-09-01.", t => t.Periods[0].End = "2023-09-01" },
        { "Portail:Tenants:0:SchoolHolidays:0:Start '2023-02-30' is not a date", t => t.SchoolHolidays[0].Start = "2023-02-30" },
        { "Portail:Tenants:0:Closures:0:Kind 'Férié' is not one of PublicHoliday, Closure, Strike.", t => t.Closures[0].Kind = "Férié" },
        { "Portail:Tenants:0:TimeZone 'Europe/Cestas' is not a known IANA time zone", t => t.TimeZone = "Europe/Cestas" },
        { "Portail:Tenants:0:Structures must list at least one structure", t => t.Structures.Clear() },
        { "Portail:Tenants:0:WalletTypes:0:Structure 'regie' is not a configured structure", t => t.WalletTypes[0].Structure = "regie" },
        { "Portail:Tenants:0:Billing:DebtorMeasure 'Global' is not one of PerWallet, Overall.", t => t.Billing.DebtorMeasure = "Global" },
        { "Portail:Tenants:0:Billing:UnbookedPresencePercent must be from 0 to 1000 (100: the day's price); found -10.", t => t.Billing.UnbookedPresencePercent = -10 },
        { "Portail:Tenants:0:Billing:HistoryMonths must be from 1 to 24 (2: the current and the previous month); found 0.", t => t.Billing.HistoryMonths = 0 },
        { "Portail:Tenants:0:Billing:DebitDaysInAdvance must be from 0 (debited when consumed) to 90 days; found 120.", t => t.Billing.DebitDaysInAdvance = 120 },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void R_TEN_1_each_invalid_setting_is_named_in_the_error(string expected, Action<TenantOptions> breakIt)
    {
        ArgumentNullException.ThrowIfNull(breakIt);
        var options = Options();
        breakIt(options.Tenants[0]);
        var errors = CatalogueLoader.TryLoad(options, "Portail", out var catalogue);
        Assert.Null(catalogue);
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void R_TEN_1_all_errors_are_reported_at_once()
    {
        var options = Options();
        options.Tenants[0].Activities[0].Start = "x";
        options.Tenants[0].Periods[0].OpensAt = "y";
        var errors = CatalogueLoader.TryLoad(options, "Portail", out _);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void R_TEN_1_no_tenant_is_an_error()
    {
        var errors = CatalogueLoader.TryLoad(new PortailOptions(), "Portail", out _);
        Assert.Equal(["Portail:Tenants must list at least one municipality (Id, Name, Structures, Activities, Periods…)."], errors);
    }

    [Fact]
    public void R_TEN_1_start_up_fails_naming_the_setting()
    {
        using var provider = Provider(new() { ["Portail:Tenants:0:Activities:3:Deadline:Days"] = "-1" });
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Portail:Tenants:0:Activities:3:Deadline:Days must be ≥ 0; found -1.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_up_without_storage_names_the_package_to_add()
    {
        using var provider = Provider([], withStorage: false);
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Portail.Adapters.Sqlite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_configuration_starts_and_resolves_the_use_cases()
    {
        using var provider = Provider([]);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<Portail.Calendar.ReservationCalendar>());
        Assert.Equal("Mairie de Cestas", provider.GetRequiredService<Catalogue>()[Sample.Cestas].Name);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> overrides, bool withStorage = true)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json"))
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        var portail = services.AddPortail(config.GetSection("Portail"));
        if (withStorage)
        {
            portail.UseInMemoryStorage();
        }

        return services.BuildServiceProvider();
    }
}
