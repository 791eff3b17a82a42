namespace Portail.SampleHost.Pages.Shared;

/// <summary>The guides' tabs, in their order, then the agents' back-office.</summary>
public static class Tabs
{
    public static IReadOnlyList<Tab> All { get; } =
    [
        new("Accueil", "/Index"),
        new("Historiques", "/Historiques"),
        new("Paiement et solde", "/Paiement"),
        new("Réservations", "/Reservations", ["/Recapitulatif", "/Resultat", "/Suivi"]),
        new("Dossier Famille", "/Dossier", ["/DossierFiche"]),
        new("Espace agents", "/Agents"),
    ];
}

/// <summary>A tab: its label, its Razor page, and the other pages it covers.</summary>
public sealed record Tab(string Label, string Page, IReadOnlyList<string>? Also = null)
{
    /// <summary>Whether the page shown belongs to this tab.</summary>
    public bool Covers(string? page) => page == Page || (Also?.Contains(page) ?? false);
}
