using System.Text.Json;
using System.Text.Json.Serialization;
using Portail.Booking;

namespace Portail.Adapters.Sqlite;

/// <summary>The receipt of a commit as kept in <c>submission.receipt</c> (JSON, codes as in the tables).</summary>
internal sealed record ReceiptDocument(List<ResultDocument> Results, List<BookingDocument> Promoted)
{
    public static ReceiptDocument From(CommitPlan plan) =>
        new(plan.Results.Select(ResultDocument.From).ToList(), plan.Promoted.Select(BookingDocument.From).ToList());

    public CommitReceipt ToReceipt(Guid submissionId, bool replayed) =>
        new(submissionId, replayed, Results.Select(r => r.ToResult()).ToList(), Promoted.Select(p => p.ToBooking()).ToList());
}

/// <summary>One line result of a receipt.</summary>
internal sealed record ResultDocument(string Child, string Activity, string Date, string Kind, string Outcome, string? Remark)
{
    public static ResultDocument From(LineResult r) =>
        new(r.Key.Child.Value, r.Key.Activity.Value, SqliteValues.Text(r.Key.Date), SqliteValues.Code(r.Kind), SqliteValues.Code(r.Outcome), r.Remark);

    public LineResult ToResult() =>
        new(new RequestKey(new ChildId(Child), new ActivityId(Activity), SqliteValues.Date(Date)), SqliteValues.Kind(Kind), SqliteValues.Outcome(Outcome), Remark);
}

/// <summary>A promoted booking of a receipt.</summary>
internal sealed record BookingDocument(
    string Child, string Activity, string Date, string Status, string? Arrival, string? Departure, string Family, long Sequence, string Cost, bool Transmitted, string RecordedAt)
{
    public static BookingDocument From(ChildBooking b) =>
        new(b.Child.Value, b.Activity.Value, SqliteValues.Text(b.Date), SqliteValues.Code(b.Status), SqliteValues.Text(b.Arrival), SqliteValues.Text(b.Departure),
            b.Family.Value, b.Sequence, SqliteValues.Text(b.Cost), b.Transmitted, SqliteValues.Text(b.RecordedAt));

    public ChildBooking ToBooking() =>
        new(new ChildId(Child), new ActivityId(Activity), SqliteValues.Date(Date), SqliteValues.Status(Status), SqliteValues.Time(Arrival), SqliteValues.Time(Departure))
        {
            Family = new FamilyId(Family),
            Sequence = Sequence,
            Cost = SqliteValues.Money(Cost),
            Transmitted = Transmitted,
            RecordedAt = SqliteValues.Instant(RecordedAt),
        };
}

/// <summary>Source-generated JSON for the documents the store keeps as text.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReceiptDocument))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJson : JsonSerializerContext;
