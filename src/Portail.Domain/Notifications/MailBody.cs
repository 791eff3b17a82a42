using System.Text;

namespace Portail.Notifications;

/// <summary>
/// A mail's content as blocks, written once and rendered twice: as the plain-text part, in the
/// guides' layout (sections framed by <c>*****</c>, activities by <c>--&gt;</c>, blocks separated by
/// a blank line), and as the HTML part (the same blocks as paragraphs, lists and headings, every
/// text encoded). A block whose text is empty (a text a tenant blanked) is left out.
/// </summary>
internal sealed class MailBody
{
    private readonly List<Block> _blocks = [];

    /// <summary>A paragraph; its single line breaks are kept.</summary>
    public MailBody Paragraph(string text) => Add(new Block(BlockKind.Paragraph, text, [], []));

    /// <summary>An introduction followed by a bulleted list.</summary>
    public MailBody List(string intro, IReadOnlyList<string> items) => Add(new Block(BlockKind.List, intro, items, []));

    /// <summary>A titled section of groups, each a heading and its lines (the report's activities).</summary>
    public MailBody Section(string title, IReadOnlyList<(string Heading, IReadOnlyList<string> Lines)> groups) => Add(new Block(BlockKind.Section, title, [], groups));

    /// <summary>A link, written out in full.</summary>
    public MailBody Link(Uri link) => Add(new Block(BlockKind.Link, link.AbsoluteUri, [], []));

    /// <summary>The closing notice, in small print in HTML.</summary>
    public MailBody Footer(string text) => Add(new Block(BlockKind.Footer, text, [], []));

    /// <summary>The plain-text part: blocks separated by a blank line, lines ended by <c>\n</c>.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        foreach (var block in _blocks)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            switch (block.Kind)
            {
                case BlockKind.List:
                    text.Append(block.Text).Append('\n');
                    foreach (var item in block.Items)
                    {
                        text.Append("- ").Append(item).Append('\n');
                    }

                    break;
                case BlockKind.Section:
                    text.Append("***** ").Append(block.Text).Append(" *****\n");
                    foreach (var (heading, lines) in block.Groups)
                    {
                        text.Append("--> ").Append(heading).Append(" :\n");
                        foreach (var line in lines)
                        {
                            text.Append(line).Append('\n');
                        }
                    }

                    break;
                default:
                    text.Append(block.Text).Append('\n');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>The HTML part: a whole document in French, UTF-8, with <paramref name="title"/> as its title.</summary>
    public string Html(string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n</head>\n")
            .Append("<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #222;\">\n");
        foreach (var block in _blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.List:
                    html.Append("<p>").Append(Encode(block.Text)).Append("</p>\n<ul>\n");
                    foreach (var item in block.Items)
                    {
                        html.Append("<li>").Append(Encode(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case BlockKind.Section:
                    html.Append("<h2 style=\"font-size: 15px;\">").Append(Encode(block.Text)).Append("</h2>\n");
                    foreach (var (heading, lines) in block.Groups)
                    {
                        html.Append("<h3 style=\"font-size: 14px;\">").Append(Encode(heading)).Append("</h3>\n");
                        foreach (var line in lines)
                        {
                            html.Append("<p>").Append(Encode(line)).Append("</p>\n");
                        }
                    }

                    break;
                case BlockKind.Link:
                    html.Append("<p><a href=\"").Append(Encode(block.Text)).Append("\">").Append(Encode(block.Text)).Append("</a></p>\n");
                    break;
                case BlockKind.Footer:
                    html.Append("<p style=\"font-size: 12px; color: #555;\">").Append(Encode(block.Text)).Append("</p>\n");
                    break;
                default:
                    html.Append("<p>").Append(Encode(block.Text)).Append("</p>\n");
                    break;
            }
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    // Only what HTML needs escaped (attributes are double-quoted): accents and apostrophes stay as they are, in UTF-8.
    private static string Encode(string text) =>
        new StringBuilder(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("\n", "<br>\n").ToString();

    private MailBody Add(Block block)
    {
        if (block.Text.Trim().Length > 0)
        {
            _blocks.Add(block);
        }

        return this;
    }

    private enum BlockKind
    {
        Paragraph,
        List,
        Section,
        Link,
        Footer,
    }

    private sealed record Block(BlockKind Kind, string Text, IReadOnlyList<string> Items, IReadOnlyList<(string Heading, IReadOnlyList<string> Lines)> Groups);
}
