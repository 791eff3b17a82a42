using Microsoft.Data.Sqlite;
using NodaTime;
using Portail.Accounts;
using Portail.Notifications;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// Accounts in SQLite (<c>account</c>, <c>sign_in_failure</c>, <c>reset_token</c>). Every change is
/// one <c>BEGIN IMMEDIATE</c> transaction, so a failure is counted by the core's rule
/// (<see cref="AccountStoreCheck.Next"/>) on the row as it is under the write lock, and a token is
/// used once; a reset mail is written to <c>mail_outbox</c> in its token's transaction.
/// </summary>
internal sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    private const string Columns = "login, kind, family, password_hash, must_change, password_changed_at, consents, guardians, shared_children, grants";

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(TenantId tenant, Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        account.ThrowIfMalformed();
        SqliteValues.Instant(account.PasswordChangedAt, "account.PasswordChangedAt");
        return await database.WriteAsync(
            s => s.Execute(
                $"INSERT INTO account (tenant, {Columns}) VALUES ($tenant, $login, $kind, $family, $hash, $must, $at, $consents, $guardians, $children, $grants) ON CONFLICT (tenant, login) DO NOTHING",
                ("$tenant", t),
                ("$login", account.Login.Value),
                ("$kind", account.Kind == AccountKind.Family ? "family" : "agent"),
                ("$family", account.Family?.Value),
                ("$hash", account.PasswordHash),
                ("$must", account.MustChangePassword ? 1 : 0),
                ("$at", SqliteValues.Sortable(account.PasswordChangedAt)),
                ("$consents", AccountJson.Write(account.Consents)),
                ("$guardians", AccountJson.Write(account.OtherGuardians)),
                ("$children", AccountJson.Write(account.SharedChildren)),
                ("$grants", AccountJson.Write(account.Grants))) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<Account?> GetAsync(TenantId tenant, LoginId login, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var rows = await database.ReadAsync(
            s => s.Query($"SELECT {Columns} FROM account WHERE tenant = $tenant AND login = $login", ReadAccount, ("$tenant", t), ("$login", login.Value)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveDetailsAsync(TenantId tenant, LoginId login, IReadOnlyList<Guardian> otherGuardians, IReadOnlyList<ChildId> sharedChildren, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        Account.ThrowIfMalformedDetails(otherGuardians, sharedChildren, grants);
        return await database.WriteAsync(
            s =>
            {
                var kind = s.Scalar("SELECT kind FROM account WHERE tenant = $tenant AND login = $login", ("$tenant", t), ("$login", login.Value)) as string;
                if (kind is null)
                {
                    return false;
                }

                if (kind == "family" ? grants.Count > 0 : otherGuardians.Count > 0 || sharedChildren.Count > 0)
                {
                    throw new ArgumentException($"account.{(kind == "family" ? "Grants" : "Family")}: a family account is granted no structure, an agent has no guardians or children.", kind == "family" ? "account.Grants" : "account.Family");
                }

                return s.Execute(
                    "UPDATE account SET guardians = $guardians, shared_children = $children, grants = $grants WHERE tenant = $tenant AND login = $login",
                    ("$tenant", t),
                    ("$login", login.Value),
                    ("$guardians", AccountJson.Write(otherGuardians)),
                    ("$children", AccountJson.Write(sharedChildren)),
                    ("$grants", AccountJson.Write(grants))) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> SetPasswordAsync(TenantId tenant, LoginId login, string passwordHash, bool mustChange, Instant at, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        SqliteValues.Instant(at, nameof(at));
        return await database.WriteAsync(s => SetPassword(s, t, login, passwordHash, mustChange, at), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReplaceHashAsync(TenantId tenant, LoginId login, string expected, string replacement, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformedPasswordHash(replacement, nameof(replacement));
        return await database.WriteAsync(
            s => s.Execute(
                "UPDATE account SET password_hash = $replacement WHERE tenant = $tenant AND login = $login AND password_hash = $expected",
                ("$tenant", t), ("$login", login.Value), ("$expected", expected), ("$replacement", replacement)) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RecordConsentAsync(TenantId tenant, LoginId login, ConsentRecord consent, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        Account.ThrowIfMalformedConsent(consent, nameof(consent));
        return await database.WriteAsync(
            s => s.Execute(
                "UPDATE account SET consents = json_insert((SELECT json_group_array(json(value)) FROM json_each(consents) WHERE json_extract(value, '$.document') <> $document), '$[#]', json($consent)) "
                + "WHERE tenant = $tenant AND login = $login",
                ("$tenant", t), ("$login", login.Value), ("$document", AccountJson.Code(consent.Document)), ("$consent", AccountJson.Write(consent))) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<FailureCount> RecordFailureAsync(TenantId tenant, ThrottleKey key, Instant at, Duration window, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformed(key);
        SqliteValues.Instant(at, nameof(at));
        return await database.WriteAsync(
            s =>
            {
                var next = AccountStoreCheck.Next(Failures(s, t, key), at, window);
                s.Execute(
                    "INSERT INTO sign_in_failure (tenant, key, count, window_start, last_failure_at, locked_until) VALUES ($tenant, $key, $count, $start, $last, $locked) "
                    + "ON CONFLICT (tenant, key) DO UPDATE SET count = excluded.count, window_start = excluded.window_start, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
                    ("$tenant", t),
                    ("$key", key.Value),
                    ("$count", next.Count),
                    ("$start", SqliteValues.Sortable(next.WindowStart)),
                    ("$last", SqliteValues.Sortable(next.LastFailureAt)),
                    ("$locked", next.LockedUntil is { } l ? SqliteValues.Sortable(l) : null));
                return next;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask LockAsync(TenantId tenant, ThrottleKey key, Instant until, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformed(key);
        SqliteValues.Instant(until, nameof(until));
        await database.WriteAsync(
            s => s.Execute(
                "UPDATE sign_in_failure SET locked_until = $until WHERE tenant = $tenant AND key = $key AND (locked_until IS NULL OR locked_until < $until)",
                ("$tenant", t), ("$key", key.Value), ("$until", SqliteValues.Sortable(until))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<FailureCount?> GetFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformed(key);
        return await database.ReadAsync(s => Failures(s, t, key), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ClearFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformed(key);
        await database.WriteAsync(s => s.Execute("DELETE FROM sign_in_failure WHERE tenant = $tenant AND key = $key", ("$tenant", t), ("$key", key.Value)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AddResetTokenAsync(TenantId tenant, ResetToken token, OutboxMail mail, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformed(tenant, token, mail);
        SqliteMailOutbox.Check([mail], "mail");
        SqliteValues.Instant(token.ExpiresAt, "token.ExpiresAt");
        SqliteValues.Instant(token.CreatedAt, "token.CreatedAt");
        await database.WriteAsync(
            s =>
            {
                s.Execute(
                    "INSERT INTO reset_token (tenant, token_hash, login, created_at, expires_at) VALUES ($tenant, $hash, $login, $created, $expires)",
                    ("$tenant", tenant.Value),
                    ("$hash", token.TokenHash),
                    ("$login", token.Login.Value),
                    ("$created", SqliteValues.Sortable(token.CreatedAt)),
                    ("$expires", SqliteValues.Sortable(token.ExpiresAt)));
                return SqliteMailOutbox.Insert(s, [mail]);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> FindResetTokenAsync(TenantId tenant, LoginId login, string tokenHash, Instant at, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        SqliteValues.Instant(at, nameof(at));
        return await database.ReadAsync(s => Valid(s, t, login, tokenHash, at), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ResetPasswordAsync(TenantId tenant, LoginId login, string tokenHash, string passwordHash, Instant at, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        SqliteValues.Instant(at, nameof(at));
        return await database.WriteAsync(
            s =>
            {
                if (!Valid(s, t, login, tokenHash, at) || !SetPassword(s, t, login, passwordHash, mustChange: false, at))
                {
                    return false;
                }

                s.Execute("DELETE FROM sign_in_failure WHERE tenant = $tenant AND key = $key", ("$tenant", t), ("$key", ThrottleKey.ForLogin(login).Value));
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    // Sets the hash and deletes the account's tokens, in the session's transaction (R-ACC-4).
    private static bool SetPassword(SqliteSession s, string tenant, LoginId login, string hash, bool mustChange, Instant at)
    {
        var set = s.Execute(
            "UPDATE account SET password_hash = $hash, must_change = $must, password_changed_at = $at WHERE tenant = $tenant AND login = $login",
            ("$tenant", tenant), ("$login", login.Value), ("$hash", hash), ("$must", mustChange ? 1 : 0), ("$at", SqliteValues.Sortable(at))) == 1;
        s.Execute("DELETE FROM reset_token WHERE tenant = $tenant AND login = $login", ("$tenant", tenant), ("$login", login.Value));
        return set;
    }

    private static bool Valid(SqliteSession s, string tenant, LoginId login, string tokenHash, Instant at) =>
        s.Scalar(
            "SELECT 1 FROM reset_token WHERE tenant = $tenant AND token_hash = $hash AND login = $login AND expires_at > $at",
            ("$tenant", tenant), ("$hash", tokenHash), ("$login", login.Value), ("$at", SqliteValues.Sortable(at))) is not null;

    private static FailureCount? Failures(SqliteSession s, string tenant, ThrottleKey key)
    {
        var rows = s.Query(
            "SELECT count, window_start, last_failure_at, locked_until FROM sign_in_failure WHERE tenant = $tenant AND key = $key",
            r => new FailureCount(r.GetInt32(0), SqliteValues.Instant(r.GetString(1)), SqliteValues.Instant(r.GetString(2)), SqliteValues.InstantOrNull(r.IsDBNull(3) ? null : r.GetString(3))),
            ("$tenant", tenant),
            ("$key", key.Value));
        return rows.Count == 0 ? null : rows[0];
    }

    private static Account ReadAccount(SqliteDataReader r) =>
        new(
            new LoginId(r.GetString(0)),
            r.GetString(1) == "family" ? AccountKind.Family : AccountKind.Agent,
            r.IsDBNull(2) ? null : new FamilyId(r.GetString(2)),
            r.GetString(3),
            r.GetInt64(4) == 1,
            SqliteValues.Instant(r.GetString(5)),
            AccountJson.ReadConsents(r.GetString(6)),
            AccountJson.ReadGuardians(r.GetString(7)),
            AccountJson.ReadChildren(r.GetString(8)),
            AccountJson.ReadGrants(r.GetString(9)));
}
