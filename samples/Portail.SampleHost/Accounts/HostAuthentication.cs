using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Portail.Accounts;

namespace Portail.SampleHost.Accounts;

/// <summary>
/// Who may use the portal (R-ACC-7, issue 6): a session cookie (HttpOnly, SameSite=Lax, Secure on
/// HTTPS, sliding <c>Portail:Accounts:SessionSlidingExpiration</c>) naming a session kept on the server
/// (<see cref="SessionStore"/>: signing out ends it for every copy of the cookie) which holds the tenant,
/// the login id and the stage of the sign-in; on every request the account is read again
/// (<see cref="AccountService.ActorAsync"/>), so a removed account, a new consent version, or a
/// password set since the session opened (changed in another session, reset) ends the session. Every page needs a signed-in account unless it says otherwise:
/// the fallback policy.
/// </summary>
public static class HostAuthentication
{
    /// <summary>Family pages: a family account that has finished its first sign-in.</summary>
    public const string Family = "Family";

    /// <summary>The agents' back-office: an agent account (the page then checks the structure's grant).</summary>
    public const string Agent = "Agent";

    /// <summary>The pages of the first sign-in (new password, consent) and sign-out: any signed-in account.</summary>
    public const string Signing = "Signing";

    private const string TenantClaim = "portail:tenant";
    private const string LoginClaim = "portail:login";
    private const string KindClaim = "portail:kind";
    private const string StageClaim = "portail:stage";
    private const string PasswordClaim = "portail:password";
    private const string Ready = "ready";

    /// <summary>Where a sign-in stands: a temporary password to replace, documents to accept, or ready.</summary>
    public enum Stage
    {
        NewPassword,
        Consent,
        Ready,
    }

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services)
    {
        services.AddDistributedMemoryCache();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountOptions>, IDistributedCache>((o, accounts, cache) =>
            {
                o.SessionStore = new SessionStore(cache);
                o.LoginPath = "/connexion";
                o.LogoutPath = "/deconnexion";
                o.AccessDeniedPath = "/erreur";
                o.ReturnUrlParameter = "retour";
                o.Cookie.Name = "portail.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = accounts.Value.SessionSlidingExpiration;
                o.Events.OnValidatePrincipal = ValidateAsync;
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(StageClaim, Ready).Build())
            .AddPolicy(Family, p => p.RequireAuthenticatedUser().RequireClaim(StageClaim, Ready).RequireClaim(KindClaim, nameof(Family)))
            .AddPolicy(Agent, p => p.RequireAuthenticatedUser().RequireClaim(StageClaim, Ready).RequireClaim(KindClaim, nameof(Agent)))
            .AddPolicy(Signing, p => p.RequireAuthenticatedUser());
        return services;
    }

    /// <summary>Signs <paramref name="actor"/> in at <paramref name="stage"/>, replacing any session.</summary>
    public static Task SignInAsync(HttpContext http, Actor actor, Stage stage)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(TenantClaim, actor.Tenant.Value),
                new Claim(LoginClaim, actor.Login.Value),
                new Claim(ClaimTypes.Name, actor.Login.Value),
                new Claim(KindClaim, actor is AgentActor ? nameof(Agent) : nameof(Family)),
                new Claim(StageClaim, stage == Stage.Ready ? Ready : stage.ToString()),
                new Claim(PasswordClaim, actor.PasswordStamp),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>The stage a sign-in reached.</summary>
    public static Stage StageOf(SignedIn signedIn) =>
        signedIn.MustChangePassword ? Stage.NewPassword : signedIn.ConsentsDue.Count > 0 ? Stage.Consent : Stage.Ready;

    /// <summary>The signed-in account's tenant and login id, at any stage; <see langword="null"/> when nobody is signed in.</summary>
    public static (TenantId Tenant, LoginId Login)? SignedInAs(ClaimsPrincipal user) =>
        user.FindFirstValue(TenantClaim) is { } tenant && user.FindFirstValue(LoginClaim) is { } login ? (new TenantId(tenant), new LoginId(login)) : null;

    /// <summary>The acting account of this request, once its sign-in is complete.</summary>
    public static Actor? ActorOf(HttpContext http) => http.Items[typeof(Actor)] as Actor;

    // Every request: the account as it is now, or the end of the session.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } user || SignedInAs(user) is not var (tenant, login))
        {
            context.RejectPrincipal();
            return;
        }

        if (user.FindFirstValue(StageClaim) != Ready)
        {
            return;
        }

        var actor = await context.HttpContext.RequestServices.GetRequiredService<AccountService>().ActorAsync(tenant, login, context.HttpContext.RequestAborted);
        if (actor is null || actor.PasswordStamp != user.FindFirstValue(PasswordClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.HttpContext.Items[typeof(Actor)] = actor;
    }

    /// <summary>
    /// A use case's refusal of the acting account (<see cref="AccessDeniedException"/>, R-ACC-7)
    /// answers 403, shown by the error page, instead of a server error.
    /// </summary>
    public static IApplicationBuilder UseAccessDeniedAsForbidden(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (AccessDeniedException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        });

    /// <summary>The security headers of every answer: no framing, no sniffing, scripts and styles from the portal only.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            await next();
        });
}
