using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages.Compte;

/// <summary>
/// What the account pages share (sign-in, first sign-in, consent, reset, profile): the tenant of the
/// portal, the account service, the messages shown, and where a completed sign-in goes.
/// </summary>
public abstract class AccountPageModel(IOptions<DemoOptions> demo, AccountService accounts) : PageModel
{
    /// <summary>The tenant this portal serves.</summary>
    protected TenantId Tenant => HostAuthentication.SignedInAs(User)?.Tenant ?? demo.Value.TenantId;

    protected AccountService Accounts => accounts;

    /// <summary>Problems to show, each on its own line.</summary>
    public IReadOnlyList<string> Problems { get; protected set; } = [];

    /// <summary>A confirmation to show.</summary>
    public string? Done { get; protected set; }

    /// <summary>The password policy, to show next to a new password (R-ACC-2).</summary>
    public IReadOnlyList<string> PolicyRules => accounts.Policy.Describe();

    /// <summary>The next page of a sign-in at <paramref name="stage"/>: the new password, the consent, or the portal.</summary>
    protected IActionResult Continue(HostAuthentication.Stage stage, Actor actor, string? returnUrl = null) => stage switch
    {
        HostAuthentication.Stage.NewPassword => LocalRedirect("/premiere-connexion"),
        HostAuthentication.Stage.Consent => LocalRedirect("/consentement"),
        _ when returnUrl is not null && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("//", StringComparison.Ordinal) => LocalRedirect(returnUrl),
        _ => LocalRedirect(actor is AgentActor ? "/agents" : "/"),
    };

    /// <summary>After a step of the first sign-in: the consent still due, or the portal.</summary>
    protected async Task<IActionResult> ContinueFirstSignInAsync(LoginId login, CancellationToken cancellationToken)
    {
        if (await accounts.ActorAsync(Tenant, login, cancellationToken) is { } ready)
        {
            await HostAuthentication.SignInAsync(HttpContext, ready, HostAuthentication.Stage.Ready);
            return Continue(HostAuthentication.Stage.Ready, ready);
        }

        return LocalRedirect("/consentement");
    }
}
