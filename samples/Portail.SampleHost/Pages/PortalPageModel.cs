using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// What every page of the portal knows: the tenant, the signed-in family and its children, the
/// structure chosen in the menu (R-TEN-1, <c>?structure=</c>, the first structure by default).
/// </summary>
public abstract class PortalPageModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "structure")]
    public string? StructureParam { get; set; }

    public Tenant Tenant { get; private set; } = null!;

    public Structure Structure { get; private set; } = null!;

    public FamilyId Family => demo.Value.FamilyId;

    public IReadOnlyList<Child> Children { get; private set; } = [];

    public string FamilyName => Children.Count > 0 ? $"Famille {Children[0].LastName}" : $"Famille {Family.Value.ToUpperInvariant()}";

    public IClock Clock => clock;

    /// <summary>The families' directory, for pages that read other families than the signed-in one (the agents').</summary>
    protected IFamilyDirectory Directory => families;

    /// <summary>The demo instant, for the banner, or <see langword="null"/> on the system clock.</summary>
    public LocalDateTime? DemoNow => clock is DemoClock d ? d.Local : null;

    /// <summary>The structure as a route value: <see langword="null"/> for the default one, so links stay short.</summary>
    public string? StructureRoute => Structure == Tenant.Structures[0] ? null : Structure.Id.Value;

    /// <summary>Today in the tenant's zone.</summary>
    public LocalDate Today => clock.GetCurrentInstant().InZone(Tenant.Zone).Date;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Tenant = catalogue[demo.Value.TenantId];
        var structure = string.IsNullOrEmpty(StructureParam) ? Tenant.Structures[0] : Tenant.FindStructure(new StructureId(StructureParam));
        Children = await families.GetChildrenAsync(Tenant.Id, Family, HttpContext.RequestAborted);
        if (structure is null)
        {
            Structure = Tenant.Structures[0];
            context.Result = NotFound();
            return;
        }

        Structure = structure;
        await next();
    }
}
