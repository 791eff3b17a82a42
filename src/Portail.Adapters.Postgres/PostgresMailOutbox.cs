using Npgsql;
using NpgsqlTypes;
using NodaTime;
using Portail.Notifications;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The outbox in PostgreSQL (<c>mail_outbox</c>). A claim is one statement: the due rows are picked
/// <c>FOR UPDATE SKIP LOCKED</c> and turned to <c>sending</c> under a lease token, so concurrent
/// claims — of one process or of many — skip each other's rows and never return the same mail;
/// settling checks the token in the statement that writes the outcome.
/// </summary>
internal sealed class PostgresMailOutbox : IMailOutbox
{
    private const string Columns = "o.tenant, o.id, o.family, o.kind, o.payload, o.created_at, o.state, o.attempts, o.next_attempt_at, o.lease_until, o.last_error, o.settled_at";

    private readonly PostgresDatabase _database;
    private readonly string _claim;
    private readonly string _settle;
    private readonly string _list;

    public PostgresMailOutbox(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _claim = $"""
            UPDATE {s}.mail_outbox o SET state = 'sending', lease = $3, lease_until = $4, attempts = o.attempts + 1
            FROM (SELECT tenant, id FROM {s}.mail_outbox
                  WHERE ((state = 'pending' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_until <= $1)) AND ($5::varchar IS NULL OR tenant = $5)
                  ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) c
            WHERE o.tenant = c.tenant AND o.id = c.id
            RETURNING {Columns}
            """;
        _settle = $"""
            UPDATE {s}.mail_outbox SET state = $4, next_attempt_at = coalesce($5, next_attempt_at), lease = NULL, lease_until = NULL, last_error = $6, settled_at = $7
            WHERE tenant = $1 AND id = $2 AND state = 'sending' AND lease = $3
            """;
        _list = $"""
            SELECT {Columns} FROM {s}.mail_outbox o
            WHERE o.tenant = $1 AND ($2::text IS NULL OR o.state = $2) AND ($3::varchar IS NULL OR o.family = $3)
            ORDER BY o.created_at DESC, o.id DESC LIMIT $4
            """;
    }

    /// <inheritdoc />
    public async ValueTask<int> AddAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        Check(mails, "mails");
        if (mails.Count == 0)
        {
            return 0;
        }

        var insert = Insert(_database.Schema, mails);
        await _database.ExecuteAsync([insert], cancellationToken).ConfigureAwait(false);
        return insert.RecordsAffected;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ClaimedMail>> ClaimAsync(Instant now, Duration lease, int max, TenantId? tenant = null, CancellationToken cancellationToken = default)
    {
        ClaimedMail.ThrowIfBadClaim(lease, max, tenant);
        var token = Guid.NewGuid();
        var until = now + lease;
        var rows = await _database.QueryAsync(
            _claim,
            ReadEntry,
            cancellationToken,
            Value(PostgresValues.ToDb(now)),
            Value(max),
            Value(token),
            Value(PostgresValues.ToDb(until)),
            Nullable(tenant?.Value, NpgsqlDbType.Varchar)).ConfigureAwait(false);
        return rows.OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Mail.Id).Select(e => new ClaimedMail(e.Mail, e.Attempts, token, until)).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<bool> SettleAsync(ClaimedMail claim, MailSettlement settlement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(settlement);
        settlement.ThrowIfMalformed();
        var update = Batch(
            _settle,
            Value(claim.Mail.Tenant.Value),
            Value(claim.Mail.Id),
            Value(claim.Lease),
            Value(Code(settlement.State)),
            Nullable(settlement.RetryAt is { } retry ? PostgresValues.ToDb(retry) : null, NpgsqlDbType.TimestampTz),
            Nullable(settlement.Error?.Replace("\0", string.Empty, StringComparison.Ordinal), NpgsqlDbType.Varchar),
            Nullable(settlement.State == OutboxState.Pending ? null : PostgresValues.ToDb(settlement.At), NpgsqlDbType.TimestampTz));
        await _database.ExecuteAsync([update], cancellationToken).ConfigureAwait(false);
        return update.RecordsAffected == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> ListAsync(TenantId tenant, OutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var t = PostgresValues.Tenant(tenant);
        query.ThrowIfMalformed();
        return await _database.QueryAsync(
            _list,
            ReadEntry,
            cancellationToken,
            Value(t),
            Nullable(query.State is { } state ? Code(state) : null, NpgsqlDbType.Text),
            Nullable(query.Family?.Value, NpgsqlDbType.Varchar),
            Value(query.Limit)).ConfigureAwait(false);
    }

    /// <summary>Refuses mails no store records (<see cref="OutboxMail.ThrowIfMalformed"/>) and payloads PostgreSQL cannot hold.</summary>
    public static void Check(IReadOnlyList<OutboxMail> mails, string field)
    {
        ArgumentNullException.ThrowIfNull(mails, field);
        for (var i = 0; i < mails.Count; i++)
        {
            var mail = mails[i] ?? throw new ArgumentException($"{field}[{i}] is null.", field);
            mail.ThrowIfMalformed($"{field}[{i}]");
            PostgresValues.Text(mail.Payload, $"{field}[{i}].Payload", OutboxMail.MaxPayloadLength, required: true);
        }
    }

    /// <summary>The statement that records mails, pending, in whatever transaction runs it (a commit's, a transmission's); mails already there are left alone. Its <c>RecordsAffected</c> counts the new ones.</summary>
    public static NpgsqlBatchCommand Insert(string schema, IReadOnlyList<OutboxMail> mails) =>
        Batch(
            $"""
            INSERT INTO {schema}.mail_outbox (tenant, id, family, kind, payload, created_at, state, next_attempt_at)
            SELECT u.tenant, u.id, u.family, u.kind, u.payload, u.at, 'pending', u.at
            FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(tenant, id, family, kind, payload, at)
            ON CONFLICT (tenant, id) DO NOTHING
            """,
            Value(mails.Select(m => m.Tenant.Value).ToArray()),
            Value(mails.Select(m => m.Id).ToArray()),
            Value(mails.Select(m => m.Family.Value).ToArray()),
            Value(mails.Select(m => m.Kind.Value).ToArray()),
            Value(mails.Select(m => m.Payload).ToArray()),
            Value(mails.Select(m => PostgresValues.ToDb(m.CreatedAt)).ToArray()));

    private static string Code(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sending => "sending",
        OutboxState.Sent => "sent",
        _ => "failed",
    };

    private static OutboxState State(string state) => state switch
    {
        "pending" => OutboxState.Pending,
        "sending" => OutboxState.Sending,
        "sent" => OutboxState.Sent,
        "failed" => OutboxState.Failed,
        _ => throw new InvalidOperationException($"The mail_outbox table holds an unknown state '{state}': the schema is newer than this package, or was changed by hand."),
    };

    private static OutboxEntry ReadEntry(NpgsqlDataReader r) =>
        new(
            new OutboxMail(r.GetGuid(1), new TenantId(r.GetString(0)), new FamilyId(r.GetString(2)), new MailKind(r.GetString(3)), r.GetString(4), PostgresValues.Instant(r.GetDateTime(5))),
            State(r.GetString(6)),
            r.GetInt32(7),
            PostgresValues.Instant(r.GetDateTime(8)),
            r.IsDBNull(9) ? null : PostgresValues.Instant(r.GetDateTime(9)),
            r.IsDBNull(10) ? null : r.GetString(10),
            r.IsDBNull(11) ? null : PostgresValues.Instant(r.GetDateTime(11)));
}
