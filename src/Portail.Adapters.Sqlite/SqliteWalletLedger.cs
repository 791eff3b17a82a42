using NodaTime;
using Portail.Billing;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The wallet ledger in SQLite (<c>wallet_movement</c>): rows are inserted, never updated or deleted
/// (triggers refuse both); a batch is one <c>BEGIN IMMEDIATE</c> transaction; an id already there is
/// skipped (<c>INSERT … ON CONFLICT DO NOTHING</c>). Amounts are exact decimal text; balances are
/// summed in .NET <see cref="decimal"/>, never in SQLite's floating point.
/// </summary>
internal sealed class SqliteWalletLedger(SqliteDatabase database) : IWalletLedger
{
    private static readonly Dictionary<MovementKind, string> Codes = new()
    {
        [MovementKind.Payment] = "payment", [MovementKind.Consumption] = "consumption", [MovementKind.Refund] = "refund", [MovementKind.Correction] = "correction",
    };

    private static readonly Dictionary<string, MovementKind> Kinds = Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        Check(movements, nameof(movements));
        return await database.WriteAsync(s => Insert(s, t, movements), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses movements no store records, and dates the file cannot hold, before anything is written.</summary>
    public static void Check(IReadOnlyList<WalletMovement> movements, string field)
    {
        ArgumentNullException.ThrowIfNull(movements, field);
        for (var i = 0; i < movements.Count; i++)
        {
            (movements[i] ?? throw new ArgumentException($"{field}[{i}] is null.", field)).ThrowIfMalformed($"{field}[{i}]");
            SqliteValues.Date(movements[i].Date, $"{field}[{i}].Date");
        }
    }

    /// <summary>Appends checked movements in the session's transaction (also a payment's move to paid); an id already there is skipped. Answers how many were new.</summary>
    public static int Insert(SqliteSession s, string t, IReadOnlyList<WalletMovement> movements)
    {
        using var insert = s.Command(
            "INSERT INTO wallet_movement (tenant, id, family, wallet, kind, amount, day, label, reason, child, unit_price, quantity, recorded_at, payment_mode, payment_piece, payment_payer, payment_bank) "
            + "VALUES ($tenant, $id, $family, $wallet, $kind, $amount, $day, $label, $reason, $child, $unit, $quantity, $at, $mode, $piece, $payer, $bank) ON CONFLICT (tenant, id) DO NOTHING",
            ("$tenant", t), ("$id", null), ("$family", null), ("$wallet", null), ("$kind", null), ("$amount", null), ("$day", null), ("$label", null), ("$reason", null), ("$child", null), ("$unit", null), ("$quantity", null), ("$at", null),
            ("$mode", null), ("$piece", null), ("$payer", null), ("$bank", null));
        var added = 0;
        foreach (var m in movements)
        {
            insert.Parameters["$id"].Value = m.Id.ToString("D");
            insert.Parameters["$family"].Value = m.Family.Value;
            insert.Parameters["$wallet"].Value = m.Wallet.Value;
            insert.Parameters["$kind"].Value = Codes[m.Kind];
            insert.Parameters["$amount"].Value = SqliteValues.Text(m.Amount);
            insert.Parameters["$day"].Value = SqliteValues.Text(m.Date);
            insert.Parameters["$label"].Value = m.Label;
            insert.Parameters["$reason"].Value = (object?)m.Reason ?? DBNull.Value;
            insert.Parameters["$child"].Value = (object?)m.Child?.Value ?? DBNull.Value;
            insert.Parameters["$unit"].Value = m.UnitPrice is { } unit ? SqliteValues.Text(unit) : DBNull.Value;
            insert.Parameters["$quantity"].Value = m.Quantity is { } quantity ? SqliteValues.Text(quantity) : DBNull.Value;
            insert.Parameters["$at"].Value = SqliteValues.Text(m.RecordedAt);
            insert.Parameters["$mode"].Value = (object?)m.Payment?.Mode ?? DBNull.Value;
            insert.Parameters["$piece"].Value = (object?)m.Payment?.Piece ?? DBNull.Value;
            insert.Parameters["$payer"].Value = (object?)m.Payment?.Payer ?? DBNull.Value;
            insert.Parameters["$bank"].Value = (object?)m.Payment?.Bank ?? DBNull.Value;
            added += insert.ExecuteNonQuery();
        }

        return added;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        var (first, last) = SqliteValues.Range(days);
        return await database.ReadAsync(
            s => s.Query(
                "SELECT id, wallet, kind, amount, day, label, reason, recorded_at, unit_price, quantity, child, payment_mode, payment_piece, payment_payer, payment_bank FROM wallet_movement "
                + "WHERE tenant = $tenant AND family = $family AND day BETWEEN $first AND $last ORDER BY day, position",
                r => new WalletMovement(Guid.Parse(r.GetString(0)), family, new WalletTypeId(r.GetString(1)), Kinds[r.GetString(2)], SqliteValues.Money(r.GetString(3)), SqliteValues.Date(r.GetString(4)), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
                {
                    RecordedAt = SqliteValues.Instant(r.GetString(7)),
                    UnitPrice = r.IsDBNull(8) ? null : SqliteValues.Money(r.GetString(8)),
                    Quantity = r.IsDBNull(9) ? null : SqliteValues.Money(r.GetString(9)),
                    Child = r.IsDBNull(10) ? null : new ChildId(r.GetString(10)),
                    Payment = r.IsDBNull(11) ? null : new PaymentDetails(r.GetString(11), Text(r, 12), Text(r, 13), Text(r, 14)),
                },
                ("$tenant", t), ("$family", f), ("$first", first), ("$last", last)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        var amounts = await database.ReadAsync(
            s => s.Query("SELECT wallet, amount FROM wallet_movement WHERE tenant = $tenant AND family = $family", r => (Wallet: r.GetString(0), Amount: SqliteValues.Money(r.GetString(1))), ("$tenant", t), ("$family", f)),
            cancellationToken).ConfigureAwait(false);
        return amounts.GroupBy(a => a.Wallet, StringComparer.Ordinal).Select(g => new WalletBalance(new WalletTypeId(g.Key), g.Sum(a => a.Amount))).OrderBy(b => b.Wallet.Value, StringComparer.Ordinal).ToList();
    }

    private static string? Text(Microsoft.Data.Sqlite.SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
