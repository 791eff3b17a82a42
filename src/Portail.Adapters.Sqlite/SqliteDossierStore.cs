using Microsoft.Data.Sqlite;
using Portail.Accounts;
using Portail.Dossier;
using Portail.Notifications;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The family files in SQLite (<c>dossier_fiche</c>, <c>dossier_transition</c>, <c>dossier_contacts</c>,
/// <c>dossier_reference</c>, <c>dossier_health_read</c>). A fiche's change is one <c>BEGIN IMMEDIATE</c>
/// transaction: <c>INSERT … ON CONFLICT DO NOTHING</c> for version 1, <c>UPDATE … WHERE version = next − 1</c>
/// after, and only when it changed the row, the transitions and the mails (<c>mail_outbox</c>).
/// </summary>
internal sealed class SqliteDossierStore(SqliteDatabase database) : IDossierStore
{
    private const string Columns = "tenant, family, kind, subject, structure, state, version, content, files, reason, state_since";

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredFiche>> ListFichesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        await database.ReadAsync(
            s => s.Query($"SELECT {Columns} FROM dossier_fiche WHERE tenant = $tenant AND family = $family", Read, ("$tenant", tenant.Value), ("$family", family.Value)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<StoredFiche?> GetFicheAsync(TenantId tenant, FamilyId family, FicheKey key, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM dossier_fiche WHERE tenant = $tenant AND family = $family AND kind = $kind AND subject = $subject AND structure = $structure",
                Read,
                ("$tenant", tenant.Value), ("$family", family.Value), ("$kind", DossierJson.Code(key.Kind)), ("$subject", key.Subject ?? string.Empty), ("$structure", key.Structure ?? string.Empty)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveFicheAsync(StoredFiche next, IReadOnlyList<FicheTransition> transitions, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(next, transitions, mails);
        SqliteValues.Instant(next.StateSince, "next.StateSince");
        SqliteMailOutbox.Check(mails, nameof(mails));
        foreach (var t in transitions)
        {
            SqliteValues.Instant(t.At, "transitions.At");
        }

        (string, object?)[] values =
        [
            ("$tenant", next.Tenant.Value), ("$family", next.Family.Value), ("$kind", DossierJson.Code(next.Key.Kind)), ("$subject", next.Key.Subject), ("$structure", next.Key.Structure),
            ("$state", DossierJson.Code(next.State)), ("$version", next.Version), ("$content", next.Content is { } c ? DossierJson.Content(c) : null),
            ("$files", DossierJson.Files(next.Files)), ("$reason", next.Reason), ("$since", SqliteValues.Sortable(next.StateSince)),
        ];
        return await database.WriteAsync(
            s =>
            {
                var changed = next.Version == 1
                    ? s.Execute($"INSERT INTO dossier_fiche ({Columns}) VALUES ($tenant, $family, $kind, $subject, $structure, $state, $version, $content, $files, $reason, $since) ON CONFLICT DO NOTHING", values)
                    : s.Execute(
                        "UPDATE dossier_fiche SET state = $state, version = $version, content = $content, files = $files, reason = $reason, state_since = $since "
                        + "WHERE tenant = $tenant AND family = $family AND kind = $kind AND subject = $subject AND structure = $structure AND version = $version - 1",
                        values);
                if (changed != 1)
                {
                    return false;
                }

                foreach (var t in transitions)
                {
                    s.Execute(
                        "INSERT INTO dossier_transition (tenant, id, family, kind, subject, structure, at, by_login, on_behalf, action, from_state, to_state, reason) "
                        + "VALUES ($tenant, $id, $family, $kind, $subject, $structure, $at, $by, $behalf, $action, $from, $to, $reason)",
                        ("$tenant", t.Tenant.Value), ("$id", t.Id.ToString("D")), ("$family", t.Family.Value), ("$kind", DossierJson.Code(t.Key.Kind)), ("$subject", t.Key.Subject),
                        ("$structure", t.Key.Structure), ("$at", SqliteValues.Sortable(t.At)), ("$by", t.By.Value), ("$behalf", t.OnBehalf ? 1 : 0), ("$action", DossierJson.Code(t.Action)),
                        ("$from", DossierJson.Code(t.From)), ("$to", DossierJson.Code(t.To)), ("$reason", t.Reason));
                }

                SqliteMailOutbox.Insert(s, mails);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredFiche>> ListByStateAsync(TenantId tenant, FicheState state, FicheKind? kind, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM dossier_fiche WHERE tenant = $tenant AND state = $state AND ($kind IS NULL OR kind = $kind) ORDER BY state_since, family, kind, subject, structure LIMIT $limit",
                Read,
                ("$tenant", tenant.Value), ("$state", DossierJson.Code(state)), ("$kind", kind is { } k ? DossierJson.Code(k) : null), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FicheTransition>> ListTransitionsAsync(TenantId tenant, FamilyId family, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await database.ReadAsync(
            s => s.Query(
                "SELECT id, kind, subject, structure, at, by_login, on_behalf, action, from_state, to_state, reason FROM dossier_transition WHERE tenant = $tenant AND family = $family ORDER BY position LIMIT $limit",
                r => new FicheTransition(
                    Guid.Parse(r.GetString(0)), tenant, family, new FicheKey(DossierJson.Kind(r.GetString(1)), r.GetString(2), r.GetString(3)), SqliteValues.Instant(r.GetString(4)),
                    new LoginId(r.GetString(5)), r.GetInt64(6) == 1, DossierJson.Action(r.GetString(7)), DossierJson.State(r.GetString(8)), DossierJson.State(r.GetString(9)), Text(r, 10)),
                ("$tenant", tenant.Value), ("$family", family.Value), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ContactBook> GetContactsAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(
            s => s.Query(
                "SELECT contacts, version FROM dossier_contacts WHERE tenant = $tenant AND family = $family",
                r => new ContactBook(DossierJson.Contacts(r.GetString(0)), r.GetInt64(1)),
                ("$tenant", tenant.Value), ("$family", family.Value)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? new ContactBook([], 0) : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<bool> SaveContactsAsync(TenantId tenant, FamilyId family, IReadOnlyList<EmergencyContact> contacts, long version, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        DossierStoreChecks.ThrowIfMalformed(contacts, version);
        var json = DossierJson.Contacts(contacts);
        return await database.WriteAsync(
            s => (version == 1
                ? s.Execute("INSERT INTO dossier_contacts (tenant, family, version, contacts) VALUES ($tenant, $family, 1, $contacts) ON CONFLICT DO NOTHING", ("$tenant", t), ("$family", f), ("$contacts", json))
                : s.Execute(
                    "UPDATE dossier_contacts SET version = $version, contacts = $contacts WHERE tenant = $tenant AND family = $family AND version = $version - 1",
                    ("$tenant", t), ("$family", f), ("$version", version), ("$contacts", json))) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> AddReferenceAsync(ReferenceEntry entry, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(entry);
        SqliteValues.Instant(entry.CreatedAt, "entry.CreatedAt");
        return await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO dossier_reference (tenant, kind, id, name, search_key, address, phone, created_by, created_at) VALUES ($tenant, $kind, $id, $name, $key, $address, $phone, $by, $at) ON CONFLICT DO NOTHING",
                ("$tenant", entry.Tenant.Value), ("$kind", DossierJson.Code(entry.Kind)), ("$id", entry.Id), ("$name", entry.Name), ("$key", entry.SearchKey), ("$address", entry.Address),
                ("$phone", entry.Phone), ("$by", entry.CreatedBy?.Value), ("$at", SqliteValues.Sortable(entry.CreatedAt))) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ReferenceEntry>> SearchReferencesAsync(TenantId tenant, ReferenceKind kind, string keyPrefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await database.ReadAsync(
            s => s.Query(
                "SELECT tenant, kind, id, name, address, phone, created_by, created_at FROM dossier_reference "
                + "WHERE tenant = $tenant AND kind = $kind AND substr(search_key, 1, length($prefix)) = $prefix ORDER BY search_key, id LIMIT $limit",
                ReadReference,
                ("$tenant", tenant.Value), ("$kind", DossierJson.Code(kind)), ("$prefix", keyPrefix), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReferenceEntry?> GetReferenceAsync(TenantId tenant, ReferenceKind kind, string id, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(
            s => s.Query(
                "SELECT tenant, kind, id, name, address, phone, created_by, created_at FROM dossier_reference WHERE tenant = $tenant AND kind = $kind AND id = $id",
                ReadReference,
                ("$tenant", tenant.Value), ("$kind", DossierJson.Code(kind)), ("$id", id)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask LogHealthReadAsync(HealthRead read, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(read);
        SqliteValues.Instant(read.At, "read.At");
        await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO dossier_health_read (tenant, id, at, agent, family, child, what) VALUES ($tenant, $id, $at, $agent, $family, $child, $what) ON CONFLICT (tenant, id) DO NOTHING",
                ("$tenant", read.Tenant.Value), ("$id", read.Id.ToString("D")), ("$at", SqliteValues.Sortable(read.At)), ("$agent", read.Agent.Value), ("$family", read.Family.Value),
                ("$child", read.Child.Value), ("$what", read.What)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<HealthRead>> ListHealthReadsAsync(TenantId tenant, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        return await database.ReadAsync(
            s => s.Query(
                "SELECT id, at, agent, family, child, what FROM dossier_health_read WHERE tenant = $tenant ORDER BY position LIMIT $limit",
                r => new HealthRead(Guid.Parse(r.GetString(0)), tenant, SqliteValues.Instant(r.GetString(1)), new LoginId(r.GetString(2)), new FamilyId(r.GetString(3)), new ChildId(r.GetString(4)), r.GetString(5)),
                ("$tenant", tenant.Value), ("$limit", limit)),
            cancellationToken).ConfigureAwait(false);
    }

    private static StoredFiche Read(SqliteDataReader r) =>
        new(
            new TenantId(r.GetString(0)),
            new FamilyId(r.GetString(1)),
            new FicheKey(DossierJson.Kind(r.GetString(2)), r.GetString(3), r.GetString(4)),
            DossierJson.State(r.GetString(5)),
            r.GetInt64(6),
            r.IsDBNull(7) ? null : DossierJson.Content(r.GetString(7)),
            DossierJson.Files(r.GetString(8)),
            Text(r, 9),
            SqliteValues.Instant(r.GetString(10)));

    private static ReferenceEntry ReadReference(SqliteDataReader r) =>
        new(new TenantId(r.GetString(0)), DossierJson.Reference(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            r.IsDBNull(6) ? null : new FamilyId(r.GetString(6)), SqliteValues.Instant(r.GetString(7)));

    private static string? Text(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);
}
