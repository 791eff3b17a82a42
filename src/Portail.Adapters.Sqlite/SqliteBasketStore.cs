using Portail.Booking;

namespace Portail.Adapters.Sqlite;

/// <summary>Baskets in SQLite: one row per pending request (<c>basket_request</c>); saving replaces the family's rows in one transaction.</summary>
internal sealed class SqliteBasketStore(SqliteDatabase database) : IBasketStore
{
    /// <inheritdoc />
    public async ValueTask<Basket> GetAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        var requests = await database.ReadAsync(
            s => s.Query(
                "SELECT child, activity, date, kind, arrival, departure FROM basket_request WHERE tenant = $tenant AND family = $family",
                r => new PendingRequest(
                    new RequestKey(new ChildId(r.GetString(0)), new ActivityId(r.GetString(1)), SqliteValues.Date(r.GetString(2))),
                    SqliteValues.Kind(r.GetString(3)),
                    SqliteValues.Time(r.IsDBNull(4) ? null : r.GetString(4)),
                    SqliteValues.Time(r.IsDBNull(5) ? null : r.GetString(5))),
                ("$tenant", t),
                ("$family", f)),
            cancellationToken).ConfigureAwait(false);
        return requests.Aggregate(Basket.Empty, (basket, request) => basket.With(request));
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(TenantId tenant, FamilyId family, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basket);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        var requests = basket.Requests.ToList();
        for (var i = 0; i < requests.Count; i++)
        {
            SqliteValues.Key(requests[i].Key, $"basket.Requests[{i}].Key");
        }

        await database.WriteAsync(
            s =>
            {
                s.Execute("DELETE FROM basket_request WHERE tenant = $tenant AND family = $family", ("$tenant", t), ("$family", f));
                using var insert = s.Command(
                    "INSERT INTO basket_request (tenant, family, child, activity, date, kind, arrival, departure) "
                    + "VALUES ($tenant, $family, $child, $activity, $date, $kind, $arrival, $departure)",
                    ("$tenant", t),
                    ("$family", f),
                    ("$child", null),
                    ("$activity", null),
                    ("$date", null),
                    ("$kind", null),
                    ("$arrival", null),
                    ("$departure", null));
                foreach (var request in requests)
                {
                    insert.Parameters["$child"].Value = request.Key.Child.Value;
                    insert.Parameters["$activity"].Value = request.Key.Activity.Value;
                    insert.Parameters["$date"].Value = SqliteValues.Text(request.Key.Date);
                    insert.Parameters["$kind"].Value = SqliteValues.Code(request.Kind);
                    insert.Parameters["$arrival"].Value = (object?)SqliteValues.Text(request.Arrival) ?? DBNull.Value;
                    insert.Parameters["$departure"].Value = (object?)SqliteValues.Text(request.Departure) ?? DBNull.Value;
                    insert.ExecuteNonQuery();
                }

                return requests.Count;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
