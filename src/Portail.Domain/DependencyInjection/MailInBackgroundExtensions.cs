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
        Catalogue catalogue, NightlyTransmission transmission, IClock clock, IOptions<TransmissionOptions> options, ILogger<NightlyTransmission> logger)
        : DailyTenantJob(catalogue, clock)
    {
        protected override LocalTime At => options.Value.Time;

        protected override async Task RunAsync(Tenant tenant, Instant night, CancellationToken cancellationToken)
        {
            var day = TransmissionSchedule.DayClosedBy(night, tenant.Zone);
            var result = await transmission.RunAsync(tenant.Id, day, cancellationToken).ConfigureAwait(false);
            MailLog.Transmitted(logger, tenant.Id.Value, day, result.Movements, result.Reports);
        }

        protected override void Failed(Tenant tenant, Instant night, Exception exception) =>
            MailLog.TransmissionFailed(logger, exception, tenant.Id.Value, TransmissionSchedule.DayClosedBy(night, tenant.Zone));
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
