using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail;
using Portail.Catalog;
using Portail.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the mail in the host's background: <c>AddPortail(...).RunMailInBackground()</c>.</summary>
public static class MailInBackgroundExtensions
{
    /// <summary>
    /// Runs, as hosted services, the outbox's dispatcher continuously (<see cref="OutboxDispatcher.RunAsync"/>)
    /// and the nightly transmission of every tenant at <see cref="TransmissionOptions.At"/> in its zone
    /// (<see cref="NightlyTransmission"/>), catching up at start a night the host missed. Run it in as
    /// many processes as you like: the store lets one transmission of a tenant run at a time, and a
    /// mail is claimed by one dispatcher. Needs an <see cref="IMailSender"/> (<c>UseSmtpMail</c>).
    /// </summary>
    public static IPortailBuilder RunMailInBackground(this IPortailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<DispatchService>();
        builder.Services.AddHostedService<TransmissionService>();
        return builder;
    }

    private sealed class DispatchService(OutboxDispatcher dispatcher, ILogger<OutboxDispatcher> logger) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            dispatcher.RunAsync(e => MailLog.OutboxUnavailable(logger, e), stoppingToken);
    }

    private sealed class TransmissionService(
        Catalogue catalogue, NightlyTransmission transmission, IClock clock, IOptions<TransmissionOptions> options, ILogger<NightlyTransmission> logger) : BackgroundService
    {
        private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
        private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(1);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var at = options.Value.Time;
            var now = clock.GetCurrentInstant();

            // The night each tenant last had: run it now (nothing happens when it already ran), then the following ones.
            var due = catalogue.Tenants.ToDictionary(t => t.Id, t => TransmissionSchedule.LastAtOrBefore(now, at, t.Zone));
            while (!stoppingToken.IsCancellationRequested)
            {
                now = clock.GetCurrentInstant();
                var wait = LongestWait;
                foreach (var tenant in catalogue.Tenants)
                {
                    var night = due[tenant.Id];
                    if (night > now)
                    {
                        wait = Min(wait, (night - now).ToTimeSpan());
                    }
                    else if (await RunAsync(tenant, night, stoppingToken).ConfigureAwait(false))
                    {
                        due[tenant.Id] = TransmissionSchedule.Next(night, at, tenant.Zone);
                        wait = TimeSpan.Zero;
                    }
                    else
                    {
                        wait = Min(wait, AfterFailure);
                    }
                }

                try
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task<bool> RunAsync(Tenant tenant, Instant night, CancellationToken stoppingToken)
        {
            var day = TransmissionSchedule.DayClosedBy(night, tenant.Zone);
            try
            {
                var result = await transmission.RunAsync(tenant.Id, day, stoppingToken).ConfigureAwait(false);
                MailLog.Transmitted(logger, tenant.Id.Value, day, result.Movements, result.Reports);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                MailLog.TransmissionFailed(logger, e, tenant.Id.Value, day);
                return false;
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }

}

/// <summary>The mail services' log messages.</summary>
internal static partial class MailLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read or marked; the dispatcher tries again after its poll interval.")]
    public static partial void OutboxUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transmission of {Tenant} for {Day}: {Movements} movements, {Reports} reports.")]
    public static partial void Transmitted(ILogger logger, string tenant, LocalDate day, int movements, int reports);

    [LoggerMessage(Level = LogLevel.Error, Message = "The transmission of {Tenant} for {Day} failed; it is tried again in a minute.")]
    public static partial void TransmissionFailed(ILogger logger, Exception exception, string tenant, LocalDate day);
}
