using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>The RGPD notice and the CGU to accept, each in its current version (R-ACC-3).</summary>
[Authorize(Policy = HostAuthentication.Signing)]
public sealed class ConsentementModel(IOptions<DemoOptions> demo, AccountService accounts, IOptions<AccountOptions> options) : AccountPageModel(demo, accounts)
{
    [BindProperty]
    public List<ConsentDocument> Acceptes { get; set; } = [];

    public ConsentOptions Versions => options.Value.Consent;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = HostAuthentication.SignedInAs(User)!.Value.Login;
        var due = await Accounts.AcceptAsync(Tenant, login, Acceptes, cancellationToken);
        if (due.Count > 0)
        {
            Problems = [.. due.Select(d => $"Cochez la case pour accepter {(d == ConsentDocument.Rgpd ? "la notice d'information RGPD" : "les conditions générales d'utilisation")} : l'accès au portail en dépend.")];
            return Page();
        }

        return await ContinueFirstSignInAsync(login, cancellationToken);
    }
}
