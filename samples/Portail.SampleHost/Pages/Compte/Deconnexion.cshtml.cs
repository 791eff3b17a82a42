using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>"Déconnexion" (R-ACC-7): the session ends.</summary>
[Authorize(Policy = HostAuthentication.Signing)]
public sealed class DeconnexionModel(IOptions<DemoOptions> demo, AccountService accounts) : AccountPageModel(demo, accounts)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/connexion");
    }
}
