using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NodaTime.Text;
using Portail.Booking;

namespace Portail.Rush;

/// <summary>
/// The SQLite ceiling: the statements <c>SqliteFamilyDirectory</c> and <c>SqliteBookingStore</c>
/// run for one validation (their SQL, copied), run by a plain Microsoft.Data.Sqlite loop with the
/// same number of clients on the same file, in a tenant of its own, on the same baskets. Each client
/// keeps one connection and its prepared commands; writers queue on one in-process lock and then
/// <c>BEGIN IMMEDIATE</c>, as the adapter does, so that no one sleeps in SQLite's busy handler. The
/// only rule is the arbitration of the hot day, done inline. No Portail code runs.
/// </summary>
internal sealed class SqliteCeiling : IDisposable
{
    public static readonly TenantId Tenant = new("rush-ceiling");

    private const string Columns = "child, activity, date, status, arrival, departure, family, sequence, cost, transmitted, recorded_at";

    private readonly Scenario _scenario;
    private readonly string _now;
    private readonly string _receipt;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _children;
    private readonly SqliteCommand _childBookings;
    private readonly SqliteCommand _submitted;
    private readonly SqliteCommand _day;
    private readonly SqliteCommand _waiting;
    private readonly SqliteCommand _existing;
    private readonly SqliteCommand _lastSequence;
    private readonly SqliteCommand _ensureDay;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _saveSequence;
    private readonly SqliteCommand _writeDay;
    private readonly SqliteCommand _submission;

    private SqliteCeiling(Scenario scenario, string connectionString, bool durable, string receipt)
    {
        _scenario = scenario;
        _now = InstantPattern.ExtendedIso.Format(scenario.Now);
        _receipt = receipt;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = $"PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = {(durable ? "FULL" : "NORMAL")};";
            pragmas.ExecuteNonQuery();
        }

