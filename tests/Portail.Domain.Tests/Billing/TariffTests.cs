using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog.Configuration;
using Portail.InMemory;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Billing;

/// <summary>R-TAR-1, R-TAR-2: prices by revision date and quotient bracket, flat rates, and the settings that would make them ambiguous.</summary>
public sealed class TariffTests
{
    // The canteen of the sample, with a tariff: three brackets, revised on 1 January 2024.
    private static PortailOptions WithCanteenTariff(Action<TariffOptions>? change = null)
    {
        var options = Options();
        var tariff = new TariffOptions
        {
            Revisions =
            [
                Revision("2023-09-01", 1.50m, 2.71m, 3.50m, 3.50m, 4.20m),
                Revision("2024-01-01", 1.55m, 2.80m, 3.60m, 3.60m, 4.30m),
            ],
        };
        change?.Invoke(tariff);
        options.ActivityOptions("restauration").Tariff = tariff;
        return options;
    }

    private static TariffRevisionOptions Revision(string from, decimal low, decimal middle, decimal high, decimal noCertificate, decimal nonResident) => new()
    {
        From = from,
        Brackets =
        [
            new() { From = 0, Below = 500, Price = low },
            new() { From = 500, Below = 900, Price = middle },
            new() { From = 900, Price = high },
        ],
        ResidentWithoutCertificate = noCertificate,
        NonResident = nonResident,
    };

