using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>Small readers of the rendered HTML, enough for the assertions of these tests.</summary>
internal static partial class Html
{
    /// <summary>The opening tag of a calendar cell, e.g. <c>&lt;td class="day state-booked-locked" data-date="2023-10-02"&gt;</c>.</summary>
    public static string CellClass(string html, string date)
    {
        var m = Regex.Match(html, $"<td class=\"(?<c>[^\"]*)\" data-date=\"{date}\">");
        Assert.True(m.Success, $"No calendar cell for {date}.");
        return m.Groups["c"].Value;
    }

    /// <summary>The text of the cell of <paramref name="date"/>, markup removed and entities decoded.</summary>
    public static string CellText(string html, string date)
    {
        var m = Regex.Match(html, $"data-date=\"{date}\">(?<body>.*?)</td>", RegexOptions.Singleline);
        Assert.True(m.Success, $"No calendar cell for {date}.");
        return Text(m.Groups["body"].Value);
    }

    public static string Text(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
