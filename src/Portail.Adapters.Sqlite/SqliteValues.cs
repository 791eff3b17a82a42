using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Portail.Booking;
using Portail.Notifications;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// How values are written in the file (text that sorts and reads well in the <c>sqlite3</c> shell,
/// money exact) and what the store accepts at its boundary: every refusal is an
/// <see cref="ArgumentException"/> naming the field, thrown before anything is written.
/// </summary>
internal static class SqliteValues
{
    /// <summary>The longest name or school the store keeps.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The longest remark of a line result the store keeps.</summary>
    public const int MaxRemarkLength = 1000;

    // The codes written in the file, independent of the enums' names and order.
    private static readonly Codes<BookingStatus> Statuses = new(
        "booking status", (BookingStatus.Accepted, "accepted"), (BookingStatus.AwaitingAnswer, "awaiting_answer"), (BookingStatus.Waitlisted, "waitlisted"), (BookingStatus.Refused, "refused"));

    private static readonly Codes<RequestKind> Kinds = new("request kind", (RequestKind.Book, "book"), (RequestKind.Cancel, "cancel"));

    private static readonly Codes<LineOutcome> Outcomes = new(
        "line outcome",
        (LineOutcome.Accepted, "accepted"),
        (LineOutcome.Waitlisted, "waitlisted"),
        (LineOutcome.Refused, "refused"),
        (LineOutcome.AwaitingAnswer, "awaiting_answer"),
        (LineOutcome.Cancelled, "cancelled"),
        (LineOutcome.NotProcessed, "not_processed"));

    private static readonly InstantPattern Fixed = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.fffffffff'Z'");

    private static readonly Codes<OutboxState> States = new(
        "outbox state", (OutboxState.Pending, "pending"), (OutboxState.Sending, "sending"), (OutboxState.Sent, "sent"), (OutboxState.Failed, "failed"));

    private static readonly LocalDate FirstDate = new(1, 1, 1);
    private static readonly LocalDate LastDate = new(9999, 12, 31);

    // ISO text: dates sort as text; times and instants keep every nanosecond.
    public static string Text(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Text(LocalTime time) => LocalTimePattern.ExtendedIso.Format(time);

    public static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>An instant as fixed-width text (nine decimals, 30 characters), for the columns the store compares as text: "2023-05-04T18:00:00.000000000Z".</summary>
    public static string Sortable(Instant instant) => Fixed.Format(instant);

    /// <summary>Refuses an instant outside years 1 to 9999 (the file writes instants as sortable ISO text).</summary>
    public static Instant Instant(Instant instant, string field) =>
        instant.InUtc().Year is < 1 or > 9999
            ? throw new ArgumentException($"{field} is {instant}: the SQLite store keeps instants of years 1 to 9999.", field)
            : instant;

    // Money: the decimal's invariant text, never a floating-point REAL.
    public static string Text(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    public static string? Text(LocalTime? time) => time is { } t ? Text(t) : null;

    public static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).Value;

    public static LocalTime? Time(string? text) => text is null ? null : LocalTimePattern.ExtendedIso.Parse(text).Value;

    public static Instant Instant(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    public static Instant? InstantOrNull(string? text) => text is null ? null : Instant(text);

    public static decimal Money(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>The first and last day of an interval, clamped to the years the file can hold (a query over all time reads everything).</summary>
    public static (string First, string Last) Range(DateInterval days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return (Text(days.Start < FirstDate ? FirstDate : days.Start), Text(days.End > LastDate ? LastDate : days.End));
    }

    public static string Code(BookingStatus status) => Statuses.Code(status);

    public static BookingStatus Status(string code) => Statuses.Parse(code);

    public static string Code(RequestKind kind) => Kinds.Code(kind);

    public static RequestKind Kind(string code) => Kinds.Parse(code);

    public static string Code(LineOutcome outcome) => Outcomes.Code(outcome);

    public static string Code(OutboxState state) => States.Code(state);

    public static OutboxState State(string code) => States.Parse(code);

    public static LineOutcome Outcome(string code) => Outcomes.Parse(code);

    /// <summary>Refuses an id by the rule every store shares, <see cref="Identifier.Check"/>.</summary>
    public static string Id(string? value, string field) => Identifier.Check(value, field);

    /// <summary>Refuses an over-long or control-character text (a name, a school, a remark).</summary>
    public static string? Text(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw new ArgumentException($"{field} is {value.Length} characters long: the SQLite store keeps at most {maxLength}.", field);
        }

        return value is null ? null : NoControl(value, field);
    }

    /// <summary>Refuses a date outside years 1 to 9999 (the file writes dates as sortable ISO text).</summary>
    public static LocalDate Date(LocalDate date, string field) =>
        date < FirstDate || date > LastDate
            ? throw new ArgumentException($"{field} is {date}: the SQLite store keeps dates of years 1 to 9999.", field)
            : date;

    public static void Key(RequestKey key, string field)
    {
        Id(key.Child.Value, field + ".Child");
        Id(key.Activity.Value, field + ".Activity");
        Date(key.Date, field + ".Date");
    }

    private static string NoControl(string value, string field) =>
        value.Any(char.IsControl)
            ? throw new ArgumentException($"{field} holds a control character: the SQLite store refuses it.", field)
            : value;

    /// <summary>A two-way table between an enum and the codes the file holds.</summary>
    private sealed class Codes<T>(string what, params (T Value, string Code)[] pairs)
        where T : struct, Enum
    {
        private readonly Dictionary<T, string> _codes = pairs.ToDictionary(p => p.Value, p => p.Code);
        private readonly Dictionary<string, T> _values = pairs.ToDictionary(p => p.Code, p => p.Value, StringComparer.Ordinal);

        public string Code(T value) =>
            _codes.TryGetValue(value, out var code) ? code : throw new UnreachableException($"The {what} {value} has no code in the SQLite store.");

        public T Parse(string code) =>
            _values.TryGetValue(code, out var value) ? value : throw new InvalidDataException($"Unknown {what} '{code}' in the SQLite store.");
    }
}
