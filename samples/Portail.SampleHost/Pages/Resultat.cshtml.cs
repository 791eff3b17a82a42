using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The result of a final validation (R-BSK-2): reached by a redirect after "Valider", so that a
/// refresh submits nothing; read back from the store by submission id (it survives a restart); the
/// remarks of every request not accepted, in the guides' words.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class ResultatModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IBasketStore baskets, BookingService booking)
    : CalendarPageModel(catalogue, demo, families, clock)
{
    /// <summary>Whether this result answers a second click (a submission already recorded).</summary>
    [BindProperty(SupportsGet = true, Name = "repete")]
    public bool Repeated { get; set; }

    public ValidationReport? Report { get; private set; }


    public int Pending { get; private set; }

    /// <summary>"2 réservations acceptées, 1 mise en liste d'attente, 1 annulation enregistrée".</summary>
    public string Counts { get; private set; } = "";

    public bool AnyWaitlisted { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Pending = BasketParts.Of(await baskets.GetAsync(Tenant.Id, Family, cancellationToken), Tenant, Structure.Id).Count;
        Report = await booking.GetValidationAsync(new FamilyScope(FamilyAccount, Structure.Id), id, cancellationToken);
        if (Report is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var lines = Report.Lines;
        AnyWaitlisted = lines.Any(l => l.Outcome == LineOutcome.Waitlisted);
        var parts = new List<string>();
        void Add(int n, string one, string many)
        {
            if (n > 0)
            {
                parts.Add($"{n} {(n > 1 ? many : one)}");
            }
        }

        Add(lines.Count(l => l.Line.Kind == RequestKind.Book && l.Outcome == LineOutcome.Accepted), "réservation acceptée", "réservations acceptées");
        Add(lines.Count(l => l.Outcome == LineOutcome.Waitlisted), "mise en liste d'attente", "mises en liste d'attente");
        Add(lines.Count(l => l.Outcome == LineOutcome.AwaitingAnswer), "demande en attente de réponse", "demandes en attente de réponse");
        Add(lines.Count(l => l.Outcome == LineOutcome.Refused), "demande non traitée, activité complète", "demandes non traitées, activité complète");
        Add(lines.Count(l => l.Outcome == LineOutcome.Cancelled), "annulation enregistrée", "annulations enregistrées");
        Add(lines.Count(l => l.Outcome == LineOutcome.NotProcessed), "demande non traitée", "demandes non traitées");
        Counts = string.Join(", ", parts);
        return Page();
    }
}
