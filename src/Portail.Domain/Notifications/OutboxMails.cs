using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using Portail.Booking;

namespace Portail.Notifications;

/// <summary>The ticket of an online payment (R-PAY-2, R-PAY-4): what the family paid, and into which wallets.</summary>
/// <param name="Reference">The platform's reference of the payment (its authorisation number, shown as "N° pièce"): one ticket per reference.</param>
/// <param name="PaidOn">The day of the payment.</param>
/// <param name="Lines">The amount credited to each wallet, in euros.</param>
public sealed record PaymentTicket(string Reference, LocalDate PaidOn, IReadOnlyList<PaymentTicketLine> Lines)
{
    /// <summary>The amount paid: the sum of the lines.</summary>
    public decimal Total => Lines.Sum(l => l.Amount);
}

/// <summary>One wallet credited by a payment.</summary>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Amount">Euros, two decimals.</param>
public sealed record PaymentTicketLine(WalletTypeId Wallet, decimal Amount);

/// <summary>The service's decision on a fiche of the family file (R-DOS-4).</summary>
/// <param name="Review">The id of the decision: one mail per decision.</param>
/// <param name="Fiche">The fiche's name as the family sees it ("Santé", "Assurance scolaire et extra-scolaire").</param>
/// <param name="Person">Whom the fiche is about ("DUPONT Lenny"), or <see langword="null"/> for an account-level fiche.</param>
/// <param name="Validated">Validated, or rejected.</param>
/// <param name="Reason">The agent's reason for a rejection.</param>
public sealed record FicheReview(Guid Review, string Fiche, string? Person, bool Validated, string? Reason);

/// <summary>A password reset link (R-ACC-4).</summary>
/// <param name="Request">The id of the reset request: one mail per request.</param>
/// <param name="Link">The single-use link.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record PasswordResetLink(Guid Request, Uri Link, Instant ExpiresAt);

/// <summary>Information from the service to the families of a structure (R-NTF-2), e.g. the strike-day service table.</summary>
/// <param name="Information">The id of the information: one mail per information and family.</param>
/// <param name="Structure">The structure whose families it is for.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="Text">The text, paragraphs separated by blank lines.</param>
public sealed record ServiceInformation(Guid Information, StructureId Structure, string Subject, string Text);

/// <summary>
/// The mails of the outbox, one factory per <see cref="MailKind"/>: each writes the facts its
/// template needs as the payload, and derives the id from the mail's cause, so that recording the
/// same cause twice records one mail.
/// </summary>
public static class OutboxMails
{
    /// <summary>The mail of a waiting-list request accepted because a place became free (R-BSK-4), to the booking's family.</summary>
    public static OutboxMail WaitlistPromoted(TenantId tenant, ChildBooking booking, Instant at)
    {
        ArgumentNullException.ThrowIfNull(booking);
        var payload = new PromotionPayload(booking.Child.Value, booking.Activity.Value, Iso(booking.Date));
        return Mail(
            tenant, booking.Family, MailKind.WaitlistPromoted, [payload.Child, payload.Activity, payload.Date, Number(booking.Sequence)], JsonSerializer.Serialize(payload, PayloadJson.Default.PromotionPayload), at);
    }

    /// <summary>
    /// The nightly report of one family's movements in one structure (R-NTF-1). Its id comes from the
    /// movements it tells, which are transmitted once: a second transmission of the same movements
    /// records nothing more.
    /// </summary>
    public static OutboxMail TransmissionReport(TenantId tenant, FamilyId family, StructureId structure, IReadOnlyList<BookingMovement> movements, Instant at)
    {
        ArgumentNullException.ThrowIfNull(movements);
        var lines = movements.Select(m => new ReportLine(m.Key.Child.Value, m.Key.Activity.Value, Iso(m.Key.Date), Code(m.Kind), Code(m.Status))).ToList();
        var identity = movements.Select(m => $"{m.Submission:N}/{m.Key.Child}/{m.Key.Activity}/{Iso(m.Key.Date)}/{Code(m.Kind)}").Order(StringComparer.Ordinal);
        return Mail(tenant, family, MailKind.TransmissionReport, [structure.Value, .. identity], JsonSerializer.Serialize(new ReportPayload(structure.Value, lines), PayloadJson.Default.ReportPayload), at);
    }

