using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.News;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>Agents publish, change and withdraw the news of the Accueil page (R-TEN-2).</summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class ActualitesModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, NewsBoard news)
    : PortalPageModel(catalogue, demo, families, clock)
{
    public IReadOnlyList<NewsItem> All { get; private set; } = [];

    /// <summary>The item being changed, when the agent clicked "Modifier".</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public Guid? Editing { get; set; }

    [BindProperty]
    public NewsForm Form { get; set; } = new();

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        All = await news.AllAsync(AgentAccount, cancellationToken);
        if (Editing is { } id)
        {
            var item = All.FirstOrDefault(n => n.Id == id);
            if (item is null)
            {
                return NotFound();
            }

            Form = new NewsForm
            {
                Structure = item.Structure.Value, Title = item.Title, Text = item.Text, Link = item.Link?.ToString(),
                From = LocalDatePattern.Iso.Format(item.From), Until = item.Until is { } u ? LocalDatePattern.Iso.Format(u) : null,
            };
        }
        else
        {
            Form = new NewsForm { Structure = Structure.Id.Value, From = LocalDatePattern.Iso.Format(Today) };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var from = Day(Form.From, "début de publication", problems) ?? Today;
        var until = string.IsNullOrWhiteSpace(Form.Until) ? null : Day(Form.Until, "fin de publication", problems);
        if (problems.Count == 0)
        {
            var answer = await news.PublishAsync(AgentAccount, new NewsDraft(new StructureId(Form.Structure ?? ""), Form.Title, Form.Text, Form.Link, from, until), Editing, cancellationToken);
            if (answer.TryPickT0(out var item, out var refused))
            {
                Done = $"L'actualité « {item.Title} » est publiée.";
                Editing = null;
                ModelState.Clear();
                Form = new NewsForm { Structure = Structure.Id.Value, From = LocalDatePattern.Iso.Format(Today) };
            }
            else
            {
                problems.AddRange(refused.Problems);
            }
        }

        Problems = problems;
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        All = await news.AllAsync(AgentAccount, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        Done = await news.WithdrawAsync(AgentAccount, id, cancellationToken) ? "L'actualité est retirée." : "Cette actualité avait déjà été retirée.";
        All = await news.AllAsync(AgentAccount, cancellationToken);
        Form = new NewsForm { Structure = Structure.Id.Value, From = LocalDatePattern.Iso.Format(Today) };
        return Page();
    }

    private static LocalDate? Day(string? text, string what, List<string> problems)
    {
        var parsed = LocalDatePattern.Iso.Parse(text?.Trim() ?? "");
        if (parsed.Success)
        {
            return parsed.Value;
        }

        problems.Add($"La date de {what} « {text} » n'est pas une date (jj/mm/aaaa).");
        return null;
    }
}

/// <summary>The fields of the news form, as typed.</summary>
public sealed class NewsForm
{
    public string? Structure { get; set; }

    public string? Title { get; set; }

    public string? Text { get; set; }

    public string? Link { get; set; }

    public string? From { get; set; }

    public string? Until { get; set; }
}
