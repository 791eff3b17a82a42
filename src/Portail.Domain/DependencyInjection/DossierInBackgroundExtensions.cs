using Portail.Dossier;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the family file's daily job in the host's background: <c>AddPortail(...).RunInsuranceExpiryInBackground()</c>.</summary>
public static class DossierInBackgroundExtensions
{
    /// <summary>
    /// Runs, as a hosted service, the expiry of insurances (R-DOS-8) every day at midnight in each tenant's
    /// zone: the validated insurance fiches whose expiry date has passed go back to à mettre à jour, under
    /// the login <c>portail:expiration-assurances</c> in their history. A day the host missed is caught up at
    /// start. Safe in several processes: a fiche changes only from the version read, so it moves once.
    /// </summary>
    public static IPortailBuilder RunInsuranceExpiryInBackground(this IPortailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<InsuranceExpiryJob>();
        return builder;
    }
}
