using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.News;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>Accueil (R-TEN-2): the news the service publishes for the structure, the booking periods, the activities.</summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class IndexModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, NewsBoard news)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>The news shown today for this structure, newest first.</summary>
    public IReadOnlyList<NewsItem> News { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        News = await news.ShownAsync(Tenant.Id, Structure.Id, cancellationToken);
}
