using Portail.Accounts;
using NodaTime;
using OneOf;
using Portail.Catalog;

namespace Portail.News;

/// <summary>What an agent fills in to publish or change a news item (R-TEN-2).</summary>
/// <param name="Structure">The structure it is about.</param>
/// <param name="Title">Its title.</param>
/// <param name="Text">Its text.</param>
/// <param name="Link">An optional absolute http or https address, as typed.</param>
/// <param name="From">The first day it is shown.</param>
/// <param name="Until">The last day it is shown, or none.</param>
public sealed record NewsDraft(StructureId Structure, string? Title, string? Text, string? Link, LocalDate From, LocalDate? Until);

/// <summary>Why a draft was not published, in French for the agent, naming every faulty field.</summary>
/// <param name="Problems">One sentence per faulty field.</param>
public sealed record NewsRefused(IReadOnlyList<string> Problems)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems);
}

/// <summary>
/// The news of the Accueil page (R-TEN-2): what families see today, and what agents publish,
/// change and withdraw. A draft is checked whole; nothing is stored when a field is wrong.
/// </summary>
public sealed class NewsBoard
{
    /// <summary>The longest title kept.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest text kept.</summary>
    public const int MaxTextLength = 8000;

    private readonly INewsStore _store;
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;

    /// <summary>Creates the board over its store.</summary>
    public NewsBoard(INewsStore store, Catalogue catalogue, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The items shown today in the tenant's zone, for one structure or all of them, newest first.</summary>
    public async Task<IReadOnlyList<NewsItem>> ShownAsync(TenantId tenant, StructureId? structure = null, CancellationToken cancellationToken = default)
    {
        var today = _clock.GetCurrentInstant().InZone(_catalogue[tenant].Zone).Date;
        var all = await _store.GetAllAsync(tenant, cancellationToken).ConfigureAwait(false);
        return all.Where(n => n.IsShownOn(today) && (structure is not { } s || n.Structure == s)).ToList();
    }

    /// <summary>Every item of the structures the agent is granted, shown or not (the agents' list), newest first.</summary>
    public async Task<IReadOnlyList<NewsItem>> AllAsync(AgentActor agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return [.. (await _store.GetAllAsync(agent.Tenant, cancellationToken).ConfigureAwait(false)).Where(n => agent.Holds(n.Structure, AgentRole.Reader))];
    }

    /// <summary>
    /// Publishes a new item, or changes the item <paramref name="id"/> when given. The agent needs
    /// the clerk's role in the item's structure (and in its former one, when it moves) (R-ACC-7).
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not a clerk of the structure.</exception>
    public async Task<OneOf<NewsItem, NewsRefused>> PublishAsync(AgentActor agent, NewsDraft draft, Guid? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(draft);
        var tenant = agent.Tenant;
        var problems = new List<string>();
        if (_catalogue[tenant].FindStructure(draft.Structure) is null)
        {
            problems.Add($"La structure « {draft.Structure} » n'existe pas.");
        }
        else
        {
            AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, draft.Structure);
        }

        var title = French.RequiredText(draft.Title, "Le titre", MaxTitleLength, problems);
        var text = French.RequiredText(draft.Text, "Le texte", MaxTextLength, problems);

        Uri? link = null;
        if (!string.IsNullOrWhiteSpace(draft.Link)
            && (!Uri.TryCreate(draft.Link.Trim(), UriKind.Absolute, out link) || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add($"Le lien « {draft.Link.Trim()} » n'est pas une adresse web complète : elle commence par https:// (ou http://).");
        }

        if (draft.Until is { } until && until < draft.From)
        {
            problems.Add($"La fin de publication ({French.LongDate(until)}) précède son début ({French.LongDate(draft.From)}).");
        }

        if (id is { } existing)
        {
            if ((await _store.GetAllAsync(tenant, cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Id == existing) is { } former)
            {
                AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, former.Structure);
            }
            else
            {
                problems.Add("Cette actualité n'existe plus : elle a peut-être été retirée entre-temps.");
            }
        }

        if (problems.Count > 0)
        {
            return new NewsRefused(problems);
        }

        var item = new NewsItem(id ?? Guid.NewGuid(), draft.Structure, title, text, link, draft.From, draft.Until);
        await _store.SaveAsync(tenant, item, cancellationToken).ConfigureAwait(false);
        return item;
    }

    /// <summary>Withdraws an item; <see langword="false"/> when the tenant has none with this id. The agent needs the clerk's role in its structure.</summary>
    /// <exception cref="AccessDeniedException">The agent is not a clerk of the item's structure.</exception>
    public async Task<bool> WithdrawAsync(AgentActor agent, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if ((await _store.GetAllAsync(agent.Tenant, cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Id == id) is not { } item)
        {
            return false;
        }

        AccessControl.RequireAgent(agent, agent.Tenant, AgentRole.Clerk, item.Structure);
        return await _store.DeleteAsync(agent.Tenant, id, cancellationToken).ConfigureAwait(false);
    }
}
