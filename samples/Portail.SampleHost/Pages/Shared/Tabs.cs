namespace Portail.SampleHost.Pages.Shared;

/// <summary>The guides' tabs, in their order; those of later issues say "bientôt disponible". Then the agents' back-office.</summary>
public static class Tabs
{
    public static IReadOnlyList<Tab> All { get; } =
    [
        new("Accueil", "/Index", null),
        new("Historiques", "/Historiques", null),
        new("Paiement et solde", "/Paiement", null),
        new("Réservations", "/Reservations", null, ["/Recapitulatif", "/Resultat", "/Suivi"]),
        new("Dossier Famille", "/Bientot", "dossier"),
        new("Espace agents", "/Agents", null),
    ];

    public static Tab? Find(string? slug) => All.FirstOrDefault(t => t.Slug is not null && t.Slug == slug);
}

/// <summary>A tab: its label, its Razor page, the route value of the pages still to come, and the other pages it covers.</summary>
public sealed record Tab(string Label, string Page, string? Slug, IReadOnlyList<string>? Also = null)
{
    /// <summary>Whether the page shown belongs to this tab.</summary>
    public bool Covers(string? page, string? slug) => (page == Page && slug == Slug) || (Also?.Contains(page) ?? false);
}
