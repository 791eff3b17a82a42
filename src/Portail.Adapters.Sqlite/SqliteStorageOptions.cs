namespace Portail.Adapters.Sqlite;

/// <summary>
/// Settings of the SQLite store (<c>UseSqliteStorage</c>). Validated when the host starts; an error
/// names the property at fault (<c>SqliteStorageOptions.ConnectionString</c>…).
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The Microsoft.Data.Sqlite connection string of the database file, e.g.
    /// <c>Data Source=App_Data/portail.db</c>. The file and its folder are created on first use and
    /// the schema is migrated at start-up. An in-memory or read-only database is refused.
    /// </summary>
    /// <value>Empty: it must be set.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// How long an operation waits for another process's write lock before it fails (SQLite's
    /// <c>busy_timeout</c>). Writers of one process queue behind each other without polling.
    /// </summary>
    /// <value>30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether every commit is flushed to the disk (<c>synchronous=FULL</c>) so that it survives a
    /// power loss or an operating-system crash. When <see langword="false"/>, commits survive the
    /// crash or kill of the process (<c>synchronous=NORMAL</c> in WAL mode) and are several times
    /// faster; the last commits before a power cut may be lost, never half-written.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool DurableAgainstPowerLoss { get; set; }
}
