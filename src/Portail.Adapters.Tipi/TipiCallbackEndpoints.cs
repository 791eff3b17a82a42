using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portail;
using Portail.Payments;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The portal's endpoints the platform and the browser come back to.</summary>
public static partial class TipiCallbackEndpoints
{
    /// <summary>
    /// Maps <c>{prefix}/{tenant}/notification</c> (the platform's <c>urlnotif</c>, POST <c>idOp=…</c> or
    /// GET <c>?idop=…</c>) and <c>{prefix}/{tenant}/retour</c> (the browser's <c>urlredirect</c> or
    /// <c>urlcl</c>). The notification answers 200 with an empty body whatever it receives; the return
    /// redirects to <paramref name="returnPage"/> of the attempt — a path of the portal, never a URL the
    /// request carries (a non-local path throws). Set <c>TipiPaymentOptions.NotificationUrl</c> and
    /// <c>ReturnUrl</c> to these, with <c>{tenant}</c>.
    /// </summary>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="prefix">Where to map them, e.g. <c>/paiement/tipi</c>.</param>
    /// <param name="returnPage">The portal's page for an attempt (<see langword="null"/>: the call named none), e.g. <c>a =&gt; a is null ? "/paiement" : $"/paiement/retour/{a.Id}"</c>.</param>
    public static RouteGroupBuilder MapTipiCallbacks(this IEndpointRouteBuilder endpoints, string prefix, Func<PaymentAttempt?, string> returnPage)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(returnPage);
        var group = endpoints.MapGroup(prefix);
        group.MapMethods("/{tenant}/notification", ["GET", "POST"], async (HttpContext context, string tenant) =>
        {
            await HandleAsync(context, tenant, PaymentCheckSource.Notification).ConfigureAwait(false);
            return Results.Ok();
        }).DisableAntiforgery();
        group.MapGet("/{tenant}/retour", async (HttpContext context, string tenant) =>
        {
            var attempt = await HandleAsync(context, tenant, PaymentCheckSource.Return).ConfigureAwait(false);
            var target = returnPage(attempt);
            return IsLocal(target) ? Results.LocalRedirect(target) : throw new InvalidOperationException($"MapTipiCallbacks: the return page '{target}' is not a path of the portal.");
        });
        return group;
    }

    /// <summary>True for a path of this site: starts with one '/', no scheme, no '//' or '/\' (the open-redirect tricks).</summary>
    public static bool IsLocal(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) && !path.Contains("://", StringComparison.Ordinal) && !path.Any(char.IsControl);

    private static async Task<PaymentAttempt?> HandleAsync(HttpContext context, string tenant, PaymentCheckSource source)
    {
        var parameters = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in context.Request.Query)
        {
            parameters.TryAdd(key, value.ToString());
        }

        try
        {
            if (context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                foreach (var (key, value) in form)
                {
                    parameters.TryAdd(key, value.ToString());
                }
            }

            var payments = context.RequestServices.GetRequiredService<OnlinePayments>();
            return await payments.HandleCallbackAsync(new TenantId(tenant), source, parameters, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Portail.Payments"), e, source.ToString());
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A payment {Source} could not be handled; the reconciliation will ask the platform.")]
    private static partial void Failed(ILogger logger, Exception exception, string source);
}
