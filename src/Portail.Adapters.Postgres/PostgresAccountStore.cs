using System.Data;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Portail.Accounts;
using Portail.Notifications;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// Accounts in PostgreSQL (<c>account</c>, <c>sign_in_failure</c>, <c>reset_token</c>). A failure is
/// counted under the row lock of its count (<c>SELECT … FOR UPDATE</c>) by the core's rule
/// (<see cref="AccountStoreCheck.Next"/>), so concurrent failures of several processes are counted
/// exactly; a token is used by the one transaction whose <c>DELETE</c> finds it; a reset mail is
/// written to <c>mail_outbox</c> in its token's transaction.
/// </summary>
internal sealed class PostgresAccountStore : IAccountStore
{
    private const string Columns = "login, kind, family, password_hash, must_change, password_changed_at, consents::text, guardians::text, shared_children::text, grants::text";

    private readonly PostgresDatabase _database;
    private readonly string _s;

    public PostgresAccountStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _s = database.Schema;
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(TenantId tenant, Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var t = PostgresValues.Tenant(tenant);
        account.ThrowIfMalformed();
        var rows = await _database.QueryAsync(
            $"""
            INSERT INTO {_s}.account (tenant, login, kind, family, password_hash, must_change, password_changed_at, consents, guardians, shared_children, grants)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb) ON CONFLICT (tenant, login) DO NOTHING RETURNING 1
            """,
            r => r.GetInt32(0),
            cancellationToken,
            Value(t),
            Value(account.Login.Value),
            Value(account.Kind == AccountKind.Family ? "family" : "agent"),
            Nullable(account.Family?.Value, NpgsqlDbType.Varchar),
            Value(account.PasswordHash),
            Value(account.MustChangePassword),
            Value(PostgresValues.ToDb(account.PasswordChangedAt)),
            Value(AccountJson.Write(account.Consents)),
            Value(AccountJson.Write(account.OtherGuardians)),
            Value(AccountJson.Write(account.SharedChildren)),
            Value(AccountJson.Write(account.Grants))).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<Account?> GetAsync(TenantId tenant, LoginId login, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT {Columns} FROM {_s}.account WHERE tenant = $1 AND login = $2", ReadAccount, cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(login.Value ?? string.Empty)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveDetailsAsync(TenantId tenant, LoginId login, IReadOnlyList<Guardian> otherGuardians, IReadOnlyList<ChildId> sharedChildren, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        Account.ThrowIfMalformedDetails(otherGuardians, sharedChildren, grants);
        var kinds = await _database.QueryAsync(
            $"""
            UPDATE {_s}.account SET guardians = $3::jsonb, shared_children = $4::jsonb, grants = $5::jsonb
            WHERE tenant = $1 AND login = $2 AND CASE kind WHEN 'family' THEN jsonb_array_length($5::jsonb) = 0 ELSE jsonb_array_length($3::jsonb) + jsonb_array_length($4::jsonb) = 0 END
            RETURNING kind
            """,
            r => r.GetString(0),
            cancellationToken,
            Value(t),
            Value(login.Value ?? string.Empty),
            Value(AccountJson.Write(otherGuardians)),
            Value(AccountJson.Write(sharedChildren)),
            Value(AccountJson.Write(grants))).ConfigureAwait(false);
        if (kinds.Count == 0 && await GetAsync(tenant, login, cancellationToken).ConfigureAwait(false) is { } account)
        {
            throw new ArgumentException(
                $"account.{(account.Kind == AccountKind.Family ? "Grants" : "Family")}: a family account is granted no structure, an agent has no guardians or children.",
                account.Kind == AccountKind.Family ? "account.Grants" : "account.Family");
        }

        return kinds.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetPasswordAsync(TenantId tenant, LoginId login, string passwordHash, bool mustChange, Instant at, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        return await InTransactionAsync(async (c, tx) => await SetPasswordAsync(c, tx, t, login, passwordHash, mustChange, at, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReplaceHashAsync(TenantId tenant, LoginId login, string expected, string replacement, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformedPasswordHash(replacement, nameof(replacement));
        var rows = await _database.QueryAsync(
            $"UPDATE {_s}.account SET password_hash = $4 WHERE tenant = $1 AND login = $2 AND password_hash = $3 RETURNING 1",
            r => r.GetInt32(0), cancellationToken, Value(t), Value(login.Value ?? string.Empty), Value(expected ?? string.Empty), Value(replacement)).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordConsentAsync(TenantId tenant, LoginId login, ConsentRecord consent, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        Account.ThrowIfMalformedConsent(consent, nameof(consent));
        PostgresValues.Text(consent.Version, "consent.Version", Account.MaxTextLength, required: true);
        var rows = await _database.QueryAsync(
            $"""
            UPDATE {_s}.account SET consents = COALESCE((SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(consents) WITH ORDINALITY AS x(e, n) WHERE e->>'document' <> $3), '[]'::jsonb) || jsonb_build_array($4::jsonb)
            WHERE tenant = $1 AND login = $2 RETURNING 1
            """,
            r => r.GetInt32(0), cancellationToken, Value(t), Value(login.Value ?? string.Empty), Value(AccountJson.Code(consent.Document)), Value(AccountJson.Write(consent))).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<FailureCount> RecordFailureAsync(TenantId tenant, ThrottleKey key, Instant at, Duration window, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformed(key);
        PostgresValues.Text(key.Value, nameof(key), AccountStoreCheck.MaxKeyLength, required: true);
        return await InTransactionAsync(
            async (c, tx) =>
            {
                var current = await FailuresAsync(c, tx, t, key, forUpdate: true, cancellationToken).ConfigureAwait(false);
                var next = AccountStoreCheck.Next(current, at, window);
                await ExecuteAsync(
                    c,
                    tx,
                    $"""
                    INSERT INTO {_s}.sign_in_failure (tenant, key, count, window_start, last_failure_at, locked_until) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (tenant, key) DO UPDATE SET count = excluded.count, window_start = excluded.window_start, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until
                    """,
                    cancellationToken,
                    Value(t),
                    Value(key.Value),
                    Value(next.Count),
                    Value(PostgresValues.ToDb(next.WindowStart)),
                    Value(PostgresValues.ToDb(next.LastFailureAt)),
                    Nullable(next.LockedUntil is { } l ? PostgresValues.ToDb(l) : null, NpgsqlDbType.TimestampTz)).ConfigureAwait(false);
                return next;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask LockAsync(TenantId tenant, ThrottleKey key, Instant until, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformed(key);
        await _database.ExecuteAsync(
            [Batch($"UPDATE {_s}.sign_in_failure SET locked_until = $3 WHERE tenant = $1 AND key = $2 AND (locked_until IS NULL OR locked_until < $3)", Value(t), Value(key.Value), Value(PostgresValues.ToDb(until)))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<FailureCount?> GetFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformed(key);
        var rows = await _database.QueryAsync(FailuresQuery(forUpdate: false), ReadFailures, cancellationToken, Value(t), Value(key.Value)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask ClearFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformed(key);
        await _database.ExecuteAsync([Batch($"DELETE FROM {_s}.sign_in_failure WHERE tenant = $1 AND key = $2", Value(t), Value(key.Value))], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AddResetTokenAsync(TenantId tenant, ResetToken token, OutboxMail mail, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformed(tenant, token, mail);
        PostgresMailOutbox.Check([mail], "mail");
        // One batch outside an explicit transaction is one implicit transaction: the token and its mail, or neither.
        await _database.ExecuteAsync(
            [
                Batch(
                    $"INSERT INTO {_s}.reset_token (tenant, token_hash, login, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                    Value(tenant.Value),
                    Value(token.TokenHash),
                    Value(token.Login.Value),
                    Value(PostgresValues.ToDb(token.CreatedAt)),
                    Value(PostgresValues.ToDb(token.ExpiresAt))),
                PostgresMailOutbox.Insert(_s, [mail]),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> FindResetTokenAsync(TenantId tenant, LoginId login, string tokenHash, Instant at, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        var rows = await _database.QueryAsync(
            $"SELECT 1 FROM {_s}.reset_token WHERE tenant = $1 AND token_hash = $2 AND login = $3 AND expires_at > $4",
            r => r.GetInt32(0), cancellationToken, Value(t), Value(tokenHash), Value(login.Value ?? string.Empty), Value(PostgresValues.ToDb(at))).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResetPasswordAsync(TenantId tenant, LoginId login, string tokenHash, string passwordHash, Instant at, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        return await InTransactionAsync(
            async (c, tx) =>
            {
                // The DELETE locks the token's row: a concurrent use waits, then finds it gone.
                var used = await ExecuteAsync(
                    c, tx, $"DELETE FROM {_s}.reset_token WHERE tenant = $1 AND token_hash = $2 AND login = $3 AND expires_at > $4", cancellationToken,
                    Value(t), Value(tokenHash), Value(login.Value ?? string.Empty), Value(PostgresValues.ToDb(at))).ConfigureAwait(false);
                if (used != 1 || !await SetPasswordAsync(c, tx, t, login, passwordHash, mustChange: false, at, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                await ExecuteAsync(c, tx, $"DELETE FROM {_s}.sign_in_failure WHERE tenant = $1 AND key = $2", cancellationToken, Value(t), Value(ThrottleKey.ForLogin(login).Value)).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    // Sets the hash and deletes the account's tokens, in the transaction (R-ACC-4).
    private async Task<bool> SetPasswordAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenant, LoginId login, string hash, bool mustChange, Instant at, CancellationToken cancellationToken)
    {
        var set = await ExecuteAsync(
            c, tx, $"UPDATE {_s}.account SET password_hash = $3, must_change = $4, password_changed_at = $5 WHERE tenant = $1 AND login = $2", cancellationToken,
            Value(tenant), Value(login.Value ?? string.Empty), Value(hash), Value(mustChange), Value(PostgresValues.ToDb(at))).ConfigureAwait(false);
        await ExecuteAsync(c, tx, $"DELETE FROM {_s}.reset_token WHERE tenant = $1 AND login = $2", cancellationToken, Value(tenant), Value(login.Value ?? string.Empty)).ConfigureAwait(false);
        return set == 1;
    }

    private string FailuresQuery(bool forUpdate) =>
        $"SELECT count, window_start, last_failure_at, locked_until FROM {_s}.sign_in_failure WHERE tenant = $1 AND key = $2{(forUpdate ? " FOR UPDATE" : string.Empty)}";

    private async Task<FailureCount?> FailuresAsync(NpgsqlConnection c, NpgsqlTransaction tx, string tenant, ThrottleKey key, bool forUpdate, CancellationToken cancellationToken)
    {
        // Failures of one key queue on a transaction-scoped advisory lock, also when it has no row yet.
        await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))", cancellationToken, Value($"portail.sign_in_failure:{_s}:{tenant}:{key.Value}")).ConfigureAwait(false);
        var command = Command(c, FailuresQuery(forUpdate), Value(tenant), Value(key.Value));
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = tx;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadFailures(reader) : null;
            }
        }
    }

    private static FailureCount ReadFailures(NpgsqlDataReader r) =>
        new(
            r.GetInt32(0),
            PostgresValues.Instant(r.GetFieldValue<DateTime>(1)),
            PostgresValues.Instant(r.GetFieldValue<DateTime>(2)),
            r.IsDBNull(3) ? null : PostgresValues.Instant(r.GetFieldValue<DateTime>(3)));

    private static async Task<int> ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = Command(c, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = tx;
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    private static Account ReadAccount(NpgsqlDataReader r) =>
        new(
            new LoginId(r.GetString(0)),
            r.GetString(1) == "family" ? AccountKind.Family : AccountKind.Agent,
            r.IsDBNull(2) ? null : new FamilyId(r.GetString(2)),
            r.GetString(3),
            r.GetBoolean(4),
            PostgresValues.Instant(r.GetFieldValue<DateTime>(5)),
            AccountJson.ReadConsents(r.GetString(6)),
            AccountJson.ReadGuardians(r.GetString(7)),
            AccountJson.ReadChildren(r.GetString(8)),
            AccountJson.ReadGrants(r.GetString(9)));
}
