using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Portail.Billing;
using Portail.Notifications;
using Portail.Payments;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The payment attempts in PostgreSQL (<c>payment_attempt</c>, <c>payment_log</c>). An update is one
/// transaction: <c>UPDATE … WHERE version = next − 1</c> (a concurrent updater waits for the row lock,
/// then finds the version moved and changes nothing), and only when it changed the row, the credit
/// (<c>wallet_movement</c>, ids derived from the attempt, <c>ON CONFLICT DO NOTHING</c>) and the ticket
/// (<c>mail_outbox</c>). The partial unique index <c>payment_attempt_live</c> keeps one live attempt per family.
/// </summary>
internal sealed class PostgresPaymentStore : IPaymentStore
{
    private const string Columns = "tenant, id, family, reference, lines, email, created_at, state, version, provider_reference, updated_at, next_check_at, failures, authorisation, paid_at, is_test, alert, last_error";

    private readonly PostgresDatabase _database;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _append;
    private readonly string _select;
    private readonly string _list;
    private readonly string _due;
    private readonly string _log;
    private readonly string _listLog;

    public PostgresPaymentStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _insert = $"INSERT INTO {s}.payment_attempt ({Columns}) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)";
        _update = $"UPDATE {s}.payment_attempt SET state = $3, version = $4, provider_reference = $5, updated_at = $6, next_check_at = $7, failures = $8, authorisation = $9, paid_at = $10, is_test = $11, alert = $12, last_error = $13 "
            + "WHERE tenant = $1 AND id = $2 AND version = $4 - 1";
        _append = PostgresWalletLedger.AppendSql(s);
        _select = $"SELECT {Columns} FROM {s}.payment_attempt WHERE tenant = $1 AND ";
        _list = $"SELECT {Columns} FROM {s}.payment_attempt WHERE tenant = $1 AND ($2::text IS NULL OR family = $2) ORDER BY created_at DESC, id DESC LIMIT $3";
        _due = $"SELECT {Columns} FROM {s}.payment_attempt WHERE next_check_at <= $1 AND created_at >= $2 ORDER BY next_check_at, id LIMIT $3";
        _log = $"INSERT INTO {s}.payment_log (tenant, id, at, source, provider_reference, attempt, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant, id) DO NOTHING";
        _listLog = $"SELECT id, at, source, provider_reference, attempt, outcome FROM {s}.payment_log WHERE tenant = $1 AND ($2::uuid IS NULL OR attempt = $2) ORDER BY position LIMIT $3";
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(PaymentAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        attempt.ThrowIfMalformed(nameof(attempt));
        try
        {
            await _database.ExecuteAsync([Batch(_insert, Parameters(attempt))], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false; // the family has a live attempt, or the id, reference or provider reference is taken
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> UpdateAsync(PaymentAttempt next, IReadOnlyList<WalletMovement> credit, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(next, credit, mails);
        PostgresMailOutbox.Check(mails, nameof(mails));
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    var update = Command(connection, _update, [.. Parameters(next).Where((_, i) => i is < 2 or >= 7)]);
                    await using (update.ConfigureAwait(false))
                    {
                        update.Transaction = transaction;
                        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                        {
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            return false;
                        }
                    }

                    if (credit.Count > 0 || mails.Count > 0)
                    {
                        var batch = new NpgsqlBatch(connection, transaction);
                        await using (batch.ConfigureAwait(false))
                        {
                            if (credit.Count > 0)
                            {
                                batch.BatchCommands.Add(PostgresWalletLedger.Append(_append, PostgresValues.Tenant(next.Tenant), credit));
                            }

                            if (mails.Count > 0)
                            {
                                batch.BatchCommands.Add(PostgresMailOutbox.Insert(_database.Schema, mails));
                            }

                            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && PaymentStates.IsLive(next.State))
                {
                    return false; // the move would give the family a second live attempt
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> GetAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default) =>
        await One("id = $2", tenant, Value(id), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> FindAsync(TenantId tenant, string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        return await One("provider_reference = $2", tenant, Value(providerReference), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> FindByReferenceAsync(TenantId tenant, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await One("reference = $2", tenant, Value(reference), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> GetLiveAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        await One("family = $2 AND state = ANY($3)", tenant, Value(family.Value), cancellationToken, Value(PaymentCodes.LiveStates.ToArray())).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentAttempt>> ListAsync(TenantId tenant, FamilyId? family, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(_list, Read, cancellationToken, Value(PostgresValues.Tenant(tenant)), Nullable(family?.Value, NpgsqlDbType.Text), Value(limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentAttempt>> ListDueAsync(Instant now, Instant createdSince, int max, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(max);
        return await _database.QueryAsync(_due, Read, cancellationToken, Value(PostgresValues.ToDb(now)), Value(PostgresValues.ToDb(createdSince)), Value(max)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask LogAsync(PaymentCallback entry, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(entry);
        await _database.ExecuteAsync(
            [Batch(
                _log,
                Value(PostgresValues.Tenant(entry.Tenant)), Value(entry.Id), Value(PostgresValues.ToDb(entry.At)), Value(PaymentCodes.Code(entry.Source)),
                Nullable(entry.ProviderReference, NpgsqlDbType.Varchar), Nullable(entry.Attempt, NpgsqlDbType.Uuid), Value(entry.Outcome))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentCallback>> ListLogAsync(TenantId tenant, Guid? attempt, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(
            _listLog,
            r => new PaymentCallback(r.GetGuid(0), tenant, PostgresValues.Instant(r.GetDateTime(1)), PaymentCodes.Source(r.GetString(2)), Text(r, 3), r.IsDBNull(4) ? null : r.GetGuid(4), r.GetString(5)),
            cancellationToken,
            Value(PostgresValues.Tenant(tenant)),
            Nullable(attempt, NpgsqlDbType.Uuid),
            Value(limit)).ConfigureAwait(false);
    }

    private async Task<PaymentAttempt?> One(string where, TenantId tenant, NpgsqlParameter key, CancellationToken cancellationToken, params NpgsqlParameter[] more)
    {
        var rows = await _database.QueryAsync(_select + where, Read, cancellationToken, [Value(PostgresValues.Tenant(tenant)), key, .. more]).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static NpgsqlParameter[] Parameters(PaymentAttempt a) =>
    [
        Value(a.Tenant.Value), Value(a.Id), Value(a.Family.Value), Value(a.Reference), Value(PaymentCodes.Json(a.Lines)), Value(a.Email), Value(PostgresValues.ToDb(a.CreatedAt)),
        Value(PaymentCodes.Code(a.State)), Value(a.Version), Nullable(a.ProviderReference, NpgsqlDbType.Varchar), Value(PostgresValues.ToDb(a.UpdatedAt)),
        Nullable(a.NextCheckAt is { } n ? PostgresValues.ToDb(n) : null, NpgsqlDbType.TimestampTz), Value(a.Failures), Nullable(a.Authorisation, NpgsqlDbType.Varchar),
        Nullable(a.PaidAt is { } p ? PostgresValues.ToDb(p) : null, NpgsqlDbType.TimestampTz), Value(a.IsTest), Nullable(a.Alert, NpgsqlDbType.Varchar), Nullable(a.LastError, NpgsqlDbType.Varchar),
    ];

    private static PaymentAttempt Read(NpgsqlDataReader r) =>
        new(r.GetGuid(1), new TenantId(r.GetString(0)), new FamilyId(r.GetString(2)), r.GetString(3), PaymentCodes.Lines(r.GetString(4)), r.GetString(5), PostgresValues.Instant(r.GetDateTime(6)))
        {
            State = PaymentCodes.State(r.GetString(7)),
            Version = r.GetInt64(8),
            ProviderReference = Text(r, 9),
            UpdatedAt = PostgresValues.Instant(r.GetDateTime(10)),
            NextCheckAt = r.IsDBNull(11) ? null : PostgresValues.Instant(r.GetDateTime(11)),
            Failures = r.GetInt32(12),
            Authorisation = Text(r, 13),
            PaidAt = r.IsDBNull(14) ? null : PostgresValues.Instant(r.GetDateTime(14)),
            IsTest = r.GetBoolean(15),
            Alert = Text(r, 16),
            LastError = Text(r, 17),
        };

    private static string? Text(NpgsqlDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
