using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using OneOf;
using Portail.Catalog;
using Portail.Families;

namespace Portail.Notifications;

/// <summary>Why a mail of the outbox cannot be rendered: it will never be sendable as it is (the dispatcher marks it failed with this reason).</summary>
/// <param name="Reason">What is missing, in English, for the agents' view and the integrator.</param>
public sealed record MailNotRenderable(string Reason);

/// <summary>
/// Turns a mail of the outbox into the message that goes out (R-NTF-1, R-NTF-2): the template of its
/// <see cref="MailKind"/>, the tenant's texts (<see cref="MailTextOptions"/>), the names of the
/// catalogue and of the family's children, and the family's addresses at this moment — every address
/// for every mail except the payment ticket, which goes to the first only (R-ACC-5). French, with a
/// plain-text and an HTML part; every mail ends by saying that replies are not read.
/// </summary>
public sealed class MailRenderer
{
    private readonly Catalogue _catalogue;
    private readonly IFamilyDirectory _families;
    private readonly MailTextOptions _texts;

    /// <summary>Creates the renderer (resolved from DI by <c>AddPortail</c>).</summary>
    public MailRenderer(Catalogue catalogue, IFamilyDirectory families, IOptions<MailTextOptions> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        _catalogue = catalogue;
        _families = families;
        _texts = texts.Value;
    }

    /// <summary>The message of <paramref name="mail"/>, or why it cannot be sent: an unknown tenant or kind, a family without an e-mail address, an unreadable payload.</summary>
    public async ValueTask<OneOf<MailMessage, MailNotRenderable>> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (_catalogue.Find(mail.Tenant) is not { } tenant)
        {
            return new MailNotRenderable($"Tenant '{mail.Tenant}' is not configured: its mail cannot be rendered.");
        }

        var contact = await _families.GetContactAsync(mail.Tenant, mail.Family, cancellationToken).ConfigureAwait(false);
        if (contact is not { Emails.Count: > 0 })
        {
            return new MailNotRenderable($"Family '{mail.Family}' has no e-mail address on file: there is nobody to send this {mail.Kind} mail to.");
        }

        var templates = new MailTemplates(tenant, contact, MailTexts.For(_texts, mail.Tenant));
        try
        {
            var (subject, body, to) = mail.Kind switch
            {
                var k when k == MailKind.TransmissionReport => With(templates.Report(Read(mail, PayloadJson.Default.ReportPayload), await ChildrenAsync(mail, cancellationToken).ConfigureAwait(false)), contact.Emails),
                var k when k == MailKind.WaitlistPromoted => With(templates.WaitlistPromoted(Read(mail, PayloadJson.Default.PromotionPayload), await ChildrenAsync(mail, cancellationToken).ConfigureAwait(false)), contact.Emails),
                var k when k == MailKind.PaymentTicket => With(templates.PaymentTicket(Read(mail, PayloadJson.Default.TicketPayload)), [contact.Emails[0]]),
                var k when k == MailKind.FicheReviewed => With(templates.FicheReviewed(Read(mail, PayloadJson.Default.FichePayload)), contact.Emails),
                var k when k == MailKind.PasswordReset => With(templates.PasswordReset(Read(mail, PayloadJson.Default.ResetPayload)), contact.Emails),
                var k when k == MailKind.ServiceInformation => With(templates.ServiceInformation(Read(mail, PayloadJson.Default.InformationPayload)), contact.Emails),
                _ => throw new JsonException($"no template renders the kind '{mail.Kind}'"),
            };
            return new MailMessage(mail.Id, mail.Tenant, to, subject, body.Text(), body.Html(subject));
        }
        catch (Exception e) when (e is JsonException or FormatException or UnparsableValueException)
        {
            return new MailNotRenderable($"The {mail.Kind} mail {mail.Id} cannot be rendered: {e.Message}.");
        }
    }

    private static (string Subject, MailBody Body, IReadOnlyList<string> To) With((string Subject, MailBody Body) rendered, IReadOnlyList<string> to) =>
        (rendered.Subject, rendered.Body, to);

    private static T Read<T>(OutboxMail mail, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(mail.Payload, type) ?? throw new JsonException("its payload is null");

    private async ValueTask<IReadOnlyList<Child>> ChildrenAsync(OutboxMail mail, CancellationToken cancellationToken) =>
        await _families.GetChildrenAsync(mail.Tenant, mail.Family, cancellationToken).ConfigureAwait(false);
}

