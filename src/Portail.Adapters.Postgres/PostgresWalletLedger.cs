using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Portail.Billing;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The wallet ledger in PostgreSQL (<c>wallet_movement</c>): one multi-row insert per batch (one
/// round trip, atomic), <c>ON CONFLICT DO NOTHING</c> on the tenant and id so that a retried batch adds
/// nothing; a trigger refuses updates and deletes. Amounts are <c>numeric(12,2)</c>; balances are summed
/// by the server in exact numeric.
/// </summary>
internal sealed class PostgresWalletLedger : IWalletLedger
{
    private readonly PostgresDatabase _database;
    private readonly string _append;
    private readonly string _movements;
    private readonly string _balances;

    public PostgresWalletLedger(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _append = AppendSql(s);
        _movements = $"SELECT id, wallet, kind, amount, day, label, reason, recorded_at, unit_price, quantity, child, payment_mode, payment_piece, payment_payer, payment_bank FROM {s}.wallet_movement WHERE tenant = $1 AND family = $2 AND day BETWEEN $3 AND $4 ORDER BY day, position";
        _balances = $"SELECT wallet, sum(amount) FROM {s}.wallet_movement WHERE tenant = $1 AND family = $2 GROUP BY wallet ORDER BY wallet COLLATE \"C\"";
    }

    /// <inheritdoc />
    public async ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(movements);
        var t = PostgresValues.Tenant(tenant);
        for (var i = 0; i < movements.Count; i++)
        {
            (movements[i] ?? throw new ArgumentException($"movements[{i}] is null.", nameof(movements))).ThrowIfMalformed($"movements[{i}]");
        }

        if (movements.Count == 0)
        {
            return 0;
        }

        var added = await _database.QueryAsync(_append, r => r.GetInt32(0), cancellationToken, AppendParameters(t, movements)).ConfigureAwait(false);
        return added[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        return await _database.QueryAsync(
            _movements,
            r => new WalletMovement(r.GetGuid(0), family, new WalletTypeId(r.GetString(1)), Kind(r.GetString(2)), r.GetDecimal(3), PostgresValues.Date(r.GetFieldValue<DateOnly>(4)), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
            {
                RecordedAt = PostgresValues.Instant(r.GetDateTime(7)),
                UnitPrice = r.IsDBNull(8) ? null : r.GetDecimal(8),
                Quantity = r.IsDBNull(9) ? null : r.GetDecimal(9),
                Child = r.IsDBNull(10) ? null : new ChildId(r.GetString(10)),
                Payment = r.IsDBNull(11) ? null : new PaymentDetails(r.GetString(11), Text(r, 12), Text(r, 13), Text(r, 14)),
            },
            cancellationToken,
            Value(PostgresValues.Tenant(tenant)),
            Value(PostgresValues.Id(family.Value, "family")),
            Value(PostgresValues.ToDb(days.Start)),
            Value(PostgresValues.ToDb(days.End))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        await _database.QueryAsync(
            _balances,
            r => new WalletBalance(new WalletTypeId(r.GetString(0)), r.GetDecimal(1)),
            cancellationToken,
            Value(PostgresValues.Tenant(tenant)),
            Value(PostgresValues.Id(family.Value, "family"))).ConfigureAwait(false);

    /// <summary>The statement that appends movements (one row of their count), run alone or in a payment's transaction.</summary>
    public static string AppendSql(string schema) => $"""
        WITH added AS (
            INSERT INTO {schema}.wallet_movement (tenant, id, family, wallet, kind, amount, day, label, reason, recorded_at, unit_price, quantity, child, payment_mode, payment_piece, payment_payer, payment_bank)
            SELECT $1, u.* FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::date[], $8::text[], $9::text[], $10::timestamptz[], $11::numeric[], $12::numeric[], $13::text[],
                                       $14::text[], $15::text[], $16::text[], $17::text[])
                AS u(id, family, wallet, kind, amount, day, label, reason, recorded_at, unit_price, quantity, child, payment_mode, payment_piece, payment_payer, payment_bank)
            ON CONFLICT (tenant, id) DO NOTHING
            RETURNING 1)
        SELECT count(*)::int FROM added
        """;

    /// <summary><see cref="AppendSql"/> with the movements' parameters, as a batch command; movements already there are skipped.</summary>
    public static NpgsqlBatchCommand Append(string sql, string tenant, IReadOnlyList<WalletMovement> movements) => Batch(sql, AppendParameters(tenant, movements));

    private static NpgsqlParameter[] AppendParameters(string tenant, IReadOnlyList<WalletMovement> movements) =>
        [
            Value(tenant),
            Value(movements.Select(m => m.Id).ToArray()),
            Value(movements.Select(m => m.Family.Value).ToArray()),
            Value(movements.Select(m => m.Wallet.Value).ToArray()),
            Value(movements.Select(m => Code(m.Kind)).ToArray()),
            Value(movements.Select(m => m.Amount).ToArray()),
            Value(movements.Select(m => PostgresValues.ToDb(m.Date)).ToArray()),
            Value(movements.Select(m => m.Label).ToArray()),
            Nullable(movements.Select(m => m.Reason).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Value(movements.Select(m => PostgresValues.ToDb(m.RecordedAt)).ToArray()),
            Nullable(movements.Select(m => m.UnitPrice).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Numeric),
            Nullable(movements.Select(m => m.Quantity).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Numeric),
            Nullable(movements.Select(m => m.Child?.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Nullable(movements.Select(m => m.Payment?.Mode).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Nullable(movements.Select(m => m.Payment?.Piece).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Nullable(movements.Select(m => m.Payment?.Payer).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Nullable(movements.Select(m => m.Payment?.Bank).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        ];

    private static string Code(MovementKind kind) => kind switch
    {
        MovementKind.Payment => "payment",
        MovementKind.Consumption => "consumption",
        MovementKind.Refund => "refund",
        _ => "correction",
    };

    private static MovementKind Kind(string code) => code switch
    {
        "payment" => MovementKind.Payment,
        "consumption" => MovementKind.Consumption,
        "refund" => MovementKind.Refund,
        "correction" => MovementKind.Correction,
        _ => throw new InvalidOperationException($"The wallet_movement table holds an unknown kind '{code}': the schema is newer than this package, or was changed by hand."),
    };

    private static string? Text(Npgsql.NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
