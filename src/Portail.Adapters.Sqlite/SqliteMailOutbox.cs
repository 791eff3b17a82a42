using Microsoft.Data.Sqlite;
using NodaTime;
using Portail.Notifications;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The outbox in SQLite (<c>mail_outbox</c>). A claim is one <c>BEGIN IMMEDIATE</c> transaction — an
/// <c>UPDATE … RETURNING</c> of the due rows under the database's write lock — so two claims, of one
/// process or of several, never take the same mail; settling a mail checks the claim's lease token
/// in the same statement that writes the outcome.
/// </summary>
internal sealed class SqliteMailOutbox(SqliteDatabase database) : IMailOutbox
{
    private const string Columns = "tenant, id, family, kind, payload, created_at, state, attempts, next_attempt_at, lease_until, last_error, settled_at";

    /// <inheritdoc />
    public async ValueTask<int> AddAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        Check(mails, "mails");
        return await database.WriteAsync(s => Insert(s, mails), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ClaimedMail>> ClaimAsync(Instant now, Duration lease, int max, TenantId? tenant = null, CancellationToken cancellationToken = default)
    {
        ClaimedMail.ThrowIfBadClaim(lease, max, tenant);
        SqliteValues.Instant(now + lease, nameof(lease));
        var token = Guid.NewGuid();
        var until = now + lease;
        var rows = await database.WriteAsync(
            s => s.Query(
                "UPDATE mail_outbox SET state = 'sending', lease = $lease, lease_until = $until, attempts = attempts + 1 "
                + "WHERE (tenant, id) IN (SELECT tenant, id FROM ("
                + "  SELECT tenant, id, next_attempt_at FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= $now AND ($tenant IS NULL OR tenant = $tenant) "
                + "  UNION ALL SELECT tenant, id, next_attempt_at FROM mail_outbox WHERE state = 'sending' AND lease_until <= $now AND ($tenant IS NULL OR tenant = $tenant)"
                + ") ORDER BY next_attempt_at, id LIMIT $max) "
                + $"RETURNING {Columns}",
                ReadEntry,
                ("$lease", token.ToString("D")),
                ("$until", SqliteValues.Sortable(until)),
                ("$now", SqliteValues.Sortable(now)),
                ("$tenant", tenant?.Value),
                ("$max", max)),
            cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Mail.Id.ToString("D"), StringComparer.Ordinal)
            .Select(e => new ClaimedMail(e.Mail, e.Attempts, token, until)).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<bool> SettleAsync(ClaimedMail claim, MailSettlement settlement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(settlement);
        settlement.ThrowIfMalformed();
        SqliteValues.Instant(settlement.At, "settlement.At");
        SqliteValues.Instant(settlement.RetryAt ?? settlement.At, "settlement.RetryAt");
        var settled = settlement.State == OutboxState.Pending ? null : SqliteValues.Sortable(settlement.At);
        return await database.WriteAsync(
            s => s.Execute(
                "UPDATE mail_outbox SET state = $state, next_attempt_at = coalesce($retry, next_attempt_at), lease = NULL, lease_until = NULL, last_error = $error, settled_at = $settled "
                + "WHERE tenant = $tenant AND id = $id AND state = 'sending' AND lease = $lease",
                ("$state", SqliteValues.Code(settlement.State)),
                ("$retry", settlement.RetryAt is { } retry ? SqliteValues.Sortable(retry) : null),
                ("$error", settlement.Error),
                ("$settled", settled),
                ("$tenant", claim.Mail.Tenant.Value),
                ("$id", claim.Mail.Id.ToString("D")),
                ("$lease", claim.Lease.ToString("D"))) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> ListAsync(TenantId tenant, OutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        query.ThrowIfMalformed();
        return await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM mail_outbox WHERE tenant = $tenant AND ($state IS NULL OR state = $state) AND ($family IS NULL OR family = $family) "
                + "ORDER BY created_at DESC, id DESC LIMIT $limit",
                ReadEntry,
                ("$tenant", t),
                ("$state", query.State is { } state ? SqliteValues.Code(state) : null),
                ("$family", query.Family?.Value),
                ("$limit", query.Limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses mails no store records (<see cref="OutboxMail.ThrowIfMalformed"/>) and instants the file cannot hold.</summary>
    public static void Check(IReadOnlyList<OutboxMail> mails, string field)
    {
        ArgumentNullException.ThrowIfNull(mails, field);
        for (var i = 0; i < mails.Count; i++)
        {
            var mail = mails[i] ?? throw new ArgumentException($"{field}[{i}] is null.", field);
            mail.ThrowIfMalformed($"{field}[{i}]");
            SqliteValues.Instant(mail.CreatedAt, $"{field}[{i}].CreatedAt");
        }
    }

    /// <summary>Records mails, pending, in the session's transaction (also a commit's or a transmission's); a mail already there is left alone. Answers how many were new.</summary>
    public static int Insert(SqliteSession s, IEnumerable<OutboxMail> mails)
    {
        using var insert = s.Command(
            "INSERT INTO mail_outbox (tenant, id, family, kind, payload, created_at, state, next_attempt_at) "
            + "VALUES ($tenant, $id, $family, $kind, $payload, $at, 'pending', $at) ON CONFLICT (tenant, id) DO NOTHING",
            ("$tenant", null), ("$id", null), ("$family", null), ("$kind", null), ("$payload", null), ("$at", null));
        var added = 0;
        foreach (var mail in mails)
        {
            insert.Parameters["$tenant"].Value = mail.Tenant.Value;
            insert.Parameters["$id"].Value = mail.Id.ToString("D");
            insert.Parameters["$family"].Value = mail.Family.Value;
            insert.Parameters["$kind"].Value = mail.Kind.Value;
            insert.Parameters["$payload"].Value = mail.Payload;
            insert.Parameters["$at"].Value = SqliteValues.Sortable(mail.CreatedAt);
            added += insert.ExecuteNonQuery();
        }

        return added;
    }

    private static OutboxEntry ReadEntry(SqliteDataReader r) =>
        new(
            new OutboxMail(Guid.Parse(r.GetString(1)), new TenantId(r.GetString(0)), new FamilyId(r.GetString(2)), new MailKind(r.GetString(3)), r.GetString(4), SqliteValues.Instant(r.GetString(5))),
            SqliteValues.State(r.GetString(6)),
            r.GetInt32(7),
            SqliteValues.Instant(r.GetString(8)),
            SqliteValues.InstantOrNull(r.IsDBNull(9) ? null : r.GetString(9)),
            r.IsDBNull(10) ? null : r.GetString(10),
            SqliteValues.InstantOrNull(r.IsDBNull(11) ? null : r.GetString(11)));
}
