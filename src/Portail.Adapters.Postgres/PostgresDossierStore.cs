using Npgsql;
using NpgsqlTypes;
using Portail.Accounts;
using Portail.Dossier;
using Portail.Notifications;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The family files in PostgreSQL (<c>dossier_fiche</c>, <c>dossier_transition</c>, <c>dossier_contacts</c>,
/// <c>dossier_reference</c>, <c>dossier_health_read</c>). A fiche's change is one transaction:
/// <c>INSERT … ON CONFLICT DO NOTHING</c> for version 1, <c>UPDATE … WHERE version = next − 1</c> after (a
/// concurrent writer waits for the row lock, then finds the version moved and changes nothing), and only
/// when it changed the row, the transitions and the mails (<c>mail_outbox</c>).
/// </summary>
internal sealed class PostgresDossierStore : IDossierStore
{
    private const string Columns = "tenant, family, kind, subject, structure, state, version, content, files, reason, state_since";
    private const string Order = "state_since, family COLLATE \"C\", kind COLLATE \"C\", subject COLLATE \"C\", structure COLLATE \"C\"";

    private readonly PostgresDatabase _database;
    private readonly string _s;

    public PostgresDossierStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _s = database.Schema;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredFiche>> ListFichesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        await _database.QueryAsync($"SELECT {Columns} FROM {_s}.dossier_fiche WHERE tenant = $1 AND family = $2", Read, cancellationToken, Value(tenant.Value), Value(family.Value)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<StoredFiche?> GetFicheAsync(TenantId tenant, FamilyId family, FicheKey key, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT {Columns} FROM {_s}.dossier_fiche WHERE tenant = $1 AND family = $2 AND kind = $3 AND subject = $4 AND structure = $5",
            Read,
            cancellationToken,
            Value(tenant.Value), Value(family.Value), Value(DossierJson.Code(key.Kind)), Value(key.Subject ?? string.Empty), Value(key.Structure ?? string.Empty)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveFicheAsync(StoredFiche next, IReadOnlyList<FicheTransition> transitions, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(next, transitions, mails);
        PostgresMailOutbox.Check(mails, nameof(mails));
        var sql = next.Version == 1
            ? $"INSERT INTO {_s}.dossier_fiche ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11) ON CONFLICT DO NOTHING"
            : $"UPDATE {_s}.dossier_fiche SET state = $6, version = $7, content = $8::jsonb, files = $9::jsonb, reason = $10, state_since = $11 "
              + "WHERE tenant = $1 AND family = $2 AND kind = $3 AND subject = $4 AND structure = $5 AND version = $7 - 1";
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var write = Command(
                    connection,
                    sql,
                    Value(next.Tenant.Value), Value(next.Family.Value), Value(DossierJson.Code(next.Key.Kind)), Value(next.Key.Subject), Value(next.Key.Structure),
                    Value(DossierJson.Code(next.State)), Value(next.Version), Nullable(next.Content is { } c ? DossierJson.Content(c) : null, NpgsqlDbType.Text),
                    Value(DossierJson.Files(next.Files)), Nullable(next.Reason, NpgsqlDbType.Varchar), Value(PostgresValues.ToDb(next.StateSince)));
                await using (write.ConfigureAwait(false))
                {
                    write.Transaction = transaction;
                    if (await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return false;
                    }
                }

                if (transitions.Count > 0 || mails.Count > 0)
                {
                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        if (transitions.Count > 0)
                        {
                            batch.BatchCommands.Add(Transitions(transitions));
                        }

                        if (mails.Count > 0)
                        {
                            batch.BatchCommands.Add(PostgresMailOutbox.Insert(_s, mails));
                        }

                        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredFiche>> ListByStateAsync(TenantId tenant, FicheState state, FicheKind? kind, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(
            $"SELECT {Columns} FROM {_s}.dossier_fiche WHERE tenant = $1 AND state = $2 AND ($3::text IS NULL OR kind = $3) ORDER BY {Order} LIMIT $4",
            Read,
            cancellationToken,
            Value(tenant.Value), Value(DossierJson.Code(state)), Nullable(kind is { } k ? DossierJson.Code(k) : null, NpgsqlDbType.Text), Value(limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FicheTransition>> ListTransitionsAsync(TenantId tenant, FamilyId family, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(
            $"SELECT id, kind, subject, structure, at, by_login, on_behalf, action, from_state, to_state, reason FROM {_s}.dossier_transition WHERE tenant = $1 AND family = $2 ORDER BY position LIMIT $3",
            r => new FicheTransition(
                r.GetGuid(0), tenant, family, new FicheKey(DossierJson.Kind(r.GetString(1)), r.GetString(2), r.GetString(3)), PostgresValues.Instant(r.GetDateTime(4)),
                new LoginId(r.GetString(5)), r.GetBoolean(6), DossierJson.Action(r.GetString(7)), DossierJson.State(r.GetString(8)), DossierJson.State(r.GetString(9)), r.IsDBNull(10) ? null : r.GetString(10)),
            cancellationToken,
            Value(tenant.Value), Value(family.Value), Value(limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ContactBook> GetContactsAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT contacts, version FROM {_s}.dossier_contacts WHERE tenant = $1 AND family = $2",
            r => new ContactBook(DossierJson.Contacts(r.GetString(0)), r.GetInt64(1)),
            cancellationToken,
            Value(tenant.Value), Value(family.Value)).ConfigureAwait(false);
        return rows.Count == 0 ? new ContactBook([], 0) : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveContactsAsync(TenantId tenant, FamilyId family, IReadOnlyList<EmergencyContact> contacts, long version, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        var f = PostgresValues.Id(family.Value, nameof(family));
        DossierStoreChecks.ThrowIfMalformed(contacts, version);
        var sql = version == 1
            ? $"INSERT INTO {_s}.dossier_contacts (tenant, family, version, contacts) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING RETURNING 1"
            : $"UPDATE {_s}.dossier_contacts SET version = $3, contacts = $4::jsonb WHERE tenant = $1 AND family = $2 AND version = $3 - 1 RETURNING 1";
        var rows = await _database.QueryAsync(sql, r => r.GetInt32(0), cancellationToken, Value(t), Value(f), Value(version), Value(DossierJson.Contacts(contacts))).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddReferenceAsync(ReferenceEntry entry, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(entry);
        var rows = await _database.QueryAsync(
            $"INSERT INTO {_s}.dossier_reference (tenant, kind, id, name, search_key, address, phone, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1",
            r => r.GetInt32(0),
            cancellationToken,
            Value(entry.Tenant.Value), Value(DossierJson.Code(entry.Kind)), Value(entry.Id), Value(entry.Name), Value(entry.SearchKey), Value(entry.Address), Value(entry.Phone),
            Nullable(entry.CreatedBy?.Value, NpgsqlDbType.Varchar), Value(PostgresValues.ToDb(entry.CreatedAt))).ConfigureAwait(false);
        return rows.Count == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ReferenceEntry>> SearchReferencesAsync(TenantId tenant, ReferenceKind kind, string keyPrefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(
            $"SELECT tenant, kind, id, name, address, phone, created_by, created_at FROM {_s}.dossier_reference "
            + "WHERE tenant = $1 AND kind = $2 AND left(search_key, length($3)) = $3 ORDER BY search_key COLLATE \"C\", id COLLATE \"C\" LIMIT $4",
            ReadReference,
            cancellationToken,
            Value(tenant.Value), Value(DossierJson.Code(kind)), Value(keyPrefix), Value(limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReferenceEntry?> GetReferenceAsync(TenantId tenant, ReferenceKind kind, string id, CancellationToken cancellationToken = default)
    {
        var rows = await _database.QueryAsync(
            $"SELECT tenant, kind, id, name, address, phone, created_by, created_at FROM {_s}.dossier_reference WHERE tenant = $1 AND kind = $2 AND id = $3",
            ReadReference,
            cancellationToken,
            Value(tenant.Value), Value(DossierJson.Code(kind)), Value(id ?? string.Empty)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask LogHealthReadAsync(HealthRead read, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(read);
        await _database.ExecuteAsync(
            [Batch(
                $"INSERT INTO {_s}.dossier_health_read (tenant, id, at, agent, family, child, what) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant, id) DO NOTHING",
                Value(read.Tenant.Value), Value(read.Id), Value(PostgresValues.ToDb(read.At)), Value(read.Agent.Value), Value(read.Family.Value), Value(read.Child.Value), Value(read.What))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<HealthRead>> ListHealthReadsAsync(TenantId tenant, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await _database.QueryAsync(
            $"SELECT id, at, agent, family, child, what FROM {_s}.dossier_health_read WHERE tenant = $1 ORDER BY position LIMIT $2",
            r => new HealthRead(r.GetGuid(0), tenant, PostgresValues.Instant(r.GetDateTime(1)), new LoginId(r.GetString(2)), new FamilyId(r.GetString(3)), new ChildId(r.GetString(4)), r.GetString(5)),
            cancellationToken,
            Value(tenant.Value), Value(limit)).ConfigureAwait(false);
    }

    private NpgsqlBatchCommand Transitions(IReadOnlyList<FicheTransition> transitions) =>
        Batch(
            $"""
            INSERT INTO {_s}.dossier_transition (tenant, id, family, kind, subject, structure, at, by_login, on_behalf, action, from_state, to_state, reason)
            SELECT u.tenant, u.id, u.family, u.kind, u.subject, u.structure, u.at, u.by_login, u.on_behalf, u.action, u.from_state, u.to_state, u.reason
            FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::boolean[], $10::text[], $11::text[], $12::text[], $13::text[])
                WITH ORDINALITY AS u(tenant, id, family, kind, subject, structure, at, by_login, on_behalf, action, from_state, to_state, reason, n)
            ORDER BY u.n
            """,
            Value(transitions.Select(t => t.Tenant.Value).ToArray()),
            Value(transitions.Select(t => t.Id).ToArray()),
            Value(transitions.Select(t => t.Family.Value).ToArray()),
            Value(transitions.Select(t => DossierJson.Code(t.Key.Kind)).ToArray()),
            Value(transitions.Select(t => t.Key.Subject).ToArray()),
            Value(transitions.Select(t => t.Key.Structure).ToArray()),
            Value(transitions.Select(t => PostgresValues.ToDb(t.At)).ToArray()),
            Value(transitions.Select(t => t.By.Value).ToArray()),
            Value(transitions.Select(t => t.OnBehalf).ToArray()),
            Value(transitions.Select(t => DossierJson.Code(t.Action)).ToArray()),
            Value(transitions.Select(t => DossierJson.Code(t.From)).ToArray()),
            Value(transitions.Select(t => DossierJson.Code(t.To)).ToArray()),
            Value(transitions.Select(t => t.Reason).ToArray()));

    private static StoredFiche Read(NpgsqlDataReader r) =>
        new(
            new TenantId(r.GetString(0)),
            new FamilyId(r.GetString(1)),
            new FicheKey(DossierJson.Kind(r.GetString(2)), r.GetString(3), r.GetString(4)),
            DossierJson.State(r.GetString(5)),
            r.GetInt64(6),
            r.IsDBNull(7) ? null : DossierJson.Content(r.GetString(7)),
            DossierJson.Files(r.GetString(8)),
            r.IsDBNull(9) ? null : r.GetString(9),
            PostgresValues.Instant(r.GetDateTime(10)));

    private static ReferenceEntry ReadReference(NpgsqlDataReader r) =>
        new(new TenantId(r.GetString(0)), DossierJson.Reference(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            r.IsDBNull(6) ? null : new FamilyId(r.GetString(6)), PostgresValues.Instant(r.GetDateTime(7)));
}
