using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Portail.Adapters.Sqlite;

/// <summary>Checks <see cref="SqliteStorageOptions"/> when the host starts; every message names the property at fault.</summary>
internal sealed class SqliteStorageOptionsValidation : IValidateOptions<SqliteStorageOptions>
{
    private const string Setting = nameof(SqliteStorageOptions) + "." + nameof(SqliteStorageOptions.ConnectionString);

    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Problems(SqliteStorageOptions options)
    {
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            yield return $"{nameof(SqliteStorageOptions)}.{nameof(SqliteStorageOptions.BusyTimeout)} is {options.BusyTimeout}: give a duration above zero and at most one hour (30 seconds by default).";
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"{Setting} is empty: pass the SQLite connection string of the database file, e.g. UseSqliteStorage(\"Data Source=App_Data/portail.db\").";
            yield break;
        }

        var (builder, error) = Parse(options.ConnectionString);
        if (builder is null)
        {
            yield return $"{Setting} is not a valid SQLite connection string ({error}): write it as \"Data Source=App_Data/portail.db\".";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            yield return $"{Setting} names no file: set Data Source, e.g. \"Data Source=App_Data/portail.db\".";
        }
        else if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Trim() == ":memory:")
        {
            yield return $"{Setting} opens an in-memory database, which loses everything and is not shared between connections: give a file, or call UseInMemoryStorage() for tests and demos.";
        }
        else if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            yield return $"{Setting} opens the database read-only (Mode=ReadOnly): the store writes bookings and migrates the schema; remove Mode or use ReadWriteCreate.";
        }
        else if (builder.Cache == SqliteCacheMode.Shared)
        {
            yield return $"{Setting} asks for a shared cache (Cache=Shared), whose table locks fail at once instead of waiting for the busy timeout: remove Cache; WAL already lets readers and the writer work at once.";
        }
    }

    private static (SqliteConnectionStringBuilder? Builder, string? Error) Parse(string connectionString)
    {
        try
        {
            return (new SqliteConnectionStringBuilder(connectionString), null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return (null, e.Message.TrimEnd('.'));
        }
    }
}
