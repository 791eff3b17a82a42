using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portail.Adapters.Tipi;
using Portail.Payments;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses TIPI/PayFiP as Portail's payment platform.</summary>
public static class TipiPaymentExtensions
{
    /// <summary>
    /// Takes online payments through TIPI/PayFiP as <paramref name="configure"/> describes. The
    /// options are checked when the host starts (client number, mode, protocol, URLs, lifetimes),
    /// each faulty setting named. The last <c>Use…Payments</c> call wins. Add
    /// <c>RunPaymentsReconciliationInBackground()</c>: the platform's notification may never come.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="configure">Sets <see cref="TipiPaymentOptions"/>.</param>
    public static IPortailBuilder UseTipiPayments(this IPortailBuilder builder, Action<TipiPaymentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.RemoveAll<IPaymentGateway>();
        services.RemoveAll<IConfigureOptions<TipiPaymentOptions>>();
        services.AddOptions<TipiPaymentOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TipiPaymentOptions>, TipiPaymentOptionsValidation>());
        services.AddSingleton<IPaymentGateway>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TipiPaymentOptions>>().Value;
#pragma warning disable CA2000 // the client lives as long as the gateway, a singleton of the host
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
            return new TipiGateway(options, http);
        });
        return builder;
    }
}
