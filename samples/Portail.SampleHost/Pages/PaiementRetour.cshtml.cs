using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.Payments;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// Where the family lands back from the platform (R-PAY-2): the attempt's state, refreshed every few
/// seconds until it is final; "Vérifier maintenant" asks the platform. Only the family's own attempts.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class PaiementRetourModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IServiceProvider services)
    : PaymentPageModel(catalogue, demo, families, clock, services)
{
    public PaymentAttempt Attempt { get; private set; } = null!;

    public bool Final => !PaymentStates.IsLive(Attempt.State);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, recheck: false, cancellationToken);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, recheck: true, cancellationToken);

    private async Task<IActionResult> ShowAsync(Guid id, bool recheck, CancellationToken cancellationToken)
    {
        if (Payments is not { } payments)
        {
            return NotFound();
        }

        var attempt = recheck ? await payments.RecheckAsync(FamilyAccount, id, cancellationToken) : await payments.GetAsync(FamilyAccount, id, cancellationToken);
        if (attempt is null)
        {
            return NotFound();
        }

        Attempt = attempt;
        return Page();
    }
}
