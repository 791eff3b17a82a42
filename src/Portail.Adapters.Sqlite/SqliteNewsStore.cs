using Portail.News;

namespace Portail.Adapters.Sqlite;

/// <summary>News items in SQLite (<c>news</c>), one row per item; saving the same id replaces it.</summary>
internal sealed class SqliteNewsStore(SqliteDatabase database) : INewsStore
{
    /// <inheritdoc />
    public async ValueTask SaveAsync(TenantId tenant, NewsItem item, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        NewsItemCheck.ThrowIfMalformed(item);
        SqliteValues.Date(item.From, "item.From");
        if (item.Until is { } until)
        {
            SqliteValues.Date(until, "item.Until");
        }

        await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO news (tenant, id, structure, title, text, link, first_day, last_day) VALUES ($tenant, $id, $structure, $title, $text, $link, $first, $last) "
                + "ON CONFLICT (tenant, id) DO UPDATE SET structure = excluded.structure, title = excluded.title, text = excluded.text, link = excluded.link, first_day = excluded.first_day, last_day = excluded.last_day",
                ("$tenant", t),
                ("$id", item.Id.ToString("D")),
                ("$structure", item.Structure.Value),
                ("$title", item.Title),
                ("$text", item.Text),
                ("$link", item.Link?.AbsoluteUri),
                ("$first", SqliteValues.Text(item.From)),
                ("$last", item.Until is { } u ? SqliteValues.Text(u) : null)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.WriteAsync(s => s.Execute("DELETE FROM news WHERE tenant = $tenant AND id = $id", ("$tenant", t), ("$id", id.ToString("D"))), cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<NewsItem>> GetAllAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var items = await database.ReadAsync(
            s => s.Query(
                "SELECT id, structure, title, text, link, first_day, last_day FROM news WHERE tenant = $tenant",
                r => new NewsItem(
                    Guid.Parse(r.GetString(0)),
                    new StructureId(r.GetString(1)),
                    r.GetString(2),
                    r.GetString(3),
                    r.IsDBNull(4) ? null : new Uri(r.GetString(4)),
                    SqliteValues.Date(r.GetString(5)),
                    r.IsDBNull(6) ? null : SqliteValues.Date(r.GetString(6))),
                ("$tenant", t)),
            cancellationToken).ConfigureAwait(false);
        return items.OrderByNewest().ToList();
    }
}
