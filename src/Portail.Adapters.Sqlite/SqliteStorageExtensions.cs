using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portail.Adapters.Sqlite;

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
        services.RemoveAll<IConfigureOptions<SqliteStorageOptions>>();
        services.AddOptions<SqliteStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidation>());
        services.TryAddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value));
        return builder.UseStorage(sp => new SqliteStorage(sp.GetRequiredService<SqliteDatabase>()));
    }
}
