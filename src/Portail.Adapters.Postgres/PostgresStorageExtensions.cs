using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portail.Adapters.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses PostgreSQL as Portail's storage.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Stores bookings, day counts, waiting lists, baskets and children in the PostgreSQL database of
    /// <paramref name="connectionString"/> (e.g. <c>"Host=localhost;Database=portail;Username=portail;Password=…"</c>),
    /// in the schema <c>portail</c>, created and migrated when the host starts. Several host processes
    /// may share the database. The last <c>Use…Storage</c> call wins.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string; checked at start-up.</param>
    public static IPortailBuilder UsePostgresStorage(this IPortailBuilder builder, string connectionString) =>
        builder.UsePostgresStorage(o => o.ConnectionString = connectionString ?? string.Empty);

    /// <summary>
    /// Stores bookings, day counts, waiting lists, baskets and children in PostgreSQL, configured by
    /// <paramref name="configure"/>; the options are validated and the schema migrated when the host
    /// starts, with messages naming the property at fault. Several host processes may share the
    /// database. The last <c>Use…Storage</c> call wins, and replaces the options of an earlier
    /// <c>UsePostgresStorage</c>.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="configure">Sets <see cref="PostgresStorageOptions"/>.</param>
    public static IPortailBuilder UsePostgresStorage(this IPortailBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.RemoveAll<IConfigureOptions<PostgresStorageOptions>>();
        services.AddOptions<PostgresStorageOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidation>());
        services.TryAddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<PostgresStorageOptions>>().Value));
        return builder.UseStorage(sp => new PostgresStorage(sp.GetRequiredService<PostgresDatabase>()));
    }
}
