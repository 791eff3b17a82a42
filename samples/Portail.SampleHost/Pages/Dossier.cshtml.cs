using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The Dossier Famille tab (R-DOS-1, R-DOS-2, R-DOS-5): the list of the family's fiches with their states
/// and the agent's reasons, the legend counting the fiches in each state, and whether the file is validated.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class DossierModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, DossierService dossier, DossierSettings settings)
    : DossierPageModel(catalogue, demo, families, clock, dossier)
{
    /// <summary>The required fiches the family still has to fill in and submit.</summary>
    public int ToComplete => Overview.Fiches.Count(f => f.Required && f.State is not (FicheState.Submitted or FicheState.Validated));

    /// <summary>The required fiches awaiting the service.</summary>
    public int Waiting => Overview.Fiches.Count(f => f.Required && f.State == FicheState.Submitted);

    /// <summary>The address where the family starts an other guardian's fiche (a new one each time), when the municipality has such fiches.</summary>
    public string? NewGuardianLink => settings[Tenant.Id].Setting(FicheKind.OtherGuardian) is null ? null : FicheLink(new FicheKey(FicheKind.OtherGuardian, Guid.NewGuid().ToString("N")), edit: true);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadFileAsync(cancellationToken) ? Page() : NotFound();
}
