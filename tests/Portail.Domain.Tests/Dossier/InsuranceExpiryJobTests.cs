using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Portail.Domain.Tests.Notifications;
using Portail.Dossier;
using Portail.Testing;
using static Portail.Testing.DossierWorld;

namespace Portail.Domain.Tests.Dossier;

/// <summary>The daily expiry of insurances (R-DOS-8) as the host runs it: at midnight in the tenant's zone, on the injected clock, as its own clerk actor.</summary>
public sealed class InsuranceExpiryJobTests
{
    private static readonly FicheKey Insurance = new(FicheKind.Insurance, "a-1");

    [Fact]
    public async Task R_DOS_8_the_job_runs_once_a_day_at_midnight_in_the_tenants_zone_and_sends_an_expired_insurance_back_to_update()
    {
        // Friday 1 September 2023, 10:00 in Paris: an insurance covering up to that day is validated.
        var w = await DossierWorld.CreateAsync(InMemoryStorage.Create());
        var version = Ok(await w.Service.AttachAsync(w.FamilyA, A, Insurance, "attestation-assurance", "attestation.pdf", Pdf, 0)).Summary.Version;
        version = Ok(await w.Service.SubmitAsync(w.FamilyA, A, Insurance, new InsuranceFiche(ReferenceEntry.ServiceId("MAIF"), "CT-1", new LocalDate(2023, 9, 1)), true, version)).Summary.Version;
        Ok(await w.Service.ValidateAsync(w.Clerk, A, Insurance, version));
        using var job = new InsuranceExpiryJob(w.Catalogue, w.Clock, w.Service, NullLogger<InsuranceExpiryJob>.Instance);

        // At start, the day's run (this midnight's) is caught up: the insurance is still valid today; then nothing is due before the next midnight.
        Assert.Equal(TimeSpan.Zero, await job.RunDueAsync(CancellationToken.None));
        Assert.Equal(TimeSpan.FromHours(1), await job.RunDueAsync(CancellationToken.None));
        Assert.Equal(FicheState.Validated, await StateAsync(w));

        // 23:59:59 in Paris (21:59:59 UTC): one second to wait, nothing done.
        w.Clock.Advance(Duration.FromHours(13) + Duration.FromMinutes(59) + Duration.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(1), await job.RunDueAsync(CancellationToken.None));
        Assert.Equal(FicheState.Validated, await StateAsync(w));

        // Midnight in Paris: the expiry date has passed.
        w.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, await job.RunDueAsync(CancellationToken.None));
        var fiche = Ok(await w.Service.FicheAsync(w.Clerk, A, Insurance)).Summary;
        Assert.Equal(FicheState.ToUpdate, fiche.State);
        Assert.Equal("L'assurance a expiré le vendredi 1 septembre 2023 : indiquez le nouveau contrat et joignez l'attestation, puis transmettez la fiche.", fiche.Reason);
        var last = Ok(await w.Service.HistoryAsync(w.Clerk, A)).Last(t => t.Key == Insurance);
        Assert.Equal((FicheAction.RequireUpdate, InsuranceExpiryJob.Login, w.Clock.GetCurrentInstant()), (last.Action, last.By, last.At));

        // The same day does not run twice.
        Assert.Equal(TimeSpan.FromHours(1), await job.RunDueAsync(CancellationToken.None));
        Assert.Single(Ok(await w.Service.HistoryAsync(w.Clerk, A)), t => t.Key == Insurance && t.Action == FicheAction.RequireUpdate);
    }

    private static async Task<FicheState> StateAsync(DossierWorld w) => Ok(await w.Service.FicheAsync(w.Clerk, A, Insurance)).Summary.State;
}
