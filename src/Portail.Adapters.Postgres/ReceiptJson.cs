using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;
using Portail.Booking;

namespace Portail.Adapters.Postgres;

/// <summary>
/// A commit's receipt as <c>submission.receipt</c> keeps it (jsonb), so that a replayed submission
/// answers exactly what the first one did: instants and times at full precision, enums by name.
/// </summary>
internal static class ReceiptJson
{
    public static string Write(CommitReceipt receipt) =>
        JsonSerializer.Serialize(
            new ReceiptDocument(
                receipt.Results.Select(r => new ResultDocument(r.Key.Child.Value, r.Key.Activity.Value, LocalDatePattern.Iso.Format(r.Key.Date), r.Kind, r.Outcome, r.Remark)).ToList(),
                receipt.Promoted.Select(b => new BookingDocument(
                    b.Child.Value,
                    b.Activity.Value,
                    LocalDatePattern.Iso.Format(b.Date),
                    b.Status,
                    b.Arrival is { } a ? LocalTimePattern.ExtendedIso.Format(a) : null,
                    b.Departure is { } d ? LocalTimePattern.ExtendedIso.Format(d) : null,
                    b.Family.Value,
                    b.Sequence,
                    b.Cost,
                    b.Transmitted,
                    InstantPattern.ExtendedIso.Format(b.RecordedAt))).ToList()),
            ReceiptJsonContext.Default.ReceiptDocument);

    public static CommitReceipt Read(Guid submissionId, string json)
    {
        var document = JsonSerializer.Deserialize(json, ReceiptJsonContext.Default.ReceiptDocument)
            ?? throw new InvalidOperationException($"The receipt of submission {submissionId} is empty.");
        return new CommitReceipt(
            submissionId,
            true,
            document.Results.Select(r => new LineResult(new RequestKey(new ChildId(r.Child), new ActivityId(r.Activity), LocalDatePattern.Iso.Parse(r.Date).Value), r.Kind, r.Outcome, r.Remark)).ToList(),
            document.Promoted.Select(b => new ChildBooking(
                new ChildId(b.Child),
                new ActivityId(b.Activity),
                LocalDatePattern.Iso.Parse(b.Date).Value,
                b.Status,
                b.Arrival is { } a ? LocalTimePattern.ExtendedIso.Parse(a).Value : null,
                b.Departure is { } d ? LocalTimePattern.ExtendedIso.Parse(d).Value : null)
            {
                Family = new FamilyId(b.Family!),
                Sequence = b.Sequence,
                Cost = b.Cost,
                Transmitted = b.Transmitted,
                RecordedAt = InstantPattern.ExtendedIso.Parse(b.RecordedAt).Value,
            }).ToList());
    }
}

internal sealed record ReceiptDocument(List<ResultDocument> Results, List<BookingDocument> Promoted);

internal sealed record ResultDocument(string Child, string Activity, string Date, RequestKind Kind, LineOutcome Outcome, string? Remark);

internal sealed record BookingDocument(string Child, string Activity, string Date, BookingStatus Status, string? Arrival, string? Departure, string? Family, long Sequence, decimal Cost, bool Transmitted, string RecordedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReceiptDocument))]
internal sealed partial class ReceiptJsonContext : JsonSerializerContext;
