using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The Réservations page in a real browser (Debian's Chromium, no browser download), over a real
/// socket. Without /usr/bin/chromium it is skipped with a message on a developer's machine, and
/// fails under CI (CI=true).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Reservations_page_navigates_a_month_shows_the_legend_and_a_holiday_not_open_with_no_serious_axe_violation()
    {
        if (!File.Exists(Chromium))
        {
            var message = $"{Chromium} is missing: install Debian's chromium (apt-get install chromium) to run the browser test.";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", message);
            output.WriteLine($"SKIPPED: {message}");
            return;
        }

        // A free port on 127.0.0.1, not appsettings.json's localhost:5000 (a developer may be running the portal).
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseUrls("http://127.0.0.1:0"));
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 1280, Height = 900 } });

        await page.GotoAsync($"{address}/reservations");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Octobre 2023" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Mois suivant" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("month=2023-11"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Novembre 2023" })).ToBeVisibleAsync();
        var legend = page.GetByRole(AriaRole.Region, new() { Name = "Légende" });
        await Assertions.Expect(legend.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(9);
        await Assertions.Expect(legend).ToContainTextAsync("Activités disponibles uniquement en liste d'attente");

        // 1 November (Toussaint, a public holiday in the Toussaint holidays): not open.
        var toussaint = page.Locator("td[data-date='2023-11-01'] a");
        await Assertions.Expect(toussaint).ToContainTextAsync("mercredi 1 novembre 2023 : L'activité n'est pas ouverte");

        await AssertNoSeriousAxeViolationAsync(page);

        // Without JavaScript: the selection form is a GET form, the days are links to their detail.
        await page.GetByLabel("Activité concernée").SelectOptionAsync(new SelectOptionValue { Label = "Restauration scolaire" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher le calendrier" }).ClickAsync();
        await Assertions.Expect(legend).ToContainTextAsync("Lorsque vous avez sélectionné une activité");
        await page.Locator("td[data-date='2023-11-06'] a").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lenny : Activités disponibles le lundi 6 novembre 2023" })).ToBeVisibleAsync();

        // The same page on a phone.
        await page.SetViewportSizeAsync(375, 812);
        await AssertNoSeriousAxeViolationAsync(page);
    }

    private async Task AssertNoSeriousAxeViolationAsync(IPage page)
    {
        var axe = await page.RunAxe();
        foreach (var v in axe.Violations)
        {
            output.WriteLine($"axe {v.Impact} {v.Id} on {page.Url}: {v.Help} ({string.Join(" | ", v.Nodes.Select(n => n.Html))})");
        }

        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }
}
