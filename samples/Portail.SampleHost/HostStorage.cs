using Microsoft.Data.Sqlite;

namespace Portail.SampleHost;

/// <summary>
/// The <c>Storage</c> section: where the portal keeps its data. <c>Storage:Provider</c> is <c>Sqlite</c>
/// (the default: one file, nothing to install) or <c>Postgres</c>; the adapter's options are bound from
/// <c>Storage:Sqlite</c> or <c>Storage:Postgres</c> (<c>ConnectionString</c>, and any other property of
/// <c>SqliteStorageOptions</c> / <c>PostgresStorageOptions</c>, under the same name), and checked by the
/// adapter when the host starts. A relative SQLite file is under the content root.
/// </summary>
internal static class HostStorage
{
    public const string Section = "Storage";

    /// <summary>
    /// Calls <c>UseSqliteStorage</c> or <c>UsePostgresStorage</c> as the settings say. A provider other
    /// than these two, or no connection string, stops the start-up with a message naming the setting.
    /// </summary>
    public static IPortailBuilder UseConfiguredStorage(this IPortailBuilder portail, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(Section);
        var provider = section["Provider"];
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = Options(section, "Sqlite", "\"Data Source=App_Data/portail.db\" (a file under the content root)");
            return portail.UseSqliteStorage(o =>
            {
                sqlite.Bind(o);
                o.ConnectionString = UnderContentRoot(o.ConnectionString, contentRoot);
            });
        }

        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var postgres = Options(section, "Postgres", "\"Host=localhost;Database=portail;Username=portail;Password=…\"");
            return portail.UsePostgresStorage(o => postgres.Bind(o));
        }

        throw new InvalidOperationException(
            $"{Section}:Provider is '{provider}': write Sqlite (the default, a file set by {Section}:Sqlite:ConnectionString) "
            + $"or Postgres (with {Section}:Postgres:ConnectionString).");
    }

    /// <summary>The adapter's section, which must give a connection string.</summary>
    private static IConfigurationSection Options(IConfigurationSection storage, string provider, string example)
    {
        var section = storage.GetSection(provider);
        return string.IsNullOrWhiteSpace(section["ConnectionString"])
            ? throw new InvalidOperationException($"{section.Path}:ConnectionString is empty while {Section}:Provider is {provider}: set it, e.g. {example}.")
            : section;
    }

    /// <summary>The connection string with a relative file made absolute under <paramref name="contentRoot"/>; anything else as it is (the adapter checks it).</summary>
    private static string UnderContentRoot(string connectionString, string contentRoot)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return connectionString;
        }

        var file = builder.DataSource;
        if (file.Length == 0 || file == ":memory:" || file.StartsWith("file:", StringComparison.Ordinal) || Path.IsPathRooted(file))
        {
            return connectionString;
        }

        builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, file));
        return builder.ToString();
    }
}
