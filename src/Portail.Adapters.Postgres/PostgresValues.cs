using System.Diagnostics;
using NodaTime;
using Portail.Booking;

namespace Portail.Adapters.Postgres;

/// <summary>
/// The boundary between NodaTime and the typed ids on one side and Npgsql's types on the other, and
/// the checks of what may be stored: every argument is checked before a statement is sent, so that
/// bad input gives an <see cref="ArgumentException"/> naming the field, and writes nothing.
/// </summary>
internal static class PostgresValues
{
    public static DateOnly ToDb(LocalDate date) => date.ToDateOnly();

    public static LocalDate Date(DateOnly date) => LocalDate.FromDateOnly(date);

    public static TimeOnly? ToDb(LocalTime? time) => time?.ToTimeOnly();

    public static LocalTime? Time(TimeOnly? time) => time is { } t ? LocalTime.FromTimeOnly(t) : null;

    /// <summary>timestamptz keeps microseconds: an instant is stored to the microsecond.</summary>
    public static DateTime ToDb(Instant instant) => instant.ToDateTimeUtc();

    public static Instant Instant(DateTime utc) => NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static string ToDb(BookingStatus status) => status switch
    {
        BookingStatus.Accepted => "accepted",
        BookingStatus.AwaitingAnswer => "awaiting_answer",
        BookingStatus.Waitlisted => "waitlisted",
        BookingStatus.Refused => "refused",
        _ => throw new UnreachableException($"Unknown booking status {status}."),
    };

    public static BookingStatus Status(string status) => status switch
    {
        "accepted" => BookingStatus.Accepted,
        "awaiting_answer" => BookingStatus.AwaitingAnswer,
        "waitlisted" => BookingStatus.Waitlisted,
        "refused" => BookingStatus.Refused,
        _ => throw new InvalidOperationException($"The booking table holds an unknown status '{status}': the schema is newer than this package, or was changed by hand."),
    };

    public static string ToDb(RequestKind kind) => kind switch
    {
        RequestKind.Book => "book",
        RequestKind.Cancel => "cancel",
        _ => throw new UnreachableException($"Unknown request kind {kind}."),
    };

    public static RequestKind Kind(string kind) => kind switch
    {
        "book" => RequestKind.Book,
        "cancel" => RequestKind.Cancel,
        _ => throw new InvalidOperationException($"The basket_request table holds an unknown kind '{kind}': the schema is newer than this package, or was changed by hand."),
    };

    /// <summary>Checks an id (tenant, family, child, activity) by the rule every store shares, <see cref="Identifier.Check"/>.</summary>
    public static string Id(string? value, string field) => Identifier.Check(value, field);

    /// <summary>Checks a text: at most <paramref name="maxLength"/> characters and no NUL (PostgreSQL refuses it); <see langword="null"/> only when not <paramref name="required"/>.</summary>
    public static string? Text(string? value, string field, int maxLength, bool required)
    {
        if (value is null || (required && value.Length == 0))
        {
            if (required)
            {
                throw new ArgumentException($"{field} is empty: the PostgreSQL store needs it to record anything.", field);
            }

            return null;
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{field} is {value.Length} characters long; the PostgreSQL store keeps at most {maxLength} (it begins \"{value[..Math.Min(20, value.Length)]}…\"). Nothing was written.", field);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} contains a NUL character, which PostgreSQL cannot store. Nothing was written.", field);
        }

        return value;
    }

    /// <summary>Checks the tenant id.</summary>
    public static string Tenant(TenantId tenant) => Id(tenant.Value, "tenant");
}
