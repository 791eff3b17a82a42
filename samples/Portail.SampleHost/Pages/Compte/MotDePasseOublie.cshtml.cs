using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>"Réinitialiser votre mot de passe" (R-ACC-4): login id and e-mail; the same answer whether they matched or not.</summary>
[AllowAnonymous]
public sealed class MotDePasseOublieModel(IOptions<DemoOptions> demo, AccountService accounts) : AccountPageModel(demo, accounts)
{
    [BindProperty]
    public string? Identifiant { get; set; }

    [BindProperty]
    public string? Courriel { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var page = new Uri($"{Request.Scheme}://{Request.Host}/reinitialisation");
        Done = (await Accounts.RequestResetAsync(Tenant, Identifiant, Courriel, page, cancellationToken)).Message;
        return Page();
    }
}
