using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>"Profil utilisateur" (R-ACC-5): change the password (the current one asked), and the family's e-mail addresses separated by ";".</summary>
public sealed class ProfilModel(IOptions<DemoOptions> demo, AccountService accounts, IFamilyDirectory families) : AccountPageModel(demo, accounts)
{
    [BindProperty]
    public string? Actuel { get; set; }

    [BindProperty]
    public string? Nouveau { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    [BindProperty]
    public string? Courriels { get; set; }

    public bool IsFamily => HostAuthentication.ActorOf(HttpContext) is FamilyActor;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        var actor = HostAuthentication.ActorOf(HttpContext)!;
        var changed = await Accounts.ChangePasswordAsync(actor.Tenant, actor.Login, Actuel, Nouveau, Confirmation, cancellationToken);
        changed.Switch(c => Done = c.Message, refused => Problems = [.. refused.Problems.Select(p => p.Message)]);
        if (changed.IsT0 && await Accounts.ActorAsync(actor.Tenant, actor.Login, cancellationToken) is { } renewed)
        {
            // Every other session of the account is now over; this one goes on under the new password.
            await HostAuthentication.SignInAsync(HttpContext, renewed, HostAuthentication.Stage.Ready);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEmailsAsync(CancellationToken cancellationToken)
    {
        if (HostAuthentication.ActorOf(HttpContext) is not FamilyActor family)
        {
            return NotFound();
        }

        var saved = await Accounts.ChangeEmailsAsync(family, Courriels, cancellationToken);
        saved.Switch(c => Done = $"Adresses enregistrées : {string.Join(" ; ", c.Emails)}.", refused => Problems = refused.Problems);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (HostAuthentication.ActorOf(HttpContext) is FamilyActor family && await families.GetContactAsync(family.Tenant, family.Family, cancellationToken) is { } contact)
        {
            Courriels = string.Join("; ", contact.Emails);
        }
    }
}
