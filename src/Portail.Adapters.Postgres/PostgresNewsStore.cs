using NpgsqlTypes;
using Portail.News;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>News items in PostgreSQL (<c>news</c>), one row per item; saving the same id replaces it.</summary>
internal sealed class PostgresNewsStore : INewsStore
{
    private readonly PostgresDatabase _database;
    private readonly string _save;
    private readonly string _delete;
    private readonly string _read;

    public PostgresNewsStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _save = $"""
            INSERT INTO {s}.news (tenant, id, structure, title, text, link, first_day, last_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant, id) DO UPDATE SET structure = excluded.structure, title = excluded.title, text = excluded.text,
                link = excluded.link, first_day = excluded.first_day, last_day = excluded.last_day
            """;
        _delete = $"DELETE FROM {s}.news WHERE tenant = $1 AND id = $2 RETURNING 1";
        _read = $"SELECT id, structure, title, text, link, first_day, last_day FROM {s}.news WHERE tenant = $1";
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(TenantId tenant, NewsItem item, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        NewsItemCheck.ThrowIfMalformed(item);
        await _database.ExecuteAsync(
            [Batch(
                _save,
                Value(t),
                Value(item.Id),
                Value(item.Structure.Value),
                Value(item.Title),
                Value(item.Text),
                Nullable(item.Link?.AbsoluteUri, NpgsqlDbType.Text),
                Value(PostgresValues.ToDb(item.From)),
                Nullable(item.Until is { } u ? PostgresValues.ToDb(u) : null, NpgsqlDbType.Date))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default) =>
        (await _database.QueryAsync(_delete, r => r.GetInt32(0), cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(id)).ConfigureAwait(false)).Count > 0;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<NewsItem>> GetAllAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var items = await _database.QueryAsync(
            _read,
            r => new NewsItem(
                r.GetGuid(0),
                new StructureId(r.GetString(1)),
                r.GetString(2),
                r.GetString(3),
                r.IsDBNull(4) ? null : new Uri(r.GetString(4)),
                PostgresValues.Date(r.GetFieldValue<DateOnly>(5)),
                r.IsDBNull(6) ? null : PostgresValues.Date(r.GetFieldValue<DateOnly>(6))),
            cancellationToken,
            Value(PostgresValues.Tenant(tenant))).ConfigureAwait(false);
        return items.OrderByNewest().ToList();
    }
}
