using Portail.Families;

namespace Portail.InMemory;

/// <summary>The in-memory directory of children and contacts, for tests and demos. Thread-safe.</summary>
public sealed class InMemoryFamilyDirectory : IFamilyDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TenantId, FamilyId), List<Child>> _children = [];
    private readonly Dictionary<(TenantId, FamilyId), FamilyContact> _contacts = [];

    /// <inheritdoc />
    public ValueTask<FamilyContact?> GetContactAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_contacts.GetValueOrDefault((tenant, family)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FamilyContact>> ListContactsAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<FamilyContact>>(
                _contacts.Where(c => c.Key.Item1 == tenant).Select(c => c.Value).OrderBy(c => c.Family.Value, StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc />
    public ValueTask SaveContactAsync(TenantId tenant, FamilyContact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Identifier.Check(tenant.Value, nameof(tenant));
        contact.ThrowIfMalformed();
        lock (_gate)
        {
            _contacts[(tenant, contact.Family)] = contact with { Emails = contact.Emails.ToList() };
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The contacts of those of <paramref name="families"/> that have one (the nightly transmission's read).</summary>
    internal Dictionary<FamilyId, FamilyContact> Contacts(TenantId tenant, IEnumerable<FamilyId> families)
    {
        lock (_gate)
        {
            return families.Distinct().Where(f => _contacts.ContainsKey((tenant, f))).ToDictionary(f => f, f => _contacts[(tenant, f)]);
        }
    }

    /// <summary>Adds a child to its family (<see cref="Child.Family"/>) in <paramref name="tenant"/>.</summary>
    public void Add(TenantId tenant, Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        lock (_gate)
        {
            foreach (var ((t, f), others) in _children)
            {
                if (t == tenant && f != child.Family)
                {
                    others.RemoveAll(c => c.Id == child.Id);
                }
            }

            if (!_children.TryGetValue((tenant, child.Family), out var list))
            {
                _children[(tenant, child.Family)] = list = [];
            }

            var at = list.FindIndex(c => c.Id == child.Id);
            if (at >= 0)
            {
                list[at] = child;
            }
            else
            {
                list.Add(child);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask SaveChildAsync(TenantId tenant, Child child, CancellationToken cancellationToken = default)
    {
        Add(tenant, child);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Child>> GetChildrenAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Child> list = _children.TryGetValue((tenant, family), out var children) ? children.ToList() : [];
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Child>> FindChildrenAsync(TenantId tenant, IReadOnlyCollection<ChildId> children, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        lock (_gate)
        {
            var known = _children.Where(e => e.Key.Item1 == tenant).SelectMany(e => e.Value).ToDictionary(c => c.Id);
            IReadOnlyList<Child> found = [.. children.Distinct().Where(known.ContainsKey).Select(id => known[id])];
            return ValueTask.FromResult(found);
        }
    }
}
