using Npgsql;

namespace Portail.Rush.Tests;

/// <summary>
/// A test that needs the PostgreSQL of <c>PORTAIL_TEST_POSTGRES</c> (<c>eval "$(bash build/postgres-for-tests.sh)"</c>):
/// skipped with a visible reason when it is not set, except under CI (<c>CI=true</c>), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    private const string Variable = "PORTAIL_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"NOT RUN: {Variable} is not set. Run with: eval \"$(bash build/postgres-for-tests.sh)\" && dotnet test tests/Portail.Rush.Tests";
        }
    }

    /// <summary>The connection string, or <see langword="null"/>.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>Drops a schema the test made.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        if (ConnectionString is null)
        {
            return;
        }

        await using var data = NpgsqlDataSource.Create(ConnectionString);
        await using var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await drop.ExecuteNonQueryAsync();
    }
}
