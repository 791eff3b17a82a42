using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The agents' view of the structure's tariffs (R-TAR-1, R-TAR-2): each activity's single price, or
/// its revisions with their quotient brackets and the rates without certificate and for
/// non-residents, the one in force today marked. Tariffs are configuration (<c>Portail:Tenants:N:Activities:M:Tariff</c>),
/// checked at start-up; this page shows what the portal charges.
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class TarifsModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock)
    : PortalPageModel(catalogue, demo, families, clock)
{
    public IEnumerable<Activity> Activities => Tenant.ActivitiesOf(Structure.Id);

    public void OnGet()
    {
    }

    /// <summary>"de 0 à moins de 500", "500 et plus".</summary>
    public static string Bracket(Portail.Billing.QuotientBracket bracket) =>
        bracket.Below is { } below ? $"de {Number(bracket.From)} à moins de {Number(below)}" : $"{Number(bracket.From)} et plus";

    private static string Number(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
