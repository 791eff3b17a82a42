using Npgsql;
using Portail.Tests.Shared;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// The PostgreSQL server the tests run against, as <see cref="PostgresForTests"/> finds or starts it.
/// When there is none, the tests of classes marked <see cref="RequiresPostgresAttribute"/> are
/// reported as skipped, with <see cref="PostgresForTests.SkipReason"/> — except under CI
/// (<c>CI=true</c>), where they run and fail with <see cref="PostgresForTests.Require"/>'s message: a
/// CI run never skips them.
/// </summary>
internal static class PostgresServer
{
    /// <summary>
    /// The schema the contract tests share; every test uses tenant ids of its own. Named after the
    /// schema version and a digest of the migrations' SQL, so that a checkout of an older version never
    /// meets a schema it must refuse, and two branches that each add their own migration of the same
    /// number (renumbered at merge) do not share, and break, one test schema.
    /// </summary>
    public static readonly string SharedSchema = $"portail_tests_v{PostgresSchema.Latest}_{Digest()}";

    private static string Digest() =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f', PostgresSchema.Migrations.Select(m => m.Sql)))))[..8];

    private static readonly Lazy<PostgresDatabase> SharedDatabase = new(() => new PostgresDatabase(Options(SharedSchema)));
    private static readonly Lazy<PostgresDatabase> OtherDatabase = new(() => new PostgresDatabase(Options(SharedSchema)));
    private static readonly Lazy<NpgsqlDataSource> AdminSource = new(() => NpgsqlDataSource.Create(PostgresForTests.Require()));

    /// <summary>The store the contract tests share (schema <see cref="SharedSchema"/>).</summary>
    public static PostgresDatabase Shared => SharedDatabase.Value;

    /// <summary>A second store on the shared schema, with a pool and a commit gate of its own, as another host process would have.</summary>
    public static PostgresDatabase SharedElsewhere => OtherDatabase.Value;

    /// <summary>A plain data source on the test database, for checks the ports do not offer.</summary>
    public static NpgsqlDataSource Admin => AdminSource.Value;

    public static PostgresStorageOptions Options(string schema) => new() { ConnectionString = PostgresForTests.Require(), Schema = schema };

    /// <summary>Runs <paramref name="test"/> with a schema of its own, dropped afterwards.</summary>
    public static async Task InNewSchemaAsync(Func<string, Task> test)
    {
        var schema = $"t_{Guid.NewGuid():N}";
        try
        {
            await test(schema);
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    public static async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The rows of a query, each as an array of its values.</summary>
    public static async Task<List<object?[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>Marks a test class that needs the PostgreSQL server (<see cref="PostgresServer"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class RequiresPostgresAttribute : Attribute;
