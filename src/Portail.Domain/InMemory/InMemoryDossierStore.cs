using Portail.Dossier;
using Portail.Notifications;

namespace Portail.InMemory;

/// <summary>
/// The family files in memory, for tests, demos and quick starts: one lock; a fiche's change, its
/// transitions and its mails are written under it, after the version check, so that of two
/// concurrent changes exactly one is kept. Nothing survives a restart.
/// </summary>
public sealed class InMemoryDossierStore : IDossierStore
{
    private readonly Lock _gate = new();
    private readonly InMemoryMailOutbox _outbox;
    private readonly Dictionary<(TenantId, FamilyId, FicheKey), StoredFiche> _fiches = [];
    private readonly List<FicheTransition> _transitions = [];
    private readonly Dictionary<(TenantId, FamilyId), ContactBook> _contacts = [];
    private readonly Dictionary<(TenantId, ReferenceKind, string), ReferenceEntry> _references = [];
    private readonly List<HealthRead> _reads = [];

    /// <summary>A store whose mails go to <paramref name="outbox"/> (the storage's outbox).</summary>
    public InMemoryDossierStore(InMemoryMailOutbox outbox)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredFiche>> ListFichesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredFiche> list = [.. _fiches.Values.Where(f => f.Tenant == tenant && f.Family == family)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredFiche?> GetFicheAsync(TenantId tenant, FamilyId family, FicheKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_fiches.GetValueOrDefault((tenant, family, key)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveFicheAsync(StoredFiche next, IReadOnlyList<FicheTransition> transitions, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(next, transitions, mails);
        lock (_gate)
        {
            var stored = _fiches.GetValueOrDefault((next.Tenant, next.Family, next.Key));
            if ((stored?.Version ?? 0) != next.Version - 1)
            {
                return ValueTask.FromResult(false);
            }

            _fiches[(next.Tenant, next.Family, next.Key)] = next with { Files = [.. next.Files] };
            _transitions.AddRange(transitions);
            _outbox.Add(mails);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredFiche>> ListByStateAsync(TenantId tenant, FicheState state, FicheKind? kind, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<StoredFiche> list = [.. _fiches.Values
                .Where(f => f.Tenant == tenant && f.State == state && (kind is not { } k || f.Key.Kind == k))
                .OrderBy(f => f.StateSince).ThenBy(f => f.Family.Value, StringComparer.Ordinal).ThenBy(f => DossierJson.Code(f.Key.Kind), StringComparer.Ordinal)
                .ThenBy(f => f.Key.Subject, StringComparer.Ordinal).ThenBy(f => f.Key.Structure, StringComparer.Ordinal)
                .Take(limit)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FicheTransition>> ListTransitionsAsync(TenantId tenant, FamilyId family, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<FicheTransition> list = [.. _transitions.Where(t => t.Tenant == tenant && t.Family == family).Take(limit)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<ContactBook> GetContactsAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_contacts.GetValueOrDefault((tenant, family)) ?? new ContactBook([], 0));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveContactsAsync(TenantId tenant, FamilyId family, IReadOnlyList<EmergencyContact> contacts, long version, CancellationToken cancellationToken = default)
    {
        Identifier.Check(tenant.Value, nameof(tenant));
        Identifier.Check(family.Value, nameof(family));
        DossierStoreChecks.ThrowIfMalformed(contacts, version);
        lock (_gate)
        {
            if ((_contacts.GetValueOrDefault((tenant, family))?.Version ?? 0) != version - 1)
            {
                return ValueTask.FromResult(false);
            }

            _contacts[(tenant, family)] = new ContactBook([.. contacts], version);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> AddReferenceAsync(ReferenceEntry entry, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(entry);
        lock (_gate)
        {
            return ValueTask.FromResult(_references.TryAdd((entry.Tenant, entry.Kind, entry.Id), entry));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ReferenceEntry>> SearchReferencesAsync(TenantId tenant, ReferenceKind kind, string keyPrefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        DossierStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<ReferenceEntry> list = [.. _references.Values
                .Where(e => e.Tenant == tenant && e.Kind == kind && e.SearchKey.StartsWith(keyPrefix, StringComparison.Ordinal))
                .OrderBy(e => e.SearchKey, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
                .Take(limit)];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<ReferenceEntry?> GetReferenceAsync(TenantId tenant, ReferenceKind kind, string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_references.GetValueOrDefault((tenant, kind, id)));
        }
    }

    /// <inheritdoc />
    public ValueTask LogHealthReadAsync(HealthRead read, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfMalformed(read);
        lock (_gate)
        {
            if (!_reads.Any(r => r.Tenant == read.Tenant && r.Id == read.Id))
            {
                _reads.Add(read);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HealthRead>> ListHealthReadsAsync(TenantId tenant, int limit, CancellationToken cancellationToken = default)
    {
        DossierStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<HealthRead> list = [.. _reads.Where(r => r.Tenant == tenant).Take(limit)];
            return ValueTask.FromResult(list);
        }
    }
}
