using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Portail.Catalog;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Booking;

/// <summary>
/// "Is it open?" (issue 10, item 5): <c>GET /ouverture</c> answers, from the catalogue and the clock
/// alone (no database, no session), each booking period's opening instant and whether it has come.
/// A waiting room in front of the portal polls it to release its queue at the opening instant; it
/// holds no personal data and may be cached for a second, so anyone may ask.
/// </summary>
internal static class OpeningEndpoint
{
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.Rfc3339;

    public static IEndpointConventionBuilder MapOpening(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/ouverture", (HttpContext http, Catalogue catalogue, IClock clock, IOptions<DemoOptions> demo) =>
        {
            var tenant = catalogue[demo.Value.TenantId];
            var now = clock.GetCurrentInstant();
            http.Response.Headers.CacheControl = "public, max-age=1";
            return Results.Json(new
            {
                tenant = tenant.Id.Value,
                now = Pattern.Format(now.InZone(tenant.Zone).ToOffsetDateTime()),
                periods = tenant.Periods.Select(p => new
                {
                    id = p.Id.Value,
                    name = p.Name,
                    first = LocalDatePattern.Iso.Format(p.Days.Start),
                    last = LocalDatePattern.Iso.Format(p.Days.End),
                    opensAt = Pattern.Format(p.OpensAt.InZone(tenant.Zone).ToOffsetDateTime()),
                    open = p.OpensAt <= now,
                }),
            });
        }).AllowAnonymous();
}
