using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
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

    /// <summary>The signed-in account, once its first sign-in is complete; <see langword="null"/> on the pages anyone may see.</summary>
    public Actor? Actor { get; private set; }

    /// <summary>The signed-in family account (family pages only: the family policy guarantees one).</summary>
    public FamilyActor FamilyAccount => Actor as FamilyActor ?? throw new InvalidOperationException("This page is for family accounts: mark it [Authorize(Policy = HostAuthentication.Family)].");

    /// <summary>The signed-in agent (agents' pages only: the agent policy guarantees one).</summary>
    public AgentActor AgentAccount => Actor as AgentActor ?? throw new InvalidOperationException("This page is for agents: mark it [Authorize(Policy = HostAuthentication.Agent)].");

    /// <summary>The family the signed-in account acts for.</summary>
    public FamilyId Family => FamilyAccount.Family;

    /// <summary>The children the signed-in family account acts for: its own, then those shared with a separated parent (R-ACC-6).</summary>
    public IReadOnlyList<Child> Children { get; private set; } = [];

    public string FamilyName => Actor switch
    {
        FamilyActor when Children.Count > 0 => $"Famille {Children[0].LastName}",
        FamilyActor f => $"Famille {f.Family.Value.ToUpperInvariant()}",
        AgentActor a => $"Agent : {a.Login.Value}",
        _ => "",
    };

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
        Actor = HostAuthentication.ActorOf(HttpContext);
        Tenant = catalogue[Actor?.Tenant ?? demo.Value.TenantId];
        var agent = Actor as AgentActor;
        var structure = string.IsNullOrEmpty(StructureParam)
            ? Tenant.Structures.FirstOrDefault(s => agent is null || agent.Grants.ContainsKey(s.Id)) ?? Tenant.Structures[0]
            : Tenant.FindStructure(new StructureId(StructureParam));
        if (Actor is FamilyActor family)
        {
            Children = await families.GetChildrenAsync(family, HttpContext.RequestAborted);
        }

        if (structure is null)
        {
            Structure = Tenant.Structures[0];
            context.Result = NotFound();
            return;
        }

        Structure = structure;

        // An agent sees only the structures granted (R-ACC-7).
        if (agent is not null && !agent.Holds(structure.Id, AgentRole.Reader))
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }
}
