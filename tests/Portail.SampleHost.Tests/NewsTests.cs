using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portail.News;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>R-TEN-2: agents publish news; families see it on the Accueil page within its publication window.</summary>
public sealed class NewsTests
{
    [Fact]
    public async Task R_TEN_2_a_published_item_shows_on_the_Accueil_page_in_its_window_and_goes_when_withdrawn()
    {
        // The demo clock is Monday 2 October 2023.
        await using var s = new Session();
        var page = await s.PostPageAsync(
            "/agents/actualites",
            "/agents/actualites?handler=Publish",
            ("Form.Structure", "scolaire"),
            ("Form.Title", "Grève du jeudi 5 octobre"),
            ("Form.Text", "Service minimum à la cantine.\nPas d'accueil du soir."),
            ("Form.Link", "https://www.cestas.fr/greve.pdf"),
            ("Form.From", "2023-10-01"),
            ("Form.Until", "2023-10-05"));
        Assert.Contains("L'actualité « Grève du jeudi 5 octobre » est publiée.", Html.Text(page));
        await s.PostPageAsync("/agents/actualites", "/agents/actualites?handler=Publish", ("Form.Structure", "scolaire"), ("Form.Title", "Menus de novembre"), ("Form.Text", "À venir."), ("Form.From", "2023-11-01"));

        var home = Html.Text(await s.GetAsync("/"));
        Assert.Contains("Actualités Grève du jeudi 5 octobre Publié le dimanche 1 octobre 2023 Service minimum à la cantine. Pas d'accueil du soir. En savoir plus", home);
        Assert.DoesNotContain("Menus de novembre", home);

        var strike = (await s.Services.GetRequiredService<INewsStore>().GetAllAsync(Session.Tenant)).Single(n => n.Title.StartsWith("Grève", StringComparison.Ordinal));
        var withdrawn = await s.PostPageAsync("/agents/actualites", $"/agents/actualites?id={strike.Id}&handler=Withdraw");
        Assert.Contains("L'actualité est retirée.", Html.Text(withdrawn));
        Assert.DoesNotContain("Grève", Html.Text(await s.GetAsync("/")));
    }

    [Fact]
    public async Task R_TEN_2_a_faulty_form_names_every_faulty_field_and_publishes_nothing()
    {
        await using var s = new Session();
        using var response = await s.PostAsync(
            "/agents/actualites",
            "/agents/actualites?handler=Publish",
            ("Form.Structure", "scolaire"),
            ("Form.Title", ""),
            ("Form.Text", "Texte"),
            ("Form.Link", "cestas.fr"),
            ("Form.From", "2023-10-10"),
            ("Form.Until", "31/12/2023"));
        var text = Html.Text(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("La date de fin de publication « 31/12/2023 » n'est pas une date (jj/mm/aaaa).", text);
        Assert.Contains("Aucune actualité.", text);
    }
}
