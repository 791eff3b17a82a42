namespace Portail.SampleHost.Pages.Shared;

/// <summary>The guides' tabs, in their order; those of later issues say "bientôt disponible".</summary>
public static class Tabs
{
    public static IReadOnlyList<Tab> All { get; } =
    [
        new("Accueil", "/Index", null),
        new("Historiques", "/Bientot", "historiques"),
        new("Paiement et solde", "/Bientot", "paiement"),
        new("Réservations", "/Reservations", null),
        new("Dossier Famille", "/Bientot", "dossier"),
    ];

    public static Tab? Find(string? slug) => All.FirstOrDefault(t => t.Slug is not null && t.Slug == slug);
}

/// <summary>A tab: its label, its Razor page, and the route value of the pages still to come.</summary>
public sealed record Tab(string Label, string Page, string? Slug);
