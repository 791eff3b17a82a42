using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// A page of the Dossier Famille tab (R-DOS-1, R-DOS-2): the signed-in family's file — its fiches with
/// their states, the count in each state — drawn in the left column of every such page. The family is
/// always the signed-in account's.
/// </summary>
public abstract class DossierPageModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, DossierService dossier)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>The use cases of the file.</summary>
    protected DossierService Dossier => dossier;

    /// <summary>The family's file.</summary>
    public FileView Overview { get; private set; } = null!;

    /// <summary>The fiche shown, highlighted in the list; <see langword="null"/> on the file's page.</summary>
    public FicheKey? Current { get; protected set; }

    /// <summary>Reads the family's file; <see langword="false"/> when the service refuses it.</summary>
    protected async Task<bool> LoadFileAsync(CancellationToken cancellationToken)
    {
        var file = await dossier.FileAsync(FamilyAccount, Family, cancellationToken);
        if (file.TryPickT0(out var view, out _))
        {
            Overview = view;
        }

        return file.IsT0;
    }

    /// <summary>The address of a fiche's page.</summary>
    public string? FicheLink(FicheKey key, bool edit = false)
    {
        var route = FicheAddress.Route(key);
        route["modifier"] = edit ? "true" : null;
        route["structure"] = StructureRoute;
        return Url.Page("/DossierFiche", route);
    }

    /// <summary>A fiche's name in the list (<see cref="FicheNames.Name"/>).</summary>
    public string FicheTitle(FicheSummary fiche) => FicheNames.Name(fiche, Tenant);

    /// <summary>"1 fiche", "3 fiches".</summary>
    public static string Fiches(int count) => count > 1 ? $"{count} fiches" : $"{count} fiche";

    /// <summary>The CSS class of a state, for its colour in the list and the legend.</summary>
    public static string StateClass(FicheState state) => "fiche-" + state switch
    {
        FicheState.ToFill => "to-fill",
        FicheState.Draft => "draft",
        FicheState.Submitted => "submitted",
        FicheState.Rejected => "rejected",
        FicheState.Validated => "validated",
        _ => "to-update",
    };
}