    [Theory]
    [InlineData("2023-12-29", 499.99, "1.50")]
    [InlineData("2023-12-29", 500, "2.71")]
    [InlineData("2023-12-29", 900, "3.50")]
    [InlineData("2024-01-01", 0, "1.55")]
    [InlineData("2024-01-01", 899.99, "2.80")]
    [InlineData("2024-01-02", 12000, "3.60")]
    public void R_TAR_1_the_price_is_the_bracket_of_the_quotient_in_the_revision_in_force_on_the_day(string day, double quotient, string expected)
    {
        var canteen = Load(WithCanteenTariff()).FindActivity(new ActivityId("restauration"))!;

        var price = new ConfiguredPrices().PriceOf(Tenant, PricingProfile.WithQuotient((decimal)quotient), canteen, Day(day));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price);
    }

    [Fact]
    public void R_TAR_1_the_day_before_and_the_day_of_a_revision_have_their_own_prices_and_flat_rates()
    {
        var canteen = Load(WithCanteenTariff()).FindActivity(new ActivityId("restauration"))!;
        var prices = new ConfiguredPrices();

        Assert.Equal((3.50m, 4.20m), (prices.PriceOf(Tenant, PricingProfile.ResidentWithoutCertificate, canteen, Day("2023-12-31")), prices.PriceOf(Tenant, PricingProfile.NonResident, canteen, Day("2023-12-31"))));
        Assert.Equal((3.60m, 4.30m), (prices.PriceOf(Tenant, PricingProfile.ResidentWithoutCertificate, canteen, Day("2024-01-01")), prices.PriceOf(Tenant, PricingProfile.NonResident, canteen, Day("2024-01-01"))));
        Assert.Equal(1.12m, prices.PriceOf(Tenant, PricingProfile.WithQuotient(100), Activity("aps-matin"), Day("2024-01-01")));
    }

    public static TheoryData<string, string> FaultyTariffs() => new()
    {
        { "gap", "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:Brackets:1:From must be 500, where the previous bracket stops, so that brackets neither overlap nor leave a gap; found 600." },
        { "overlap", "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:Brackets:1:From must be 500, where the previous bracket stops, so that brackets neither overlap nor leave a gap; found 400." },
        { "not from 0", "Portail:Tenants:0:Activities:0:Tariff:Revisions:1:Brackets:0:From must be 0 (the first bracket starts at a quotient of 0); found 10." },
        { "last bounded", "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:Brackets:2:Below must be empty: the last bracket covers every quotient above its From." },
        { "order", "Portail:Tenants:0:Activities:0:Tariff:Revisions:1:From must come after the previous revision's 2023-09-01; found 2023-08-01." },
        { "late start", "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:From must be on or before 2023-09-04, the first day of the first period, so that every booking has a price; found 2023-09-05." },
        { "over-precise", "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:NonResident must be a non-negative amount in euros with at most two decimals; found 4.201." },
        { "missing rate", "Portail:Tenants:0:Activities:0:Tariff:Revisions:1:ResidentWithoutCertificate is required: an amount in euros with at most two decimals." },
    };

    [Theory]
    [MemberData(nameof(FaultyTariffs))]
    public void R_TAR_1_a_tariff_that_overlaps_leaves_a_gap_or_is_ambiguous_is_refused_at_start_up_naming_the_setting(string fault, string expected)
    {
        var options = WithCanteenTariff(t =>
        {
            switch (fault)
            {
                case "gap": t.Revisions[0].Brackets[1].From = 600; break;
                case "overlap": t.Revisions[0].Brackets[1].From = 400; break;
                case "not from 0": t.Revisions[1].Brackets[0].From = 10; break;
                case "last bounded": t.Revisions[0].Brackets[2].Below = 5000; break;
                case "order": t.Revisions[1].From = "2023-08-01"; break;
                case "late start": t.Revisions.RemoveAt(1); t.Revisions[0].From = "2023-09-05"; break;
                case "over-precise": t.Revisions[0].NonResident = 4.201m; break;
                case "missing rate": t.Revisions[1].ResidentWithoutCertificate = null; break;
                default: throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
            }
        });

        var errors = CatalogueLoader.TryLoad(options, "Portail", out var catalogue);

        Assert.Null(catalogue);
        Assert.Contains(expected, errors);
    }

    [Fact]
    public async Task R_TAR_1_R_ACC_6_separated_parents_each_pay_on_their_own_quotient()
    {
        const string canteen = "Portail:Tenants:0:Activities:0:Tariff:Revisions:0:";
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [canteen + "From"] = "2023-09-01",
                [canteen + "Brackets:0:From"] = "0", [canteen + "Brackets:0:Below"] = "500", [canteen + "Brackets:0:Price"] = "1.50",
                [canteen + "Brackets:1:From"] = "500", [canteen + "Brackets:1:Price"] = "2.71",
                [canteen + "ResidentWithoutCertificate"] = "3.50", [canteen + "NonResident"] = "4.20",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(At("2023-10-02T09:00")));
        services.AddSingleton<IFamilyPricing>(new Quotients(new() { [Dupont] = 450m, [new FamilyId("dupont-pere")] = 1200m }));
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        await using var provider = services.BuildServiceProvider();
        var families = provider.GetRequiredService<InMemoryFamilyDirectory>();
        families.Add(Cestas, Lenny);
        var service = provider.GetRequiredService<BookingService>();
        Basket Canteen(Families.Child child) => Basket.Empty.With(new PendingRequest(new RequestKey(child.Id, new ActivityId("restauration"), Day("2023-10-09")), RequestKind.Book));

        var mother = (await service.SummarizeAsync(new FamilyScope(Sample.Account(Dupont), new StructureId("scolaire")), Canteen(Lenny))).AsT0;
        // The father's account shares Lenny, who is recorded in the mother's family.
        var father = (await service.SummarizeAsync(new FamilyScope(Sample.Account(new FamilyId("dupont-pere"), shared: Lenny.Id), new StructureId("scolaire")), Canteen(Lenny))).AsT0;

        Assert.Equal(1.50m, Assert.Single(mother.Bookings).Cost);
        Assert.Equal(2.71m, Assert.Single(father.Bookings).Cost);
    }

    private sealed class Quotients(Dictionary<FamilyId, decimal> quotients) : IFamilyPricing
    {
        public ValueTask<PricingProfile> ProfileAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(quotients.TryGetValue(family, out var q) ? PricingProfile.WithQuotient(q) : PricingProfile.NonResident);
    }
}
