namespace Portail.Catalog;

/// <summary>Every municipality the installation serves (R-TEN-1), built once at start-up.</summary>
public sealed class Catalogue
{
    private readonly Dictionary<TenantId, Tenant> _tenants;

    internal Catalogue(IReadOnlyList<Tenant> tenants)
    {
        Tenants = tenants;
        _tenants = tenants.ToDictionary(t => t.Id);
    }

    /// <summary>The tenants, in configuration order.</summary>
    public IReadOnlyList<Tenant> Tenants { get; }

    /// <summary>The tenant with this id.</summary>
    /// <exception cref="KeyNotFoundException">No tenant has this id: a caller passed an id it did not get from the catalogue.</exception>
    public Tenant this[TenantId id] =>
        _tenants.TryGetValue(id, out var t)
            ? t
            : throw new KeyNotFoundException($"No tenant '{id}' is configured; configured tenants: {string.Join(", ", _tenants.Keys)}.");

    /// <summary>The tenant with this id, or <see langword="null"/>.</summary>
    public Tenant? Find(TenantId id) => _tenants.GetValueOrDefault(id);
}
