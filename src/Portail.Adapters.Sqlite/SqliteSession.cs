using Microsoft.Data.Sqlite;

namespace Portail.Adapters.Sqlite;

/// <summary>A connection inside one transaction, with the few helpers the stores need. Parameters named <c>$name</c>; <see langword="null"/> is SQL NULL.</summary>
internal sealed class SqliteSession(SqliteConnection connection, SqliteTransaction transaction)
{
    /// <summary>A command in the session's transaction; the caller disposes it (reuse it in loops by changing <c>Parameters[name].Value</c>).</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Executes a statement; answers the number of rows changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or <see langword="null"/> when there is no row or it is NULL.</summary>
    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Every row, read by <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        return Read(command, read);
    }

    /// <summary>Every row of an already prepared command, read by <paramref name="read"/>.</summary>
    public static List<T> Read<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(read);
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
