using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.Payments;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>What the online payment pages share: the use case, or <see langword="null"/> when the portal takes no online payment (no <c>Tipi</c> section).</summary>
public abstract class PaymentPageModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IServiceProvider services)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>The use case, when a payment platform is configured.</summary>
    protected OnlinePayments? Payments => services.GetService<IPaymentGateway>() is null ? null : services.GetRequiredService<OnlinePayments>();

    /// <summary>The payment attempts and their log.</summary>
    protected IPaymentStore Store => services.GetRequiredService<IPaymentStore>();

    /// <summary>True when a payment platform is configured.</summary>
    public bool Available => services.GetService<IPaymentGateway>() is not null;
}
