using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portail.Payments;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the reconciliation of online payments in the host's background: <c>AddPortail(...).RunPaymentsReconciliationInBackground()</c>.</summary>
public static class PaymentsInBackgroundExtensions
{
    /// <summary>
    /// Runs, as a hosted service, <see cref="OnlinePayments.ReconcileAsync"/> every
    /// <see cref="PaymentOptions.ReconcileEvery"/> (5 minutes by default, <c>Portail:Payments:ReconcileEvery</c>):
    /// the platform's notification may never come (R-PAY-3). Safe in several processes: every change is a
    /// conditional update and a credit is written once.
    /// </summary>
    public static IPortailBuilder RunPaymentsReconciliationInBackground(this IPortailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<ReconciliationService>();
        return builder;
    }

    private sealed class ReconciliationService(OnlinePayments payments, IOptions<PaymentOptions> options, ILogger<OnlinePayments> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(options.Value.ReconcileEvery);
            do
            {
                try
                {
                    var asked = await payments.ReconcileAsync(stoppingToken).ConfigureAwait(false);
                    if (asked > 0)
                    {
                        PaymentLog.Reconciled(logger, asked);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    PaymentLog.ReconciliationFailed(logger, e);
                }
            }
            while (await Next(timer, stoppingToken).ConfigureAwait(false));
        }

        private static async Task<bool> Next(PeriodicTimer timer, CancellationToken stoppingToken)
        {
            try
            {
                return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}

/// <summary>The payment services' log messages.</summary>
internal static partial class PaymentLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Payment reconciliation asked the platform about {Count} attempts.")]
    public static partial void Reconciled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Payment reconciliation failed; it runs again at its next interval.")]
    public static partial void ReconciliationFailed(ILogger logger, Exception exception);
}
