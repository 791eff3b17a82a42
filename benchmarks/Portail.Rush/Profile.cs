using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Portail.Rush;

/// <summary>
/// Where a PostgreSQL validation's time goes (<c>--profile</c>). Npgsql traces every command and
/// batch it sends (one trace, one round trip), with the backend it went to: the driver sorts them
/// into the use case's reads and the commit's two batches, and measures, between the commit's
/// first batch (which takes the day locks) and its second (which writes and commits), the time the
/// client keeps the locks while it plans. When the server loads pg_stat_statements, it adds the
/// statements the server ran per validation, with their server time (lock waits included).
/// </summary>
internal sealed class Profile : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly string _connection;
    private readonly bool _statements;
    private readonly ConcurrentQueue<Trip> _trips = new();

    private Profile(string connection, bool statements)
    {
        _connection = connection;
        _statements = statements;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _trips.Enqueue(new Trip(
                a.GetTagItem("db.npgsql.connection_id") is int id ? id : 0,
                a.StartTimeUtc,
                a.Duration,
                a.GetTagItem("db.query.text") as string ?? string.Empty)),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts counting; resets pg_stat_statements when the server has it.</summary>
    public static async Task<Profile> StartAsync(string connection)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        var statements = false;
        try
        {
            await using var create = data.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            await using var reset = data.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync().ConfigureAwait(false);
            statements = true;
        }
        catch (PostgresException e)
        {
            await Console.Error.WriteLineAsync($"  (no statement profile: {e.MessageText}; build/postgres-for-rush.sh starts a server that loads pg_stat_statements)").ConfigureAwait(false);
        }

        return new Profile(connection, statements);
    }

    /// <summary>The profile per validation, as lines of text.</summary>
    public async Task<IReadOnlyList<string>> ReportAsync(int validations)
    {
        _listener.Dispose();
        var trips = _trips.ToList();
        var lines = new List<string>
        {
            Invariant($"Round trips per validation: {trips.Count / (double)validations:F2} (Npgsql commands and batches); client-side times, ms:"),
            "                                              per validation    mean     p50     p95",
        };
        var reads = trips.Where(t => t.Query.StartsWith("SELECT", StringComparison.Ordinal)).ToList();
        lines.Add(Row("reads before the commit (children, bookings)", reads.Count / (double)validations, reads.Select(t => t.Duration.TotalMilliseconds)));

        // The commit's batches: the first claims the submission; the next one on that backend writes and commits.
        var first = new List<Trip>();
        var gaps = new List<double>();
        var second = new List<Trip>();
        foreach (var backend in trips.GroupBy(t => t.Backend))
        {
            var ordered = backend.OrderBy(t => t.Start).ToList();
            for (var i = 0; i + 1 < ordered.Count; i++)
            {
                if (ordered[i].Query.Contains(".submission (tenant, id", StringComparison.Ordinal))
                {
                    first.Add(ordered[i]);
                    second.Add(ordered[i + 1]);
                    gaps.Add((ordered[i + 1].Start - (ordered[i].Start + ordered[i].Duration)).TotalMilliseconds);
                }
            }
        }

        lines.Add(Row("commit batch 1: claim, lock the days, read", first.Count / (double)validations, first.Select(t => t.Duration.TotalMilliseconds)));
        lines.Add(Row("  client between the batches, days locked", gaps.Count / (double)validations, gaps));
        lines.Add(Row("commit batch 2: write, COMMIT (days locked)", second.Count / (double)validations, second.Select(t => t.Duration.TotalMilliseconds)));
        if (!_statements)
        {
            return lines;
        }

        await using var data = NpgsqlDataSource.Create(_connection);
        await using var command = data.CreateCommand(
            "SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
            + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%' AND calls >= $1 ORDER BY total_exec_time DESC");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = validations / 10 });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        lines.Add("Statements per validation (pg_stat_statements): calls, server ms (lock waits included), statement");
        double calls = 0, ms = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var c = reader.GetInt64(0) / (double)validations;
            var t = reader.GetDouble(1) / validations;
            calls += c;
            ms += t;
            var query = reader.GetString(2);
            lines.Add(Invariant($"  {c,6:F2}  {t,7:F3}  {(query.Length > 100 ? query[..100] + "…" : query)}"));
        }

        lines.Add(Invariant($"  {calls,6:F2}  {ms,7:F3}  in all"));
        return lines;
    }

    public void Dispose() => _listener.Dispose();

    private static string Row(string label, double perValidation, IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return Invariant($"  {label,-44} {perValidation,6:F2}   {(sorted.Count == 0 ? double.NaN : sorted.Average()),7:F2} {At(0.5),7:F2} {At(0.95),7:F2}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Trip(int Backend, DateTime Start, TimeSpan Duration, string Query);
}
