using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>"Paiement et solde" (R-WAL-2..5): balances, the cost of the bookings up to a date, the projected balances and the proposed payments.</summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class PaiementModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, BalanceEstimation estimation)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>"Calculer vos réservations jusqu'au", as typed (yyyy-MM-dd); the end of the month by default.</summary>
    [BindProperty(SupportsGet = true, Name = "jusquau")]
    public string? UntilParam { get; set; }

    /// <summary>Whether pending bookings (awaiting an answer, on a waiting list) are counted.</summary>
    [BindProperty(SupportsGet = true, Name = "enattente")]
    public bool IncludePending { get; set; }

    public LocalDate Until { get; private set; }

    public string? DateProblem { get; private set; }

    public BalanceEstimate Estimate { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var endOfMonth = Today.With(DateAdjusters.EndOfMonth);
        var parsed = string.IsNullOrWhiteSpace(UntilParam) ? null : LocalDatePattern.Iso.Parse(UntilParam.Trim());
        if (parsed is { Success: false })
        {
            DateProblem = $"« {UntilParam} » n'est pas une date : choisissez-la dans le calendrier (jj/mm/aaaa). Le calcul est fait jusqu'au {French.LongDate(endOfMonth)}.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Until = parsed is { Success: true } ? parsed.Value : endOfMonth;
        Estimate = await estimation.EstimateAsync(new FamilyScope(FamilyAccount, Structure.Id), Until, IncludePending, cancellationToken);
    }
}
