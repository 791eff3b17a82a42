using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail;
using Portail.Billing;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Families;
using Portail.InMemory;
using Portail.Windows;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <see cref="PortailServiceCollectionExtensions.AddPortail"/> returns: adapters add themselves to it (<c>UseSqliteStorage</c>…).</summary>
public interface IPortailBuilder
{
    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Registers Portail in a host.</summary>
public static class PortailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core: the catalogue read from <paramref name="section"/> and validated at start-up
    /// (errors name the setting), the clock (the system clock unless one is registered), the use cases,
    /// and the honest defaults of ports later issues implement (<see cref="NoFileReviewYet"/>,
    /// <see cref="NoLedgerYet"/>, <see cref="FixedActivityPrices"/>). Storage must be chosen with a
    /// <c>Use…Storage</c> call; start-up fails naming the package to add when none is.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The <c>Portail</c> configuration section.</param>
    public static IPortailBuilder AddPortail(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var path = section is IConfigurationSection s ? s.Path : "Portail";

        services.AddOptions<PortailOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortailOptions>>(new CatalogueValidation(path));
        services.TryAddSingleton(sp => CatalogueLoader.Load(sp.GetRequiredService<IOptions<PortailOptions>>().Value, path));

#pragma warning disable RS0030 // the one place the system clock is the default; hosts and tests register their own IClock
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<IFamilyFileStatus, NoFileReviewYet>();
        services.TryAddSingleton<IAccountStanding, NoLedgerYet>();
        services.TryAddSingleton<IPriceList, FixedActivityPrices>();
        services.TryAddSingleton<ReservationCalendar>();
        services.TryAddSingleton<BookingService>();

        services.AddOptions<StorageCheck>()
            .Validate<IServiceProvider>(
                (_, sp) => sp.GetService<IBookingStore>() is not null && sp.GetService<IBasketStore>() is not null && sp.GetService<IFamilyDirectory>() is not null,
                "No storage is configured for Portail: call UseInMemoryStorage() for tests and demos, or add the package "
                + "Portail.Adapters.Sqlite and call UseSqliteStorage(\"Data Source=portail.db\") after AddPortail(...).")
            .ValidateOnStart();
        return new PortailBuilder(services);
    }

    /// <summary>
    /// Stores everything in memory (<see cref="InMemoryBookingStore"/>, <see cref="InMemoryBasketStore"/>, <see cref="InMemoryFamilyDirectory"/>):
    /// for tests, demos and quick starts; nothing survives a restart. The last <c>Use…Storage</c> call wins.
    /// </summary>
    public static IPortailBuilder UseInMemoryStorage(this IPortailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.RemoveAll<IBookingReader>();
        services.RemoveAll<IBookingStore>();
        services.RemoveAll<IFamilyDirectory>();
        services.RemoveAll<IBasketStore>();
        services.TryAddSingleton<InMemoryBookingStore>();
        services.TryAddSingleton<InMemoryBasketStore>();
        services.AddSingleton<IBasketStore>(sp => sp.GetRequiredService<InMemoryBasketStore>());
        services.TryAddSingleton<InMemoryFamilyDirectory>();
        services.AddSingleton<IBookingStore>(sp => sp.GetRequiredService<InMemoryBookingStore>());
        services.AddSingleton<IBookingReader>(sp => sp.GetRequiredService<InMemoryBookingStore>());
        services.AddSingleton<IFamilyDirectory>(sp => sp.GetRequiredService<InMemoryFamilyDirectory>());
        return builder;
    }

    private sealed class PortailBuilder(IServiceCollection services) : IPortailBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class StorageCheck;

    private sealed class CatalogueValidation(string path) : IValidateOptions<PortailOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortailOptions options)
        {
            var errors = CatalogueLoader.TryLoad(options, path, out _);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
