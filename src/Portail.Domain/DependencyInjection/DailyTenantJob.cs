using Microsoft.Extensions.Hosting;
using NodaTime;
using Portail.Catalog;
using Portail.Notifications;

namespace Portail;

/// <summary>
/// A background job that runs once a day in every tenant, at <see cref="At"/> in the tenant's zone (the
/// nightly transmission, the expiry of insurances). At start it runs the last occurrence each tenant
/// had, catching up a day the host missed (a job must change nothing when its occurrence runs twice),
/// then each following one; a failed run is tried again a minute later. Time comes from the injected
/// <see cref="IClock"/>.
/// </summary>
internal abstract class DailyTenantJob(Catalogue catalogue, IClock clock) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromMinutes(1);

    // The next occurrence of each tenant, from the first pass on.
    private Dictionary<TenantId, Instant>? _due;

    /// <summary>The local time of the runs, in each tenant's zone.</summary>
    protected abstract LocalTime At { get; }

    /// <summary>
    /// Runs every occurrence due by now (each tenant's last one, on the first pass) and answers how long
    /// to wait before another may be due: until the nearest occurrence, a minute after a failure, an hour at most.
    /// </summary>
    internal async Task<TimeSpan> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        _due ??= catalogue.Tenants.ToDictionary(t => t.Id, t => TransmissionSchedule.LastAtOrBefore(now, At, t.Zone));
        var wait = LongestWait;
        foreach (var tenant in catalogue.Tenants)
        {
            var occurrence = _due[tenant.Id];
            if (occurrence > now)
            {
                wait = Min(wait, (occurrence - now).ToTimeSpan());
            }
            else
            {
                try
                {
                    await RunAsync(tenant, occurrence, cancellationToken).ConfigureAwait(false);
                    _due[tenant.Id] = TransmissionSchedule.Next(occurrence, At, tenant.Zone);
                    wait = TimeSpan.Zero;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failed(tenant, occurrence, e);
                    wait = Min(wait, AfterFailure);
                }
            }
        }

        return wait;
    }

    /// <summary>Runs the job for <paramref name="tenant"/>'s <paramref name="occurrence"/>; an exception makes it tried again a minute later.</summary>
    protected abstract Task RunAsync(Tenant tenant, Instant occurrence, CancellationToken cancellationToken);

    /// <summary>Logs a failed run (it is tried again a minute later).</summary>
    protected abstract void Failed(Tenant tenant, Instant occurrence, Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = await RunDueAsync(stoppingToken).ConfigureAwait(false);
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