    /// <summary>The ticket of an online payment, to the family's first address only (R-PAY-4, R-ACC-5).</summary>
    public static OutboxMail PaymentTicket(TenantId tenant, FamilyId family, PaymentTicket ticket, Instant at)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var payload = new TicketPayload(ticket.Reference, Iso(ticket.PaidOn), ticket.Lines.Select(l => new TicketLine(l.Wallet.Value, l.Amount)).ToList());
        return Mail(tenant, family, MailKind.PaymentTicket, [ticket.Reference], JsonSerializer.Serialize(payload, PayloadJson.Default.TicketPayload), at);
    }

    /// <summary>The mail telling a family that a fiche was validated or rejected, with the reason (R-DOS-4).</summary>
    public static OutboxMail FicheReviewed(TenantId tenant, FamilyId family, FicheReview review, Instant at)
    {
        ArgumentNullException.ThrowIfNull(review);
        var payload = new FichePayload(review.Fiche, review.Person, review.Validated, review.Reason);
        return Mail(tenant, family, MailKind.FicheReviewed, [review.Review.ToString("N")], JsonSerializer.Serialize(payload, PayloadJson.Default.FichePayload), at);
    }

    /// <summary>The mail carrying a password reset link (R-ACC-4). The link is kept in the outbox until sent: keep its lifetime short.</summary>
    public static OutboxMail PasswordReset(TenantId tenant, FamilyId family, PasswordResetLink reset, Instant at)
    {
        ArgumentNullException.ThrowIfNull(reset);
        var payload = new ResetPayload(reset.Link.AbsoluteUri, InstantPattern.ExtendedIso.Format(reset.ExpiresAt));
        return Mail(tenant, family, MailKind.PasswordReset, [reset.Request.ToString("N")], JsonSerializer.Serialize(payload, PayloadJson.Default.ResetPayload), at);
    }

    /// <summary>An information from the service to one family of the structure (R-NTF-2); call it once per family.</summary>
    public static OutboxMail ServiceInformation(TenantId tenant, FamilyId family, ServiceInformation information, Instant at)
    {
        ArgumentNullException.ThrowIfNull(information);
        var payload = new InformationPayload(information.Structure.Value, information.Subject, information.Text);
        return Mail(tenant, family, MailKind.ServiceInformation, [information.Information.ToString("N")], JsonSerializer.Serialize(payload, PayloadJson.Default.InformationPayload), at);
    }

    internal static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    internal static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    internal static string Code(RequestKind kind) => kind == RequestKind.Cancel ? "cancel" : "book";

    internal static string Code(BookingStatus status) => status switch
    {
        BookingStatus.Accepted => "accepted",
        BookingStatus.Waitlisted => "waitlisted",
        BookingStatus.Refused => "refused",
        _ => "awaiting_answer",
    };

    // The id comes from the family and the cause, so that the same cause recorded twice is one mail.
    private static OutboxMail Mail(TenantId tenant, FamilyId family, MailKind kind, string[] cause, string payload, Instant at) =>
        new(OutboxMail.DeriveId(tenant, kind, [family.Value, .. cause]), tenant, family, kind, payload, at);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

// The payloads as JSON: codes and ISO dates, so that a mail recorded by one version renders in the next.
internal sealed record PromotionPayload(string Child, string Activity, string Date);

internal sealed record ReportPayload(string Structure, List<ReportLine> Lines);

internal sealed record ReportLine(string Child, string Activity, string Date, string Kind, string Status);

internal sealed record TicketPayload(string Reference, string PaidOn, List<TicketLine> Lines);

internal sealed record TicketLine(string Wallet, decimal Amount);

internal sealed record FichePayload(string Fiche, string? Person, bool Validated, string? Reason);

internal sealed record ResetPayload(string Link, string ExpiresAt);

internal sealed record InformationPayload(string Structure, string Subject, string Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PromotionPayload))]
[JsonSerializable(typeof(ReportPayload))]
[JsonSerializable(typeof(TicketPayload))]
[JsonSerializable(typeof(FichePayload))]
[JsonSerializable(typeof(ResetPayload))]
[JsonSerializable(typeof(InformationPayload))]
internal sealed partial class PayloadJson : JsonSerializerContext;
