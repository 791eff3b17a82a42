using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The agents' accounts page (R-ACC-1): create a family account with its temporary password to print
/// or mail to the holder; give an account a new temporary password, which also lifts a lock.
/// Managers of the structure only.
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class ComptesModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, AccountService accounts)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty]
    public string? Identifiant { get; set; }

    [BindProperty]
    public string? Famille { get; set; }

    /// <summary>For a separated parent's account (R-ACC-6): the codes of the other parent's children it shares, separated by ";".</summary>
    [BindProperty]
    public string? EnfantsPartages { get; set; }

    public AccountCreated? Created { get; private set; }

    public string? Problem { get; private set; }

    public IActionResult OnGet() => Manages() ? Page() : Forbid();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!Manages())
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(Famille) || string.IsNullOrWhiteSpace(Identifiant))
        {
            Problem = "Indiquez l'identifiant du nouveau compte et le code de la famille.";
            return Page();
        }

        var created = await accounts.CreateFamilyAccountAsync(AgentAccount, new NewFamilyAccount(new LoginId(Identifiant.Trim()), new FamilyId(Famille.Trim()), SharedChildren: SharedChildren()), cancellationToken);
        created.Switch(c => Created = c, refused => Problem = refused.Message);
        return Page();
    }

    public async Task<IActionResult> OnPostTemporaryAsync(CancellationToken cancellationToken)
    {
        if (!Manages())
        {
            return Forbid();
        }

        var login = new LoginId((Identifiant ?? "").Trim());
        var password = string.IsNullOrEmpty(login.Value) ? null : await accounts.IssueTemporaryPasswordAsync(AgentAccount, login, cancellationToken);
        if (password is null)
        {
            Problem = $"Aucun compte n'a l'identifiant « {Identifiant} ».";
        }
        else
        {
            Created = new AccountCreated(login, password);
        }

        return Page();
    }

    private List<ChildId> SharedChildren() =>
        [.. (EnfantsPartages ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Select(c => new ChildId(c))];

    // Accounts are the managers' business, in the structure shown.
    private bool Manages() => Actor is AgentActor agent && agent.Holds(Structure.Id, AgentRole.Manager);
}
