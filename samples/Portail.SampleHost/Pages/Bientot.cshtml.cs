using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;
using Portail.SampleHost.Pages.Shared;

namespace Portail.SampleHost.Pages;

/// <summary>The tabs that later issues bring: Historiques, Paiement et solde, Dossier Famille.</summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class BientotModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock)
    : PortalPageModel(catalogue, demo, families, clock)
{
    public Tab Tab { get; private set; } = null!;

    public IActionResult OnGet(string onglet)
    {
        if (Tabs.Find(onglet) is not { } tab)
        {
            return NotFound();
        }

        Tab = tab;
        return Page();
    }
}
