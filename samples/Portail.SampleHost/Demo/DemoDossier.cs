using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Dossier;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo family DUPONT's file, validated before the demo (R-DOS-5): the campaign of the sample
/// municipality ended on 16 August 2023, so that, on the demo date, only a family whose file is
/// validated may book. Each required fiche of the holder and of Lenny and Leyah is written, when it is
/// missing, as a paper file an agent entered and validated on 25 August 2023 (two recorded transitions);
/// a fiche the family changed during the demo is kept. Runs after <see cref="DemoData"/> (the children).
/// </summary>
public sealed class DemoDossier(IOptions<DemoOptions> options, Catalogue catalogue, DossierSettings settings, IDossierStore dossiers) : IHostedService
{
    private static readonly Instant EnteredAt = Instant.FromUtc(2023, 8, 25, 8, 0);
    private static readonly LoginId Agent = new(DemoAccounts.AgentLogin);
    private const string Doctor = "demo-docteur-martin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = catalogue[options.Value.TenantId];
        var rules = settings[tenant.Id];
        var family = options.Value.FamilyId;
        await dossiers.AddReferenceAsync(new ReferenceEntry(tenant.Id, ReferenceKind.Doctor, Doctor, "Docteur Martin", "Avenue du Baron Haussmann, 33610 Cestas", "05 56 00 00 00", null, EnteredAt), cancellationToken);

        var fiches = new List<(FicheKey Key, FicheContent Content)>
        {
            (new FicheKey(FicheKind.Holder), new GuardianFiche(
                "M.", "DUPONT", "Jean-Paul", new LocalDate(1984, 2, 14), new PostalAddress(Number: "0", Street: "Av. du Baron Haussmann", Postcode: "33610", City: "CESTAS"),
                MobilePhone: "06 00 00 00 00", Email: "jp.dupont@exemple.fr", Allocataire: Allocataire.Caf, AllocataireNumber: "0123456",
                Children: [new AttachedChild(DemoData.Lenny, "Père", "Mariés", true, true, true, true), new AttachedChild(DemoData.Leyah, "Père", "Mariés", true, true, true, true)])),
        };
        foreach (var child in new[] { DemoData.Lenny, DemoData.Leyah })
        {
            fiches.Add((new FicheKey(FicheKind.Insurance, child.Value), new InsuranceFiche(ReferenceEntry.ServiceId("MAIF"), "MAIF-0042-DUPONT", new LocalDate(2024, 8, 31))));
            fiches.Add((new FicheKey(FicheKind.Authorisations, child.Value), new AuthorisationsFiche(rules.Authorisations.ToDictionary(q => q.Id, _ => true))));
            fiches.Add((new FicheKey(FicheKind.Contacts, child.Value), new ContactsFiche([])));
            fiches.Add((new FicheKey(FicheKind.Health, child.Value), new HealthFiche([new Vaccination("DT Polio", new LocalDate(2022, 3, 1))], Doctor: Doctor)));
            fiches.AddRange(rules.InternalRules.Keys.Select(s => (new FicheKey(FicheKind.InternalRules, child.Value, s.Value), (FicheContent)new InternalRulesFiche(true, "Jean-Paul DUPONT", "Cestas", new LocalDateTime(2023, 8, 20, 18, 30)))));
        }

        foreach (var (key, content) in fiches.Where(f => rules.Setting(f.Key.Kind) is not null))
        {
            if (await dossiers.GetFicheAsync(tenant.Id, family, key, cancellationToken) is not null)
            {
                continue;
            }

            var fiche = new StoredFiche(tenant.Id, family, key, FicheState.Validated, 1, content, [], null, EnteredAt);
            await dossiers.SaveFicheAsync(
                fiche,
                [
                    new FicheTransition(Guid.NewGuid(), tenant.Id, family, key, EnteredAt, Agent, true, FicheAction.Submit, FicheState.ToFill, FicheState.Submitted, null),
                    new FicheTransition(Guid.NewGuid(), tenant.Id, family, key, EnteredAt, Agent, true, FicheAction.Validate, FicheState.Submitted, FicheState.Validated, null),
                ],
                [],
                cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
