using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portail.Adapters.Sqlite;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// A real SQLite file in a folder of its own under the temporary folder, opened through the public
/// registration (<c>AddPortail(...).UseSqliteStorage(...)</c>). Disposing it closes its pools and
/// deletes the folder.
/// </summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private readonly Lazy<ServiceProvider> _main;

    public TempDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "portail-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        File = Path.Combine(Folder, "portail.db");
        ConnectionString = $"Data Source={File}";
        _main = new(() => Host());
    }

    public string Folder { get; }

    public string File { get; }

    public string ConnectionString { get; }

    /// <summary>A service of the first host on this file.</summary>
    public T Get<T>()
        where T : notnull => _main.Value.GetRequiredService<T>();

    /// <summary>Another host on the same file, with a store of its own (its own pool and write gate), as a second process would have.</summary>
    public ServiceProvider Host(Action<SqliteStorageOptions>? configure = null)
    {
        var provider = new ServiceCollection()
            .AddPortail(new ConfigurationBuilder().Build())
            .UseSqliteStorage(o =>
            {
                o.ConnectionString = ConnectionString;
                configure?.Invoke(o);
            })
            .Services.BuildServiceProvider();
        lock (_providers)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    /// <summary>Starts the hosted services of a host, as the generic host does (the schema is migrated).</summary>
    public static async Task StartAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts the first host: the file is created and migrated.</summary>
    public Task MigrateAsync() => StartAsync(_main.Value);

    /// <summary>A plain connection to the file, for checks the ports do not offer.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString + ";Pooling=False");
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public List<string> Column(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "NULL");
        }

        return values;
    }

    /// <summary>
    /// What must hold of the whole file after any test: <c>PRAGMA integrity_check</c> ok, no broken
    /// foreign key, every day's counts equal to its rows, capacity kept (the CHECK constraint's rule).
    /// </summary>
    public void AssertSound()
    {
        if (!System.IO.File.Exists(File))
        {
            return;
        }

        Assert.Equal(["ok"], Column("PRAGMA integrity_check"));
        Assert.Empty(Column("PRAGMA foreign_key_check"));
        if (Convert.ToInt64(Scalar("PRAGMA application_id"), System.Globalization.CultureInfo.InvariantCulture) != SqliteSchema.ApplicationId)
        {
            return;
        }

        Assert.Empty(Column(
            """
            SELECT d.tenant || ' ' || d.activity || ' ' || d.date || ': ' || d.accepted || '/' || d.waitlisted || ' counted, rows ' || a || '/' || w
            FROM (SELECT day.*,
                    (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'accepted') AS a,
                    (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'waitlisted') AS w
                  FROM day) d
            WHERE d.accepted <> d.a OR d.waitlisted <> d.w OR (d.capacity IS NOT NULL AND d.accepted > max(d.capacity, d.over_capacity_allowance))
            """));
    }

    public void Dispose()
    {
        lock (_providers)
        {
            foreach (var provider in _providers)
            {
                provider.Dispose();
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold the file for a moment; the temporary folder is cleaned by the system.
        }
    }
}
