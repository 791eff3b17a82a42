using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

public sealed class IndexModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock)
    : PortalPageModel(catalogue, demo, families, clock)
{
    public void OnGet()
    {
    }
}
