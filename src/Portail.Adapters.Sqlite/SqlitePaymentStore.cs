using Microsoft.Data.Sqlite;
using NodaTime;
using Portail.Billing;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The payment attempts in SQLite (<c>payment_attempt</c>, <c>payment_log</c>). An update is one
/// <c>BEGIN IMMEDIATE</c> transaction: <c>UPDATE … WHERE version = next − 1</c>, and only when it
/// changed the row, the credit (<c>wallet_movement</c>, ids derived from the attempt, <c>ON CONFLICT
/// DO NOTHING</c>) and the ticket (<c>mail_outbox</c>). The partial unique index
/// <c>payment_attempt_live</c> keeps one live attempt per family.
/// </summary>
internal sealed class SqlitePaymentStore(SqliteDatabase database) : IPaymentStore
{
    private const string Columns = "tenant, id, family, reference, lines, email, created_at, state, version, provider_reference, updated_at, next_check_at, failures, authorisation, paid_at, is_test, alert, last_error";

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(PaymentAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        attempt.ThrowIfMalformed(nameof(attempt));
        Instants(attempt);
        try
        {
            return await database.WriteAsync(
                s => s.Execute(
                    $"INSERT INTO payment_attempt ({Columns}) VALUES ($tenant, $id, $family, $reference, $lines, $email, $created, $state, $version, $provider, $updated, $next, $failures, $authorisation, $paid, $test, $alert, $error)",
                    Parameters(attempt)) == 1,
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            return false; // the family has a live attempt, or the id, reference or provider reference is taken
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> UpdateAsync(PaymentAttempt next, IReadOnlyList<WalletMovement> credit, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(next, credit, mails);
        Instants(next);
        SqliteWalletLedger.Check(credit, nameof(credit));
        SqliteMailOutbox.Check(mails, nameof(mails));
        try
        {
            return await database.WriteAsync(
                s =>
                {
                    var changed = s.Execute(
                        "UPDATE payment_attempt SET state = $state, version = $version, provider_reference = $provider, updated_at = $updated, next_check_at = $next, failures = $failures, "
                        + "authorisation = $authorisation, paid_at = $paid, is_test = $test, alert = $alert, last_error = $error "
                        + "WHERE tenant = $tenant AND id = $id AND version = $version - 1",
                        Parameters(next));
                    if (changed != 1)
                    {
                        return false;
                    }

                    SqliteWalletLedger.Insert(s, next.Tenant.Value, credit);
                    SqliteMailOutbox.Insert(s, mails);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19 && PaymentStates.IsLive(next.State))
        {
            return false; // the move would give the family a second live attempt
        }
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> GetAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default) =>
        await One("tenant = $tenant AND id = $key", tenant, id.ToString("D"), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> FindAsync(TenantId tenant, string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        return await One("tenant = $tenant AND provider_reference = $key", tenant, providerReference, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> FindByReferenceAsync(TenantId tenant, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return await One("tenant = $tenant AND reference = $key", tenant, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<PaymentAttempt?> GetLiveAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        await One($"tenant = $tenant AND family = $key AND state IN ({Live})", tenant, family.Value, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentAttempt>> ListAsync(TenantId tenant, FamilyId? family, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM payment_attempt WHERE tenant = $tenant AND ($family IS NULL OR family = $family) ORDER BY created_at DESC, id DESC LIMIT $limit",
                Read,
                ("$tenant", t), ("$family", family?.Value), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentAttempt>> ListDueAsync(Instant now, Instant createdSince, int max, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(max);
        return await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM payment_attempt WHERE next_check_at IS NOT NULL AND next_check_at <= $now AND created_at >= $since ORDER BY next_check_at, id LIMIT $max",
                Read,
                ("$now", SqliteValues.Sortable(SqliteValues.Instant(now, nameof(now)))), ("$since", SqliteValues.Sortable(SqliteValues.Instant(createdSince, nameof(createdSince)))), ("$max", max)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask LogAsync(PaymentCallback entry, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(entry);
        SqliteValues.Instant(entry.At, "entry.At");
        await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO payment_log (tenant, id, at, source, provider_reference, attempt, outcome) VALUES ($tenant, $id, $at, $source, $provider, $attempt, $outcome) ON CONFLICT (tenant, id) DO NOTHING",
                ("$tenant", entry.Tenant.Value), ("$id", entry.Id.ToString("D")), ("$at", SqliteValues.Sortable(entry.At)), ("$source", PaymentCodes.Code(entry.Source)),
                ("$provider", entry.ProviderReference), ("$attempt", entry.Attempt?.ToString("D")), ("$outcome", entry.Outcome)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PaymentCallback>> ListLogAsync(TenantId tenant, Guid? attempt, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.ReadAsync(
            s => s.Query(
                "SELECT id, at, source, provider_reference, attempt, outcome FROM payment_log WHERE tenant = $tenant AND ($attempt IS NULL OR attempt = $attempt) ORDER BY position LIMIT $limit",
                r => new PaymentCallback(
                    Guid.Parse(r.GetString(0)), tenant, SqliteValues.Instant(r.GetString(1)), PaymentCodes.Source(r.GetString(2)), Text(r, 3), r.IsDBNull(4) ? null : Guid.Parse(r.GetString(4)), r.GetString(5)),
                ("$tenant", t), ("$attempt", attempt?.ToString("D")), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    private static readonly string Live = string.Join(", ", PaymentCodes.LiveStates.Select(c => $"'{c}'"));

    private async ValueTask<PaymentAttempt?> One(string where, TenantId tenant, string key, CancellationToken cancellationToken)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var rows = await database.ReadAsync(s => s.Query($"SELECT {Columns} FROM payment_attempt WHERE {where}", Read, ("$tenant", t), ("$key", key)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static void Instants(PaymentAttempt a)
    {
        SqliteValues.Instant(a.CreatedAt, "attempt.CreatedAt");
        SqliteValues.Instant(a.UpdatedAt, "attempt.UpdatedAt");
        SqliteValues.Instant(a.NextCheckAt ?? a.CreatedAt, "attempt.NextCheckAt");
        SqliteValues.Instant(a.PaidAt ?? a.CreatedAt, "attempt.PaidAt");
    }

    private static (string, object?)[] Parameters(PaymentAttempt a) =>
    [
        ("$tenant", a.Tenant.Value), ("$id", a.Id.ToString("D")), ("$family", a.Family.Value), ("$reference", a.Reference), ("$lines", PaymentCodes.Json(a.Lines)),
        ("$email", a.Email), ("$created", SqliteValues.Sortable(a.CreatedAt)), ("$state", PaymentCodes.Code(a.State)), ("$version", a.Version), ("$provider", a.ProviderReference),
        ("$updated", SqliteValues.Sortable(a.UpdatedAt)), ("$next", a.NextCheckAt is { } n ? SqliteValues.Sortable(n) : null), ("$failures", a.Failures),
        ("$authorisation", a.Authorisation), ("$paid", a.PaidAt is { } p ? SqliteValues.Sortable(p) : null), ("$test", a.IsTest ? 1 : 0), ("$alert", a.Alert), ("$error", a.LastError),
    ];

    private static PaymentAttempt Read(SqliteDataReader r) =>
        new(Guid.Parse(r.GetString(1)), new TenantId(r.GetString(0)), new FamilyId(r.GetString(2)), r.GetString(3), PaymentCodes.Lines(r.GetString(4)), r.GetString(5), SqliteValues.Instant(r.GetString(6)))
        {
            State = PaymentCodes.State(r.GetString(7)),
            Version = r.GetInt64(8),
            ProviderReference = Text(r, 9),
            UpdatedAt = SqliteValues.Instant(r.GetString(10)),
            NextCheckAt = SqliteValues.InstantOrNull(Text(r, 11)),
            Failures = r.GetInt32(12),
            Authorisation = Text(r, 13),
            PaidAt = SqliteValues.InstantOrNull(Text(r, 14)),
            IsTest = r.GetInt64(15) == 1,
            Alert = Text(r, 16),
            LastError = Text(r, 17),
        };

    private static string? Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
