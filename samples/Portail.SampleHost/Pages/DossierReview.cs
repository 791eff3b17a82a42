using NodaTime;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;

namespace Portail.SampleHost.Pages;

/// <summary>
/// What the agents' review pages share (R-DOS-2, R-DOS-4): a fiche as a query value
/// (<c>fiche=insurance/lenny</c>, <c>fiche=internal_rules/lenny/scolaire</c>, <c>fiche=holder</c>, with the
/// stored codes of <see cref="DossierJson"/>), the states the queue filters on (<c>etat=</c>), and
/// what each action is called in a fiche's history.
/// </summary>
internal static class DossierReview
{
    /// <summary>The states of the queue's filter, transmise (the default) first, as <c>?etat=</c> codes.</summary>
    public static IReadOnlyList<(string Code, FicheState State)> States { get; } =
    [
        ("transmise", FicheState.Submitted),
        ("rejetee", FicheState.Rejected),
        ("a-mettre-a-jour", FicheState.ToUpdate),
        ("validee", FicheState.Validated),
        ("en-cours-de-saisie", FicheState.Draft),
    ];

    /// <summary>The fiche as a query value.</summary>
    public static string Route(FicheKey key) => string.Join('/', new[] { DossierJson.Code(key.Kind), key.Subject, key.Structure }.Where(p => p.Length > 0));

    /// <summary>The fiche a query value names, or <see langword="null"/> when it names none.</summary>
    public static FicheKey? Parse(string? route)
    {
        var parts = (route ?? "").Split('/');
        var kind = Enum.GetValues<FicheKind>().Where(k => DossierJson.Code(k) == parts[0]).Select(k => (FicheKind?)k).FirstOrDefault();
        return kind is { } k && parts.Length <= 3 && parts.All(p => p.Length > 0)
            ? new FicheKey(k, parts.ElementAtOrDefault(1) ?? "", parts.ElementAtOrDefault(2) ?? "")
            : null;
    }

    /// <summary>The family as the agent reads it: the holder's name and the family's code ("DUPONT Jean-Paul (dupont)").</summary>
    public static async Task<string> HouseholdAsync(IFamilyDirectory directory, TenantId tenant, FamilyId family, CancellationToken cancellationToken) =>
        await directory.GetContactAsync(tenant, family, cancellationToken) is { } c
            ? $"{string.Join(' ', new[] { c.LastName, c.FirstName }.Where(n => n.Length > 0))} ({family.Value})"
            : family.Value;

    /// <summary>An instant as the agents' pages show it, in the tenant's zone ("Ve 25/08/2023 10:00").</summary>
    public static string When(Instant at, DateTimeZone zone) => French.ShortDate(at.InZone(zone).Date) + " " + French.Time(at.InZone(zone).TimeOfDay);

    /// <summary>What an action is called in a fiche's history.</summary>
    public static string Label(FicheAction action) => action switch
    {
        FicheAction.SaveDraft => "Enregistrée en brouillon",
        FicheAction.Submit => "Transmise",
        FicheAction.Validate => "Validée",
        FicheAction.Reject => "Rejetée",
        _ => "Mise à jour demandée",
    };
}
