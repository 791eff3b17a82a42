using Portail.Catalog;
using Portail.Families;

namespace Portail.Dossier;

/// <summary>
/// Which fiches a family's file has (R-DOS-1): the holder's; one per other guardian the family added;
/// per child, the insurance, authorisations, contacts and health fiches and one internal rules fiche
/// per structure the child attends (the structures of its enrolments, or every structure with internal
/// rules when it has none) — each kind only when the municipality uses it.
/// </summary>
internal static class FileLayout
{
    private static readonly FicheKind[] ChildKinds = [FicheKind.Insurance, FicheKind.Authorisations, FicheKind.Contacts, FicheKind.Health];

    public static IReadOnlyList<FicheKey> Keys(Tenant tenant, DossierRules rules, IReadOnlyList<Child> children, IEnumerable<StoredFiche> stored)
    {
        var keys = new List<FicheKey>();
        if (rules.Setting(FicheKind.Holder) is not null)
        {
            keys.Add(new FicheKey(FicheKind.Holder));
        }

        if (rules.Setting(FicheKind.OtherGuardian) is not null)
        {
            keys.AddRange(stored.Where(f => f.Key.Kind == FicheKind.OtherGuardian).Select(f => f.Key).OrderBy(k => k.Subject, StringComparer.Ordinal));
        }

        foreach (var child in children)
        {
            keys.AddRange(ChildKinds.Where(k => rules.Setting(k) is not null).Select(k => new FicheKey(k, child.Id.Value)));
            if (rules.Setting(FicheKind.InternalRules) is not null)
            {
                keys.AddRange(Attended(tenant, rules, child).Select(s => new FicheKey(FicheKind.InternalRules, child.Id.Value, s.Value)));
            }
        }

        return keys;
    }

    /// <summary>The structures with internal rules the child attends.</summary>
    public static IEnumerable<StructureId> Attended(Tenant tenant, DossierRules rules, Child child)
    {
        var enrolled = child.Enrolments.Select(a => tenant.FindActivity(a)?.Structure).OfType<StructureId>().ToHashSet();
        return tenant.Structures.Select(s => s.Id).Where(s => rules.InternalRules.ContainsKey(s) && (enrolled.Count == 0 || enrolled.Contains(s)));
    }

    /// <summary>The file at a glance: every fiche of the layout in its stored state, à saisir when never saved.</summary>
    public static FamilyFile Summarise(Tenant tenant, DossierRules rules, IReadOnlyList<Child> children, IReadOnlyList<StoredFiche> stored)
    {
        var byKey = stored.ToDictionary(f => f.Key);
        return new FamilyFile([.. Keys(tenant, rules, children, stored).Select(k => new FicheStatus(
            k, byKey.TryGetValue(k, out var f) ? f.State : FicheState.ToFill, rules.Setting(k.Kind)?.Required ?? false))]);
    }
}
