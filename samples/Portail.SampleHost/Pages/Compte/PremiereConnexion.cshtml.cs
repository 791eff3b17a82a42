using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>"Votre première connexion" (R-ACC-2): the temporary password is replaced by one of the holder's choosing.</summary>
[Authorize(Policy = HostAuthentication.Signing)]
public sealed class PremiereConnexionModel(IOptions<DemoOptions> demo, AccountService accounts) : AccountPageModel(demo, accounts)
{
    [BindProperty]
    public string? Nouveau { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var login = HostAuthentication.SignedInAs(User)!.Value.Login;
        var changed = await Accounts.ChooseNewPasswordAsync(Tenant, login, Nouveau, Confirmation, cancellationToken);
        if (changed.TryPickT1(out var refused, out _))
        {
            Problems = [.. refused.Problems.Select(p => p.Message)];
            return Page();
        }

        return await ContinueFirstSignInAsync(login, cancellationToken);
    }
}
