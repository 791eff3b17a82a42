using Npgsql;
using NpgsqlTypes;
using Portail.Booking;

namespace Portail.Adapters.Postgres;

/// <summary>Small helpers to build commands with positional parameters and read bookings back.</summary>
internal static class PostgresCommands
{
    /// <summary>The columns <see cref="ReadBooking(NpgsqlDataReader, int)"/> reads, in order, from a table aliased <c>b</c>.</summary>
    public const string BookingColumns = "b.child, b.activity, b.day, b.family, b.status, b.sequence, b.arrival, b.departure, b.cost, b.transmitted, b.recorded_at";

    public static NpgsqlParameter Value<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    public static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

#pragma warning disable CA2100 // the SQL is this package's own; only the validated schema name is interpolated, values go in parameters
    public static NpgsqlBatchCommand Batch(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }
#pragma warning restore CA2100

    /// <summary>Reads a nullable <c>time</c> column.</summary>
    public static NodaTime.LocalTime? TimeAt(NpgsqlDataReader reader, int column) =>
        PostgresValues.Time(reader.IsDBNull(column) ? null : reader.GetFieldValue<TimeOnly>(column));

    /// <summary>Reads a booking from the <see cref="BookingColumns"/> at the start of the row.</summary>
    public static ChildBooking ReadBooking(NpgsqlDataReader reader) => ReadBooking(reader, 0);

    /// <summary>Reads a booking from the <see cref="BookingColumns"/> starting at <paramref name="at"/>.</summary>
    public static ChildBooking ReadBooking(NpgsqlDataReader reader, int at) =>
        new(
            new ChildId(reader.GetString(at)),
            new ActivityId(reader.GetString(at + 1)),
            PostgresValues.Date(reader.GetFieldValue<DateOnly>(at + 2)),
            PostgresValues.Status(reader.GetString(at + 4)),
            TimeAt(reader, at + 6),
            TimeAt(reader, at + 7))
        {
            Family = new FamilyId(reader.GetString(at + 3)),
            Sequence = reader.GetInt64(at + 5),
            Cost = reader.GetDecimal(at + 8),
            Transmitted = reader.GetBoolean(at + 9),
            RecordedAt = PostgresValues.Instant(reader.GetFieldValue<DateTime>(at + 10)),
        };

}