/// <summary>The mails' templates for one tenant and family: pure functions of the payload, the texts and the names.</summary>
internal sealed class MailTemplates(Tenant tenant, FamilyContact contact, Func<string, string> text)
{
    // The report's sections, in the guides' order; a section is written only when it has lines.
    private static readonly (string Key, string Kind, string? Status)[] Sections =
    [
        ("Report.Waitlisted", "book", "waitlisted"),
        ("Report.Accepted", "book", "accepted"),
        ("Report.Refused", "book", "refused"),
        ("Report.AwaitingAnswer", "book", "awaiting_answer"),
        ("Report.Cancelled", "cancel", null),
    ];

    /// <summary>The nightly report (R-NTF-1), in the shape of SPEC.md §8.</summary>
    public (string Subject, MailBody Body) Report(ReportPayload report, IReadOnlyList<Child> children)
    {
        var structure = tenant.FindStructure(new StructureId(report.Structure))?.Name ?? report.Structure;
        var bookings = report.Lines.Count(l => l.Kind == "book");
        var cancellations = report.Lines.Count - bookings;
        var body = Greeting()
            .Paragraph(MailTexts.Fill(text("Report.Introduction"), ("structure", structure)))
            .List(
                Count("Report.Movements", report.Lines.Count),
                new[] { (Key: "Report.Bookings", N: bookings), (Key: "Report.Cancellations", N: cancellations) }.Where(c => c.N > 0).Select(c => Count(c.Key, c.N)).ToList());
        foreach (var (key, kind, status) in Sections)
        {
            var lines = report.Lines.Where(l => l.Kind == kind && (status is null || l.Status == status)).ToList();
            if (lines.Count > 0)
            {
                body.Section(text(key), Groups(lines, children));
            }
        }

        return (MailTexts.Fill(text("Report.Subject"), ("structure", structure)), Closing(body, website: true));
    }

    /// <summary>A waiting-list request accepted (R-BSK-4).</summary>
    public (string Subject, MailBody Body) WaitlistPromoted(PromotionPayload promotion, IReadOnlyList<Child> children)
    {
        var values = new[]
        {
            ("enfant", Person(new ChildId(promotion.Child), children)),
            ("activite", ActivityName(promotion.Activity)),
            ("date", French.LongDate(OutboxMails.Date(promotion.Date))),
        };
        return (MailTexts.Fill(text("WaitlistPromoted.Subject"), values), Closing(Greeting().Paragraph(MailTexts.Fill(text("WaitlistPromoted.Text"), values)), website: true));
    }

    /// <summary>The payment ticket (R-PAY-4).</summary>
    public (string Subject, MailBody Body) PaymentTicket(TicketPayload ticket)
    {
        var values = new[]
        {
            ("reference", ticket.Reference),
            ("montant", French.Euros(ticket.Lines.Sum(l => l.Amount))),
            ("date", French.LongDate(OutboxMails.Date(ticket.PaidOn))),
        };
        var wallets = ticket.Lines.Select(l => $"{tenant.WalletTypes.FirstOrDefault(w => w.Id.Value == l.Wallet)?.Name ?? l.Wallet} : {French.Euros(l.Amount)}").ToList();
        return (MailTexts.Fill(text("PaymentTicket.Subject"), values), Closing(Greeting().List(MailTexts.Fill(text("PaymentTicket.Text"), values), wallets), website: false));
    }

