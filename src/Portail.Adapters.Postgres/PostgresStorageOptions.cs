namespace Portail.Adapters.Postgres;

/// <summary>
/// Settings of the PostgreSQL store (<c>UsePostgresStorage</c>). Validated when the host starts (or
/// on first use without a host); an error names the property at fault
/// (<c>PostgresStorageOptions.ConnectionString</c>…).
/// </summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// The Npgsql connection string of the database, e.g.
    /// <c>Host=db.example;Database=portail;Username=portail;Password=…</c>. One connection pool
    /// (<c>NpgsqlDataSource</c>) serves every store of the host. Unless the string sets
    /// <c>Max Auto Prepare</c>, the store prepares its statements (<c>Max Auto Prepare=64</c>); unless it
    /// sets <c>Application Name</c>, connections show as <c>Portail</c> in <c>pg_stat_activity</c>.
    /// </summary>
    /// <value>Empty: it must be set.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The PostgreSQL schema that holds Portail's tables, created and migrated at start-up when
    /// missing or older than this package. Two installations may share a database with two schemas.
    /// A lower-case SQL identifier: letters, digits and underscores, starting with a letter or an
    /// underscore, at most 63 characters.
    /// </summary>
    /// <value><c>portail</c>.</value>
    public string Schema { get; set; } = "portail";

    /// <summary>
    /// How many commits (final validations, agents' changes) one host process runs at once; the others
    /// wait their turn in the process, without a connection. This is admission control, not the
    /// arbitration (the database's row locks are): commits queued inside PostgreSQL on one hot day
    /// hold back the clean-up of its row versions and wake one another, and the rush's throughput
    /// collapses. Keep this times the number of host processes near two to four times the database
    /// server's cores. Reads are not limited.
    /// </summary>
    /// <value>8.</value>
    public int MaxConcurrentCommits { get; set; } = 8;
}