        _children = Command("SELECT id, family, last_name, first_name, birth_date, school, enrolments FROM child WHERE tenant = $tenant AND family = $family ORDER BY position", "$family");
        _childBookings = Command($"SELECT {Columns} FROM booking WHERE tenant = $tenant AND child = $id AND date BETWEEN $first AND $last ORDER BY date, sequence", "$id", "$first", "$last");
        _submitted = Command("SELECT receipt FROM submission WHERE tenant = $tenant AND id = $id", "$id");
        _day = Command("SELECT capacity_override, accepted FROM day WHERE tenant = $tenant AND activity = $activity AND date = $date", "$activity", "$date");
        _waiting = Command($"SELECT {Columns} FROM booking WHERE tenant = $tenant AND activity = $activity AND date = $date AND status = 'waitlisted' ORDER BY sequence", "$activity", "$date");
        _existing = Command($"SELECT {Columns} FROM booking WHERE tenant = $tenant AND child = $child AND activity = $activity AND date = $date", "$child", "$activity", "$date");
        _lastSequence = Command("SELECT last FROM tenant_sequence WHERE tenant = $tenant");
        _ensureDay = Command("INSERT INTO day (tenant, activity, date) VALUES ($tenant, $activity, $date) ON CONFLICT DO NOTHING", "$activity", "$date");
        _insert = Command(
            $"INSERT INTO booking (tenant, {Columns}) VALUES ($tenant, $child, $activity, $date, $status, $arrival, $departure, $family, $sequence, $cost, $transmitted, $recorded_at)",
            "$child", "$activity", "$date", "$status", "$arrival", "$departure", "$family", "$sequence", "$cost", "$transmitted", "$recorded_at");
        _saveSequence = Command("INSERT INTO tenant_sequence (tenant, last) VALUES ($tenant, $last) ON CONFLICT (tenant) DO UPDATE SET last = excluded.last", "$last");
        const string NewOverride = "(CASE WHEN $changed THEN $override ELSE capacity_override END)";
        _writeDay = Command(
            $"UPDATE day SET capacity_override = {NewOverride}, capacity = coalesce({NewOverride}, $limit), "
            + $"over_capacity_allowance = CASE WHEN accepted > coalesce({NewOverride}, $limit) THEN accepted ELSE 0 END, "
            + "accepted = (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'accepted'), "
            + "waitlisted = (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'waitlisted') "
            + "WHERE tenant = $tenant AND activity = $activity AND date = $date RETURNING capacity, accepted, waitlisted",
            "$activity", "$date", "$changed", "$override", "$limit");
        _submission = Command("INSERT INTO submission (tenant, id, committed_at, receipt) VALUES ($tenant, $id, $at, $receipt)", "$id", "$at", "$receipt");
    }

    /// <summary>Validates every family's basket again in <see cref="Tenant"/>, <paramref name="clients"/> threads at once.</summary>
    public static Measurement Run(Scenario scenario, string connectionString, bool durable, int clients, Action advance)
    {
        var receipt = SampleReceipt(connectionString);
        var gate = new Lock();
        var next = -1;
        var records = new ValidationRecord[scenario.Families.Count];
        var threads = Enumerable.Range(0, Math.Min(clients, scenario.Families.Count)).Select(_ => new Thread(() =>
        {
            using var client = new SqliteCeiling(scenario, connectionString, durable, receipt);
            int i;
            while ((i = Interlocked.Increment(ref next)) < records.Length)
            {
                records[i] = client.Validate(scenario.Families[i], gate);
                advance();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return Measurement.Of($"raw Microsoft.Data.Sqlite loop, {clients} clients", records);
    }

    public void Dispose()
    {
        foreach (var command in new[] { _children, _childBookings, _submitted, _day, _waiting, _existing, _lastSequence, _ensureDay, _insert, _saveSequence, _writeDay, _submission })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    // A receipt of Portail's run, so that the ceiling writes as many bytes per submission.
    private static string SampleReceipt(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT receipt FROM submission WHERE tenant = $tenant LIMIT 1";
        command.Parameters.AddWithValue("$tenant", Scenario.TenantId.Value);
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException("Portail's run left no receipt to copy for the ceiling.");
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", Tenant.Value);
        foreach (var name in parameters)
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        command.Prepare();
        return command;
    }

    private static int Drain(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            for (var c = 0; c < reader.FieldCount; c++)
            {
                _ = reader.GetValue(c);
            }

            rows++;
        }

        return rows;
    }

    private static string Text(NodaTime.LocalDate date) => LocalDatePattern.Iso.Format(date);

    private ValidationRecord Validate(RushFamily family, Lock gate)
    {
        var start = Stopwatch.GetTimestamp();

        // What the use case reads before it commits: the children, then each child's bookings.
        _children.Parameters["$family"].Value = family.Id.Value;
        Drain(_children);
        var requests = family.Basket.Requests.ToList();
        _childBookings.Parameters["$first"].Value = Text(requests.Min(r => r.Key.Date));
        _childBookings.Parameters["$last"].Value = Text(requests.Max(r => r.Key.Date));
        foreach (var child in family.Children)
        {
            _childBookings.Parameters["$id"].Value = child.Id.Value;
            Drain(_childBookings);
        }

        var days = requests.Select(r => new DayKey(r.Key.Activity, r.Key.Date)).Distinct()
            .OrderBy(d => d.Activity.Value, StringComparer.Ordinal).ThenBy(d => d.Date).ToList();
        char[] outcomes;
        lock (gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            foreach (var command in new[] { _submitted, _day, _waiting, _existing, _lastSequence, _ensureDay, _insert, _saveSequence, _writeDay, _submission })
            {
                command.Transaction = transaction;
            }

            var id = Guid.NewGuid().ToString("D");
            _submitted.Parameters["$id"].Value = id;
            Drain(_submitted);
            var accepted = new Dictionary<DayKey, (int Accepted, int Waiting)>();
            foreach (var day in days)
            {
                SetDay(_day, day);
                using (var reader = _day.ExecuteReader())
                {
                    accepted[day] = (reader.Read() ? reader.GetInt32(1) : 0, 0);
                }

                SetDay(_waiting, day);
                accepted[day] = accepted[day] with { Waiting = Drain(_waiting) };
            }

            foreach (var request in requests)
            {
                SetDay(_existing, new DayKey(request.Key.Activity, request.Key.Date));
                _existing.Parameters["$child"].Value = request.Key.Child.Value;
                Drain(_existing);
            }

            var sequence = _lastSequence.ExecuteScalar() as long? ?? 0;

            // The one rule, inline: places first, then the waiting list, then refused.
            outcomes = new char[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                var day = new DayKey(requests[i].Key.Activity, requests[i].Key.Date);
                var limits = _scenario.Limits(day.Activity);
                var (a, w) = accepted[day];
                outcomes[i] = limits.Capacity is null || a < limits.Capacity ? 'A' : w < limits.WaitlistSize ? 'W' : 'R';
                accepted[day] = outcomes[i] switch { 'A' => (a + 1, w), 'W' => (a, w + 1), _ => (a, w) };
            }

            foreach (var day in days)
            {
                SetDay(_ensureDay, day);
                _ensureDay.ExecuteNonQuery();
            }

            for (var i = 0; i < requests.Count; i++)
            {
                var key = requests[i].Key;
                SetDay(_insert, new DayKey(key.Activity, key.Date));
                var p = _insert.Parameters;
                p["$child"].Value = key.Child.Value;
                p["$status"].Value = outcomes[i] switch { 'A' => "accepted", 'W' => "waitlisted", _ => "refused" };
                p["$family"].Value = family.Id.Value;
                p["$sequence"].Value = ++sequence;
                p["$cost"].Value = (_scenario.Tenant.FindActivity(key.Activity)?.Price ?? 0).ToString(CultureInfo.InvariantCulture);
                p["$transmitted"].Value = 0;
                p["$recorded_at"].Value = _now;
                _insert.ExecuteNonQuery();
            }

            _saveSequence.Parameters["$last"].Value = sequence;
            _saveSequence.ExecuteNonQuery();
            foreach (var day in days)
            {
                SetDay(_writeDay, day);
                _writeDay.Parameters["$changed"].Value = false;
                _writeDay.Parameters["$limit"].Value = (object?)_scenario.Limits(day.Activity).Capacity ?? DBNull.Value;
                Drain(_writeDay);
            }

            _submission.Parameters["$id"].Value = id;
            _submission.Parameters["$at"].Value = _now;
            _submission.Parameters["$receipt"].Value = _receipt;
            _submission.ExecuteNonQuery();
            transaction.Commit();
        }

        return new ValidationRecord(family.Index, start, Stopwatch.GetTimestamp(), new string(outcomes), null);
    }

    private static void SetDay(SqliteCommand command, DayKey day)
    {
        command.Parameters["$activity"].Value = day.Activity.Value;
        command.Parameters["$date"].Value = Text(day.Date);
    }
}
