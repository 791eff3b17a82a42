using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portail.Adapters.Sqlite;
using Portail.Booking;
using Portail.Families;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses SQLite as Portail's storage.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>
    /// Stores bookings, day counts, waiting lists, baskets and children in the SQLite file of
    /// <paramref name="connectionString"/> (e.g. <c>"Data Source=App_Data/portail.db"</c>). The file
    /// and its folder are created, and the schema migrated, when the host starts. The last
    /// <c>Use…Storage</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file; checked at start-up.</param>
    public static IPortailBuilder UseSqliteStorage(this IPortailBuilder builder, string connectionString) =>
        builder.UseSqliteStorage(o => o.ConnectionString = connectionString ?? string.Empty);

    /// <summary>
    /// Stores bookings, day counts, waiting lists, baskets and children in SQLite, configured by
    /// <paramref name="configure"/>; the options are validated when the host starts, with messages
    /// naming the property at fault. The last <c>Use…Storage</c> call wins, and replaces the options
    /// of an earlier <c>UseSqliteStorage</c>.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="configure">Sets <see cref="SqliteStorageOptions"/>.</param>
    public static IPortailBuilder UseSqliteStorage(this IPortailBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.RemoveAll<IBookingReader>();
        services.RemoveAll<IBookingStore>();
        services.RemoveAll<IFamilyDirectory>();
        services.RemoveAll<IBasketStore>();
        services.RemoveAll<IConfigureOptions<SqliteStorageOptions>>();

        services.AddOptions<SqliteStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidation>());
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value));
        services.TryAddSingleton(sp => new SqliteBookingStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton(sp => new SqliteBasketStore(sp.GetRequiredService<SqliteDatabase>()));
        services.TryAddSingleton(sp => new SqliteFamilyDirectory(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IBookingStore>(sp => sp.GetRequiredService<SqliteBookingStore>());
        services.AddSingleton<IBookingReader>(sp => sp.GetRequiredService<SqliteBookingStore>());
        services.AddSingleton<IBasketStore>(sp => sp.GetRequiredService<SqliteBasketStore>());
        services.AddSingleton<IFamilyDirectory>(sp => sp.GetRequiredService<SqliteFamilyDirectory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteMigrationService>(sp => new SqliteMigrationService(sp)));
        return builder;
    }
}
