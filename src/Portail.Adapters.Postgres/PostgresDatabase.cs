using System.Data.Common;
using Npgsql;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The one connection pool (<see cref="NpgsqlDataSource"/>) of a host's PostgreSQL stores, its
/// schema, and the migration that runs once per instance before the first statement (or at
/// start-up, <see cref="PostgresStorage.PrepareAsync"/>).
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;

    public PostgresDatabase(PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresStorageOptionsValidation.ThrowIfInvalid(options);
        SchemaName = options.Schema;
        Schema = $"\"{options.Schema}\"";
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("Application Name") && !given.ContainsKey("ApplicationName"))
        {
            builder.ConnectionStringBuilder.ApplicationName = "Portail";
        }

        DataSource = builder.Build();
        CommitGate = new SemaphoreSlim(options.MaxConcurrentCommits, options.MaxConcurrentCommits);
    }

    /// <summary>Admits at most <see cref="PostgresStorageOptions.MaxConcurrentCommits"/> commits of this process at once.</summary>
    public SemaphoreSlim CommitGate { get; }

    /// <summary>The pool every store of this database opens its connections from.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The schema's name as configured (<c>portail</c>).</summary>
    public string SchemaName { get; }

    /// <summary>The schema, quoted for SQL (<c>"portail"</c>).</summary>
    public string Schema { get; }

    /// <summary>Opens a connection of the pool, the schema being migrated first (once).</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query on a connection of the pool and reads each row with <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = PostgresCommands.Command(connection, sql, parameters);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var rows = new List<T>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(read(reader));
                    }

                    return rows;
                }
            }
        }
    }

    /// <summary>Runs statements in one batch, which outside an explicit transaction is one implicit transaction: all or nothing.</summary>
    public async Task ExecuteAsync(IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                foreach (var command in commands)
                {
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Brings the schema to <see cref="PostgresSchema.Latest"/>, once per instance: in one transaction
    /// holding an advisory lock of the schema, so that processes starting together migrate one after
    /// the other; refuses a schema newer than this package.
    /// </summary>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _migration.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _migration.Dispose();
        CommitGate.Dispose();
    }

    public void Dispose()
    {
        DataSource.Dispose();
        _migration.Dispose();
        CommitGate.Dispose();
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Processes starting at once queue here; the lock goes with the transaction.
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", cancellationToken, PostgresCommands.Value($"portail.migrations:{SchemaName}")).ConfigureAwait(false);
                var exists = await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", cancellationToken, PostgresCommands.Value(SchemaName)).ConfigureAwait(false);
                if (!exists)
                {
                    await ExecuteAsync(connection, $"CREATE SCHEMA {Schema}", cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(
                    connection,
                    $"""
                    CREATE TABLE IF NOT EXISTS {Schema}.schema_version (
                        version     integer     NOT NULL PRIMARY KEY,
                        description text        NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now()
                    )
                    """,
                    cancellationToken).ConfigureAwait(false);
                var current = await ScalarAsync<int>(connection, $"SELECT COALESCE(MAX(version), 0) FROM {Schema}.schema_version", cancellationToken).ConfigureAwait(false);
                if (current > PostgresSchema.Latest)
                {
                    throw new InvalidOperationException(
                        $"The PostgreSQL schema \"{SchemaName}\" is at version {current}, newer than this Portail.Adapters.Postgres, which knows versions up to {PostgresSchema.Latest}: "
                        + "a newer Portail has migrated this database. Upgrade Portail.Adapters.Postgres in every host process that uses the database "
                        + $"(a schema is never downgraded), or point {nameof(PostgresStorageOptions)}.{nameof(PostgresStorageOptions.Schema)} to another schema.");
                }

                foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version > current))
                {
                    await ExecuteAsync(connection, migration.Sql.Replace("{schema}", Schema, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, $"INSERT INTO {Schema}.schema_version (version, description) VALUES ($1, $2)", cancellationToken, PostgresCommands.Value(migration.Version), PostgresCommands.Value(migration.Description)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = PostgresCommands.Command(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = PostgresCommands.Command(connection, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
