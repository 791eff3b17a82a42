using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>The French page of every error status (404, 400, 500).</summary>
[AllowAnonymous]
public sealed class ErreurModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock)
    : PortalPageModel(catalogue, demo, families, clock)
{
    public string Heading { get; private set; } = "";

    public string Text { get; private set; } = "";

    public void OnGet(int? code)
    {
        var status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : 500);
        (Heading, Text) = status switch
        {
            404 => ("Page introuvable", "La page demandée n'existe pas : l'enfant, l'activité, la structure ou la fiche est inconnue."),
            400 => ("Demande incorrecte", "L'adresse demandée est mal formée : vérifiez le mois (aaaa-mm) ou le jour (aaaa-mm-jj)."),
            _ => ("Une erreur est survenue", "Le service n'a pas pu répondre. Veuillez réessayer dans quelques instants."),
        };
    }
}
