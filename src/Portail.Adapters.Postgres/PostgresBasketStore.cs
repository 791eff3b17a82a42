using Npgsql;
using Portail.Booking;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// Baskets in PostgreSQL: a <c>basket</c> row per family and its <c>basket_request</c> rows. A save is
/// one batch in one implicit transaction: the basket row is upserted first, which locks it, so that
/// two saves of one family follow each other and the last one wins whole.
/// </summary>
internal sealed class PostgresBasketStore : IBasketStore
{
    private readonly PostgresDatabase _database;
    private readonly string _read;
    private readonly string _lock;
    private readonly string _clearRequests;
    private readonly string _insertRequests;
    private readonly string _delete;

    public PostgresBasketStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _read = $"SELECT child, activity, day, kind, arrival, departure FROM {s}.basket_request WHERE tenant = $1 AND family = $2";
        _lock = $"INSERT INTO {s}.basket (tenant, family) VALUES ($1, $2) ON CONFLICT (tenant, family) DO UPDATE SET saved_at = now()";
        _clearRequests = $"DELETE FROM {s}.basket_request WHERE tenant = $1 AND family = $2";
        _insertRequests = $"""
            INSERT INTO {s}.basket_request (tenant, family, child, activity, day, kind, arrival, departure)
            SELECT $1, $2, u.* FROM unnest($3::text[], $4::text[], $5::date[], $6::text[], $7::time[], $8::time[]) AS u(child, activity, day, kind, arrival, departure)
            """;
        _delete = $"DELETE FROM {s}.basket WHERE tenant = $1 AND family = $2";
    }

    /// <inheritdoc />
    public async ValueTask<Basket> GetAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        var f = PostgresValues.Id(family.Value, "family");
        var requests = await _database.QueryAsync(
            _read,
            r => new PendingRequest(
                new RequestKey(new ChildId(r.GetString(0)), new ActivityId(r.GetString(1)), PostgresValues.Date(r.GetFieldValue<DateOnly>(2))),
                PostgresValues.Kind(r.GetString(3)),
                TimeAt(r, 4),
                TimeAt(r, 5)),
            cancellationToken,
            Value(t),
            Value(f)).ConfigureAwait(false);
        return requests.Aggregate(Basket.Empty, (basket, request) => basket.With(request));
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(TenantId tenant, FamilyId family, Basket basket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basket);
        var t = PostgresValues.Tenant(tenant);
        var f = PostgresValues.Id(family.Value, "family");
        var requests = basket.Requests.ToList();
        for (var i = 0; i < requests.Count; i++)
        {
            PostgresValues.Id(requests[i].Key.Child.Value, $"basket.Requests[{i}].Key.Child");
            PostgresValues.Id(requests[i].Key.Activity.Value, $"basket.Requests[{i}].Key.Activity");
        }

        // One batch outside a transaction: one implicit transaction, all or nothing.
        NpgsqlBatchCommand[] commands = requests.Count == 0
            ? [Batch(_delete, Value(t), Value(f))]
            :
            [
                Batch(_lock, Value(t), Value(f)),
                Batch(_clearRequests, Value(t), Value(f)),
                Batch(
                    _insertRequests,
                    Value(t),
                    Value(f),
                    Value(requests.Select(r => r.Key.Child.Value).ToArray()),
                    Value(requests.Select(r => r.Key.Activity.Value).ToArray()),
                    Value(requests.Select(r => PostgresValues.ToDb(r.Key.Date)).ToArray()),
                    Value(requests.Select(r => PostgresValues.ToDb(r.Kind)).ToArray()),
                    Value(requests.Select(r => PostgresValues.ToDb(r.Arrival)).ToArray()),
                    Value(requests.Select(r => PostgresValues.ToDb(r.Departure)).ToArray())),
            ];
        await _database.ExecuteAsync(commands, cancellationToken).ConfigureAwait(false);
    }
}
