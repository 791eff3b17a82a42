using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The agents' review queue of the family files (issue 9, item 7; R-DOS-2, R-DOS-4): the fiches in one
/// state (transmise by default), the longest waiting first, of every structure granted or of the one
/// asked (<c>?structure=</c>), with the count in each state and a link to each fiche; the managers of
/// every structure open the yearly campaign from here, after a confirmation (R-DOS-5).
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class AgentsDossiersModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, DossierService dossier)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>How many fiches the page lists.</summary>
    public const int Shown = 200;

    /// <summary>The state shown (<c>?etat=</c>, a code of <see cref="DossierReview.States"/>); transmise when absent.</summary>
    [BindProperty(SupportsGet = true, Name = "etat")]
    public string? StateParam { get; set; }

    /// <summary>What was just done (<c>?fait=</c>), to confirm it.</summary>
    [BindProperty(SupportsGet = true, Name = "fait")]
    public string? DoneParam { get; set; }

    /// <summary>How many fiches the campaign moved (<c>?fiches=</c>, with <c>fait=campagne</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "fiches")]
    public int? MovedParam { get; set; }

    public FicheState State { get; private set; } = FicheState.Submitted;

    /// <summary>The structure the queue is narrowed to, or <see langword="null"/> for every structure granted.</summary>
    public StructureId? Filter => string.IsNullOrEmpty(StructureParam) ? null : Structure.Id;

    /// <summary>The structures the agent may filter on.</summary>
    public IEnumerable<Structure> Granted => Tenant.Structures.Where(s => AgentAccount.Holds(s.Id, AgentRole.Reader));

    public IReadOnlyList<QueueLine> Lines { get; private set; } = [];

    /// <summary>How many fiches are in each state of the filter (at most <see cref="DossierStoreChecks.MaxLimit"/>).</summary>
    public IReadOnlyDictionary<FicheState, int> Counts { get; private set; } = new Dictionary<FicheState, int>();

    /// <summary>Whether the agent manages every structure: the campaign touches every family's file (R-DOS-5).</summary>
    public bool MayOpenCampaign => Tenant.Structures.All(s => AgentAccount.Holds(s.Id, AgentRole.Manager));

    /// <summary>The campaign's confirmation step is shown.</summary>
    public bool ConfirmCampaign { get; private set; }

    public string? Done => DoneParam switch
    {
        "validee" => "Fiche validée, un courriel a été envoyé à la famille.",
        "rejetee" => "Fiche rejetée, un courriel a été envoyé à la famille avec le motif du rejet.",
        "mise-a-jour" => "Mise à jour demandée : la fiche est « à mettre à jour », la famille doit la transmettre de nouveau.",
        "campagne" => string.Create(CultureInfo.InvariantCulture, $"Campagne annuelle ouverte : {MovedParam ?? 0} {(MovedParam == 1 ? "fiche est passée" : "fiches sont passées")} « à mettre à jour »."),
        _ => null,
    };

    public string When(Instant at) => DossierReview.When(at, Tenant.Zone);

    /// <summary>The queue's address with these values, the others kept.</summary>
    public string? Link(string? state = null) => Url.Page("/AgentsDossiers", new { structure = StructureParam, etat = state ?? StateParam });

    public string? FicheLink(FicheSummary f) => Url.Page("/AgentsDossierFiche", new { structure = StructureParam, famille = f.Family.Value, fiche = DossierReview.Route(f.Key) });

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(StateParam) && DossierReview.States.All(s => s.Code != StateParam))
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Opens the yearly campaign (R-DOS-5) once confirmed; the first press shows the confirmation.</summary>
    public async Task<IActionResult> OnPostCampagneAsync(string? confirmation, CancellationToken cancellationToken)
    {
        if (!MayOpenCampaign)
        {
            return Forbid();
        }

        if (confirmation != "oui")
        {
            ConfirmCampaign = true;
            await LoadAsync(cancellationToken);
            return Page();
        }

        var opened = await dossier.OpenCampaignAsync(AgentAccount, cancellationToken);
        return opened.Match<IActionResult>(
            moved => RedirectToPage("/AgentsDossiers", new { structure = StructureParam, fait = "campagne", fiches = moved }),
            refused => throw new AccessDeniedException(refused.Message));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        State = DossierReview.States.FirstOrDefault(s => s.Code == StateParam, DossierReview.States[0]).State;
        Counts = (await dossier.ReviewCountsAsync(AgentAccount, DossierReview.States.Select(s => s.State), Filter, cancellationToken))
            .Match(c => c, refused => throw new AccessDeniedException(refused.Message));
        var queue = (await dossier.ReviewQueueAsync(AgentAccount, State, Filter, Shown, cancellationToken))
            .Match(q => q, refused => throw new AccessDeniedException(refused.Message));
        Lines = await LinesAsync(queue, cancellationToken);
    }

    private async Task<IReadOnlyList<QueueLine>> LinesAsync(IEnumerable<FicheSummary> fiches, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<FamilyId, string>();
        var lines = new List<QueueLine>();
        foreach (var f in fiches)
        {
            if (!holders.TryGetValue(f.Family, out var holder))
            {
                holders[f.Family] = holder = await DossierReview.HouseholdAsync(Directory, Tenant.Id, f.Family, cancellationToken);
            }

            lines.Add(new QueueLine(f, holder));
        }

        return lines;
    }
}

/// <summary>A fiche of the review queue, with the family as the agent reads it (the holder's name and the family's code).</summary>
public sealed record QueueLine(FicheSummary Fiche, string Family);
