using System.Globalization;
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
/// "Paiement CB" (R-PAY-1): the payment form of Paiement et solde posts here — one amount per wallet
/// (<c>montant-{wallet}</c>, as R-WAL-5 proposed it or changed by the family) and the e-mail (the first
/// address when empty); the family is sent to the platform, or told in French why not.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class PaiementCbModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IServiceProvider services)
    : PaymentPageModel(catalogue, demo, families, clock, services)
{
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public PaymentAttempt? Live { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Paiement");

    public async Task<IActionResult> OnPostAsync(string? email, CancellationToken cancellationToken)
    {
        if (Payments is not { } payments)
        {
            Problems = ["Le paiement en ligne n'est pas proposé par ce portail : réglez à la régie."];
            return Page();
        }

        var amounts = new Dictionary<WalletTypeId, decimal>();
        var problems = new List<string>();
        foreach (var wallet in Tenant.WalletTypes)
        {
            var text = Request.Form[$"montant-{wallet.Id.Value}"].ToString().Trim().Replace(',', '.').Replace("€", "", StringComparison.Ordinal).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            {
                amounts[wallet.Id] = amount;
            }
            else
            {
                problems.Add($"Le montant « {text} » pour « {wallet.Name} » n'est pas un nombre (par exemple 79,30).");
            }
        }

        if (problems.Count > 0)
        {
            Problems = problems;
            return Page();
        }

        var started = await payments.StartAsync(FamilyAccount, new PaymentForm(amounts, email), cancellationToken);
        if (started.TryPickT0(out var go, out var refused))
        {
            return Redirect(go.PaymentPage.AbsoluteUri);
        }

        Problems = refused.Problems;
        Live = refused.Live;
        return Page();
    }
}
