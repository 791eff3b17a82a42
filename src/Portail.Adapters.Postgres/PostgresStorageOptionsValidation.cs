using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Portail.Adapters.Postgres;

/// <summary>Checks <see cref="PostgresStorageOptions"/> when the host starts; every message names the property at fault.</summary>
internal sealed partial class PostgresStorageOptionsValidation : IValidateOptions<PostgresStorageOptions>
{
    private const string ConnectionStringSetting = nameof(PostgresStorageOptions) + "." + nameof(PostgresStorageOptions.ConnectionString);
    private const string SchemaSetting = nameof(PostgresStorageOptions) + "." + nameof(PostgresStorageOptions.Schema);

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are not valid (for stores built without DI).</summary>
    public static void ThrowIfInvalid(PostgresStorageOptions options)
    {
        var result = new PostgresStorageOptionsValidation().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresStorageOptions), result.Failures);
        }
    }

    private static IEnumerable<string> Problems(PostgresStorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Schema) || !SchemaName().IsMatch(options.Schema))
        {
            yield return $"{SchemaSetting} is '{options.Schema}': give a lower-case SQL identifier (letters, digits, underscores; starting with a letter or an underscore; at most 63 characters), e.g. \"portail\".";
        }
        else if (options.Schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            yield return $"{SchemaSetting} is '{options.Schema}': names starting with pg_ are reserved by PostgreSQL; choose another, e.g. \"portail\".";
        }

        if (options.MaxConcurrentCommits is < 1 or > 1000)
        {
            yield return $"{nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.MaxConcurrentCommits)} is {options.MaxConcurrentCommits}: give a number from 1 to 1000 (8 by default; about two to four times the database server's cores, divided by the number of host processes).";
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"{ConnectionStringSetting} is empty: pass the Npgsql connection string of the database, e.g. UsePostgresStorage(\"Host=localhost;Database=portail;Username=portail;Password=…\").";
            yield break;
        }

        NpgsqlConnectionStringBuilder builder;
        string? error = null;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            builder = new NpgsqlConnectionStringBuilder();
            error = e.Message.TrimEnd('.');
        }

        if (error is not null)
        {
            yield return $"{ConnectionStringSetting} is not a valid Npgsql connection string ({error}): write it as \"Host=localhost;Database=portail;Username=portail;Password=…\".";
        }
        else if (string.IsNullOrWhiteSpace(builder.Host))
        {
            yield return $"{ConnectionStringSetting} names no server: set Host, e.g. \"Host=localhost;Database=portail;Username=portail;Password=…\".";
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
