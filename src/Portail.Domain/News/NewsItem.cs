using NodaTime;

namespace Portail.News;

/// <summary>
/// A news item the service publishes for a structure on the Accueil page (R-TEN-2): menus, opening
/// dates of booking periods, strike-day service tables…
/// </summary>
/// <param name="Id">Its id.</param>
/// <param name="Structure">The structure it is about.</param>
/// <param name="Title">Its title, shown in bold.</param>
/// <param name="Text">Its text (plain text; line breaks kept).</param>
/// <param name="Link">An optional link (an absolute http or https address), e.g. the menu as a PDF.</param>
/// <param name="From">The first day it is shown, in the tenant's zone.</param>
/// <param name="Until">The last day it is shown; <see langword="null"/> for no end.</param>
public sealed record NewsItem(Guid Id, StructureId Structure, string Title, string Text, Uri? Link, LocalDate From, LocalDate? Until)
{
    /// <summary>Whether it is shown on <paramref name="today"/> (both ends included).</summary>
    public bool IsShownOn(LocalDate today) => From <= today && (Until is not { } until || today <= until);
}

/// <summary>Where news items are kept; every read and write is scoped to one tenant.</summary>
public interface INewsStore
{
    /// <summary>Records the item, or replaces the tenant's item with the same id.</summary>
    ValueTask SaveAsync(TenantId tenant, NewsItem item, CancellationToken cancellationToken = default);

    /// <summary>Removes the tenant's item with this id; <see langword="false"/> when it has none.</summary>
    ValueTask<bool> DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Every item of the tenant, newest first (by <see cref="NewsItem.From"/>, then title).</summary>
    ValueTask<IReadOnlyList<NewsItem>> GetAllAsync(TenantId tenant, CancellationToken cancellationToken = default);
}

/// <summary>What every news store accepts and how it orders items, written once for all stores.</summary>
public static class NewsItemCheck
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the item cannot be stored: an
    /// empty id, an invalid structure id, an empty or over-long title or text, a link that is not an
    /// absolute http(s) address, an end before the start. <see cref="NewsBoard"/> gives agents the
    /// French reasons first; stores call this before writing anything.
    /// </summary>
    public static void ThrowIfMalformed(NewsItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Id == Guid.Empty)
        {
            throw new ArgumentException("item.Id is empty: give every news item its own id (Guid.NewGuid()).", "item.Id");
        }

        Identifier.Check(item.Structure.Value, "item.Structure");
        Text(item.Title, "item.Title", NewsBoard.MaxTitleLength);
        Text(item.Text, "item.Text", NewsBoard.MaxTextLength);
        if (item.Link is { } link && (!link.IsAbsoluteUri || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"item.Link is '{link}': a news link is an absolute http or https address.", "item.Link");
        }

        if (item.Until < item.From)
        {
            throw new ArgumentException($"item.Until ({item.Until:uuuu-MM-dd}) is before item.From ({item.From:uuuu-MM-dd}).", "item.Until");
        }
    }

    /// <summary>Newest first: by first day shown, descending, then by title.</summary>
    public static IOrderedEnumerable<NewsItem> OrderByNewest(this IEnumerable<NewsItem> items) =>
        items.OrderByDescending(n => n.From).ThenBy(n => n.Title, StringComparer.Ordinal).ThenBy(n => n.Id);

    private static void Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is empty.", field);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{field} is {value.Length} characters long: at most {maxLength}.", field);
        }

        if (value.Any(c => c == '\0'))
        {
            throw new ArgumentException($"{field} holds a NUL character.", field);
        }
    }
}
