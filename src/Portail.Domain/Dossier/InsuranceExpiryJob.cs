using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;

namespace Portail.Dossier;

/// <summary>
/// The daily expiry of insurances (R-DOS-8): every day at midnight in each tenant's zone, the validated
/// insurance fiches whose expiry date has passed go back to à mettre à jour
/// (<see cref="DossierService.ExpireInsurancesAsync"/>), a missed day caught up when the host starts.
/// The service asks a clerk of the service for it: the job acts as <see cref="Actor"/>, a clerk of every
/// structure under the login <see cref="Login"/>, which the fiches' history shows.
/// Registered by <c>RunInsuranceExpiryInBackground()</c>.
/// </summary>
internal sealed class InsuranceExpiryJob(Catalogue catalogue, IClock clock, DossierService dossier, ILogger<InsuranceExpiryJob> logger)
    : DailyTenantJob(catalogue, clock)
{
    /// <summary>The login the job's changes are recorded under.</summary>
    public static LoginId Login { get; } = new("portail:expiration-assurances");

    protected override LocalTime At => LocalTime.Midnight;

    /// <summary>The job's actor in <paramref name="tenant"/>: a clerk of every structure, as the service asks of whoever expires insurances.</summary>
    public static AgentActor Actor(Tenant tenant) => new(tenant.Id, Login, tenant.Structures.ToDictionary(s => s.Id, _ => AgentRole.Clerk));

    protected override async Task RunAsync(Tenant tenant, Instant occurrence, CancellationToken cancellationToken)
    {
        var expired = await dossier.ExpireInsurancesAsync(Actor(tenant), cancellationToken).ConfigureAwait(false);
        if (expired.TryPickT1(out var refused, out var moved))
        {
            throw new UnreachableException($"The service refused the expiry job's clerk actor: {refused.Message}");
        }

        DossierLog.InsurancesExpired(logger, tenant.Id.Value, moved);
    }

    protected override void Failed(Tenant tenant, Instant occurrence, Exception exception) => DossierLog.ExpiryFailed(logger, exception, tenant.Id.Value);
}

/// <summary>The family file's background log messages.</summary>
internal static partial class DossierLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Insurance expiry of {Tenant}: {Count} fiches back to update.")]
    public static partial void InsurancesExpired(ILogger logger, string tenant, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The insurance expiry of {Tenant} failed; it is tried again in a minute.")]
    public static partial void ExpiryFailed(ILogger logger, Exception exception, string tenant);
}