    /// <summary>A fiche validated or rejected, with the reason (R-DOS-4).</summary>
    public (string Subject, MailBody Body) FicheReviewed(FichePayload review)
    {
        var fiche = review.Person is null ? review.Fiche : $"{review.Fiche} — {review.Person}";
        var values = new[] { ("fiche", fiche), ("motif", review.Reason ?? string.Empty) };
        var outcome = review.Validated ? "FicheValidated" : "FicheRejected";
        var body = Greeting().Paragraph(MailTexts.Fill(text($"{outcome}.Text"), values));
        if (!review.Validated)
        {
            body.Paragraph(MailTexts.Fill(text("FicheRejected.Action"), values));
        }

        return (MailTexts.Fill(text($"{outcome}.Subject"), values), Closing(body, website: false));
    }

    /// <summary>The password reset link (R-ACC-4).</summary>
    public (string Subject, MailBody Body) PasswordReset(ResetPayload reset)
    {
        var expires = InstantPattern.ExtendedIso.Parse(reset.ExpiresAt).GetValueOrThrow().InZone(tenant.Zone);
        var expiration = $"{French.LongDate(expires.Date)} à {French.Time(expires.TimeOfDay)}";
        var body = Greeting()
            .Paragraph(MailTexts.Fill(text("PasswordReset.Text"), ("expiration", expiration)))
            .Link(new Uri(reset.Link, UriKind.Absolute))
            .Paragraph(text("PasswordReset.Ignore"));
        return (text("PasswordReset.Subject"), Closing(body, website: false));
    }

    /// <summary>Information from the service (R-NTF-2): the agent's subject and text.</summary>
    public (string Subject, MailBody Body) ServiceInformation(InformationPayload information)
    {
        var body = Greeting();
        foreach (var paragraph in information.Text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            body.Paragraph(paragraph.Trim('\n'));
        }

        return (information.Subject, Closing(body, website: false));
    }

    private MailBody Greeting() => new MailBody().Paragraph(MailTexts.Fill(text("Greeting"), ("destinataire", contact.DisplayName)));

    private MailBody Closing(MailBody body, bool website) => (website ? body.Paragraph(text("Website")) : body).Footer(text("NoReply"));

    // French counts: singular for 0 and 1.
    private string Count(string key, int n) =>
        MailTexts.Fill(text(n <= 1 ? key + ".One" : key), ("n", n.ToString(CultureInfo.InvariantCulture)));

    // By activity in the catalogue's order, then by child in the family's order, each child's days in date order.
    private List<(string Heading, IReadOnlyList<string> Lines)> Groups(List<ReportLine> lines, IReadOnlyList<Child> children)
    {
        var activityOrder = tenant.Activities.Select((a, i) => (a.Id.Value, i)).ToDictionary(p => p.Value, p => p.i);
        var childOrder = children.Select((c, i) => (c.Id.Value, i)).ToDictionary(p => p.Value, p => p.i);
        return lines
            .GroupBy(l => l.Activity)
            .OrderBy(g => activityOrder.GetValueOrDefault(g.Key, int.MaxValue)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(activity => (
                MailTexts.Fill(text("Report.Activity"), ("activite", ActivityName(activity.Key))),
                (IReadOnlyList<string>)activity
                    .GroupBy(l => l.Child)
                    .OrderBy(g => childOrder.GetValueOrDefault(g.Key, int.MaxValue)).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(child => $"{Person(new ChildId(child.Key), children)} : {string.Join(", ", child.Select(l => OutboxMails.Date(l.Date)).Distinct().Order().Select(French.DayAndMonth))}")
                    .ToList()))
            .ToList();
    }

    private string ActivityName(string activity) => tenant.FindActivity(new ActivityId(activity))?.Name ?? activity;

    private static string Person(ChildId child, IReadOnlyList<Child> children) =>
        children.FirstOrDefault(c => c.Id == child) is { } c ? $"{c.LastName} {c.FirstName}" : child.Value;
}
