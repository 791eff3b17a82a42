using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>The page of the reset link (R-ACC-4): a new password, once, within the link's hour.</summary>
[AllowAnonymous]
public sealed class ReinitialisationModel(IOptions<DemoOptions> demo, AccountService accounts) : AccountPageModel(demo, accounts)
{
    [BindProperty(SupportsGet = true, Name = "identifiant")]
    public string? Identifiant { get; set; }

    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Jeton { get; set; }

    [BindProperty]
    public string? Nouveau { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var reset = await Accounts.ResetPasswordAsync(Tenant, Identifiant, Jeton, Nouveau, Confirmation, cancellationToken);
        reset.Switch(changed => Done = changed.Message, refused => Problems = [.. refused.Problems.Select(p => p.Message)]);
        return Page();
    }
}
