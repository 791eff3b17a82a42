using Portail.Catalog;
using Portail.Dossier;

namespace Portail.SampleHost.Pages;

/// <summary>How the families' and the agents' pages name a fiche (R-DOS-1): one wording for both.</summary>
internal static class FicheNames
{
    /// <summary>A fiche's name in a list: its kind, with the other guardian's name or the structure of an internal rules fiche.</summary>
    public static string Name(FicheSummary fiche, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(fiche);
        ArgumentNullException.ThrowIfNull(tenant);
        return fiche.Key.Kind == FicheKind.OtherGuardian ? $"{fiche.Name} – {fiche.Person}"
            : fiche.Key.Structure.Length > 0 && tenant.FindStructure(new StructureId(fiche.Key.Structure)) is { } s ? $"{fiche.Name} – {s.Name}"
            : fiche.Name;
    }

    /// <summary>A fiche's title on its page: its name and whom it is about.</summary>
    public static string Title(FicheSummary fiche, Tenant tenant) =>
        fiche.Person is { } person && fiche.Key.Kind != FicheKind.OtherGuardian ? $"{Name(fiche, tenant)} – {person}" : Name(fiche, tenant);
}
