using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>"Connexion" (R-ACC-2): login id and password; the same answer whether the login id exists or not.</summary>
[AllowAnonymous]
public sealed class ConnexionModel(IOptions<DemoOptions> demo, AccountService accounts) : AccountPageModel(demo, accounts)
{
    [BindProperty]
    public string? Identifiant { get; set; }

    [BindProperty]
    public string? MotDePasse { get; set; }

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await Accounts.SignInAsync(Tenant, Identifiant, MotDePasse, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (result.TryPickT1(out var refused, out var signedIn))
        {
            Problems = [refused.Message];
            MotDePasse = null;
            return Page();
        }

        var stage = HostAuthentication.StageOf(signedIn);
        await HostAuthentication.SignInAsync(HttpContext, signedIn.Actor, stage);
        return Continue(stage, signedIn.Actor, ReturnUrl);
    }
}
