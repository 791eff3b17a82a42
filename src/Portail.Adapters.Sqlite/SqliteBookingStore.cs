using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodaTime;
using Portail.Booking;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// Bookings, day counts, waiting lists and receipts in SQLite (ARCHITECTURE.md must 4). A commit is
/// one <c>BEGIN IMMEDIATE</c> transaction: it holds the database's write lock while it reads the
/// days, calls the core's planner and writes the plan, so the counts the planner sees stay current
/// until its outcome is written. No rule is written in SQL: the counts are recounted from the rows
/// and checked against the plan, and a CHECK constraint backs capacity up.
/// </summary>
internal sealed class SqliteBookingStore(SqliteDatabase database) : IBookingStore
{
    private const string Columns = "child, activity, date, status, arrival, departure, family, sequence, cost, transmitted, recorded_at";

    /// <inheritdoc />
    public async ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(planner);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        Validate(commit);
        return await database.WriteAsync(s => Apply(s, t, commit, planner), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default) =>
        BookingsOfAsync(tenant, "child", SqliteValues.Id(child.Value, nameof(child)), days, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default) =>
        BookingsOfAsync(tenant, "family", SqliteValues.Id(family.Value, nameof(family)), days, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var ids = activities.Select(a => SqliteValues.Id(a.Value, nameof(activities))).Distinct().ToArray();
        var (first, last) = SqliteValues.Range(days);
        if (ids.Length == 0)
        {
            return [];
        }

        return await database.ReadAsync(
            s => s.Query(
                "SELECT activity, date, accepted, waitlisted FROM day WHERE tenant = $tenant AND activity IN (SELECT value FROM json_each($activities)) "
                + "AND date BETWEEN $first AND $last ORDER BY activity, date",
                r => new DayCount(new ActivityId(r.GetString(0)), SqliteValues.Date(r.GetString(1)), r.GetInt32(2), r.GetInt32(3)),
                ("$tenant", t),
                ("$activities", JsonSerializer.Serialize(ids, SqliteJson.Default.StringArray)),
                ("$first", first),
                ("$last", last)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey day, ActivityLimits limits, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        SqliteValues.Id(day.Activity.Value, nameof(day) + ".Activity");
        SqliteValues.Date(day.Date, nameof(day) + ".Date");
        return await database.ReadAsync(s => Ledger(s, t, day, limits), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey day, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var activity = SqliteValues.Id(day.Activity.Value, nameof(day) + ".Activity");
        var date = SqliteValues.Text(SqliteValues.Date(day.Date, nameof(day) + ".Date"));
        return await database.ReadAsync(
            s => s.Query($"SELECT {Columns} FROM booking WHERE tenant = $tenant AND activity = $activity AND date = $date ORDER BY sequence", ReadBooking, ("$tenant", t), ("$activity", activity), ("$date", date)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.ReadAsync(
            s => s.Query($"SELECT {Columns} FROM booking WHERE tenant = $tenant AND status = 'awaiting_answer' ORDER BY sequence", ReadBooking, ("$tenant", t)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.ReadAsync(s => Receipt(s, t, submissionId), cancellationToken).ConfigureAwait(false);
    }

    private static CommitReceipt? Receipt(SqliteSession s, string tenant, Guid submissionId)
    {
        var id = submissionId.ToString("D");
        if (s.Scalar("SELECT receipt FROM submission WHERE tenant = $tenant AND id = $id", ("$tenant", tenant), ("$id", id)) is not string stored)
        {
            return null;
        }

        var document = JsonSerializer.Deserialize(stored, SqliteJson.Default.ReceiptDocument)
            ?? throw new InvalidDataException($"The receipt of submission {id} is empty in the SQLite store.");
        return document.ToReceipt(submissionId, replayed: true);
    }

    // The bookings of one child or one family (the column) on the days, in day then validation order.
    private async ValueTask<IReadOnlyList<ChildBooking>> BookingsOfAsync(TenantId tenant, string column, string id, DateInterval days, CancellationToken cancellationToken)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var (first, last) = SqliteValues.Range(days);
        return await database.ReadAsync(
            s => s.Query(
                $"SELECT {Columns} FROM booking WHERE tenant = $tenant AND {column} = $id AND date BETWEEN $first AND $last ORDER BY date, sequence",
                ReadBooking,
                ("$tenant", t),
                ("$id", id),
                ("$first", first),
                ("$last", last)),
            cancellationToken).ConfigureAwait(false);
    }

    // Everything a commit may carry is checked before the transaction starts: a refusal writes nothing.
    // The core checks what every store refuses; the file adds the years and texts it can hold.
    private static void Validate(BookingCommit commit)
    {
        commit.ThrowIfMalformed();
        var year = commit.At.InUtc().Year;
        if (year is < 1 or > 9999)
        {
            throw new ArgumentException($"commit.At is {commit.At}: the SQLite store keeps instants of years 1 to 9999.", "commit.At");
        }

        for (var i = 0; i < commit.Bookings.Count; i++)
        {
            SqliteValues.Date(commit.Bookings[i].Key.Date, $"commit.Bookings[{i}].Key.Date");
        }

        for (var i = 0; i < commit.Cancellations.Count; i++)
        {
            SqliteValues.Date(commit.Cancellations[i].Date, $"commit.Cancellations[{i}].Date");
        }

        for (var i = 0; i < commit.Answers.Count; i++)
        {
            SqliteValues.Date(commit.Answers[i].Key.Date, $"commit.Answers[{i}].Key.Date");
        }

        for (var i = 0; i < commit.CapacityChanges.Count; i++)
        {
            SqliteValues.Date(commit.CapacityChanges[i].Day.Date, $"commit.CapacityChanges[{i}].Day.Date");
        }

        for (var i = 0; i < commit.Rejected.Count; i++)
        {
            SqliteValues.Text(commit.Rejected[i].Remark, $"commit.Rejected[{i}].Remark", SqliteValues.MaxRemarkLength);
        }
    }

    private static CommitReceipt Apply(SqliteSession s, string tenant, BookingCommit commit, CommitPlanner planner)
    {
        if (Receipt(s, tenant, commit.SubmissionId) is { } first)
        {
            return first;
        }

        var days = commit.Days.ToDictionary(d => d, d => Ledger(s, tenant, d, commit.Limits[d.Activity]));
        var existing = Existing(s, tenant, commit.Keys);
        var last = s.Scalar("SELECT last FROM tenant_sequence WHERE tenant = $tenant", ("$tenant", tenant)) as long? ?? 0;
        var sequence = last;
        var plan = planner(commit, days, existing, () => ++sequence);

        if (plan.Inserted.Any(b => b.Sequence <= last || b.Sequence > sequence))
        {
            throw new InvalidOperationException($"The plan inserts bookings with sequence numbers the store did not hand out (after {last}, up to {sequence}); nothing was written.");
        }

        WriteBookings(s, tenant, commit, plan);
        if (sequence > last)
        {
            s.Execute(
                "INSERT INTO tenant_sequence (tenant, last) VALUES ($tenant, $last) ON CONFLICT (tenant) DO UPDATE SET last = excluded.last",
                ("$tenant", tenant),
                ("$last", sequence));
        }

        WriteDays(s, tenant, commit, plan);
        s.Execute(
            "INSERT INTO submission (tenant, id, committed_at, receipt) VALUES ($tenant, $id, $at, $receipt)",
            ("$tenant", tenant),
            ("$id", commit.SubmissionId.ToString("D")),
            ("$at", SqliteValues.Text(commit.At)),
            ("$receipt", JsonSerializer.Serialize(ReceiptDocument.From(plan), SqliteJson.Default.ReceiptDocument)));
        WriteJournal(s, tenant, CommitJournal.Of(new TenantId(tenant), commit, plan));
        return new CommitReceipt(commit.SubmissionId, false, plan.Results, plan.Promoted);
    }

    /// <inheritdoc />
    public async ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planner);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        SqliteValues.Instant(until, nameof(until));
        return await database.WriteAsync(s => Transmit(s, t, until, planner), cancellationToken).ConfigureAwait(false);
    }

    // The movements and the promotions' mails of a commit, in its transaction (ARCHITECTURE.md must 6).
    private static void WriteJournal(SqliteSession s, string tenant, CommitJournal journal)
    {
        using (var insert = s.Command(
            "INSERT INTO booking_movement (tenant, submission, child, activity, date, kind, family, status, recorded_at) "
            + "VALUES ($tenant, $submission, $child, $activity, $date, $kind, $family, $status, $at)",
            ("$tenant", tenant), ("$submission", null), ("$child", null), ("$activity", null), ("$date", null), ("$kind", null), ("$family", null), ("$status", null), ("$at", null)))
        {
            foreach (var m in journal.Movements)
            {
                SetKey(insert, m.Key);
                insert.Parameters["$submission"].Value = m.Submission.ToString("D");
                insert.Parameters["$kind"].Value = SqliteValues.Code(m.Kind);
                insert.Parameters["$family"].Value = m.Family.Value;
                insert.Parameters["$status"].Value = SqliteValues.Code(m.Status);
                insert.Parameters["$at"].Value = SqliteValues.Sortable(m.At);
                insert.ExecuteNonQuery();
            }
        }

        SqliteMailOutbox.Insert(s, journal.Mails);
    }

    // Under the write lock: nothing is recorded between what is read, what the planner decides and what is marked.
    private static TransmissionResult Transmit(SqliteSession s, string tenant, Instant until, TransmissionPlanner planner)
    {
        var bound = SqliteValues.Sortable(until);
        var movements = s.Query(
            "SELECT submission, family, child, activity, date, kind, status, recorded_at FROM booking_movement "
            + "WHERE tenant = $tenant AND transmitted = 0 AND recorded_at < $until ORDER BY recorded_at, submission, child, activity, date, kind",
            r => new BookingMovement(
                Guid.Parse(r.GetString(0)),
                new FamilyId(r.GetString(1)),
                new RequestKey(new ChildId(r.GetString(2)), new ActivityId(r.GetString(3)), SqliteValues.Date(r.GetString(4))),
                SqliteValues.Kind(r.GetString(5)),
                SqliteValues.Status(r.GetString(6)),
                SqliteValues.Instant(r.GetString(7))),
            ("$tenant", tenant),
            ("$until", bound));
        var mails = planner(movements, SqliteFamilyDirectory.Contacts(s, tenant, movements.Select(m => m.Family.Value)));
        SqliteMailOutbox.Check(mails, "planner's mails");
        var reports = SqliteMailOutbox.Insert(s, mails);
        s.Execute("UPDATE booking_movement SET transmitted = 1 WHERE tenant = $tenant AND transmitted = 0 AND recorded_at < $until", ("$tenant", tenant), ("$until", bound));

        // booking.recorded_at is ISO text of varying width: compared as instants, here.
        var bookings = s.Query(
            "SELECT child, activity, date, recorded_at FROM booking WHERE tenant = $tenant AND transmitted = 0",
            r => (Key: new RequestKey(new ChildId(r.GetString(0)), new ActivityId(r.GetString(1)), SqliteValues.Date(r.GetString(2))), At: SqliteValues.Instant(r.GetString(3))),
            ("$tenant", tenant))
            .Where(b => b.At < until).ToList();
        using var mark = s.Command(
            "UPDATE booking SET transmitted = 1 WHERE tenant = $tenant AND child = $child AND activity = $activity AND date = $date",
            ("$tenant", tenant), ("$child", null), ("$activity", null), ("$date", null));
        foreach (var booking in bookings)
        {
            SetKey(mark, booking.Key);
            mark.ExecuteNonQuery();
        }

        return new TransmissionResult(movements.Count, bookings.Count, reports);
    }

    // The day as arbitration sees it: the agent's capacity or the activity's, the count, the waiting list in validation order.
    private static DayLedger Ledger(SqliteSession s, string tenant, DayKey day, ActivityLimits limits)
    {
        var parameters = DayParameters(tenant, day);
        var row = s.Query(
            "SELECT capacity_override, accepted FROM day WHERE tenant = $tenant AND activity = $activity AND date = $date",
            r => (Override: r.IsDBNull(0) ? (int?)null : r.GetInt32(0), Accepted: r.GetInt32(1)),
            parameters);
        var waiting = s.Query(
            $"SELECT {Columns} FROM booking WHERE tenant = $tenant AND activity = $activity AND date = $date AND status = 'waitlisted' ORDER BY sequence",
            ReadBooking,
            parameters);
        var (capacity, accepted) = row.Count == 0 ? (null, 0) : row[0];
        return new DayLedger(day, capacity ?? limits.Capacity, limits.WaitlistSize, accepted, waiting);
    }

    private static (string, object?)[] DayParameters(string tenant, DayKey day) =>
        [("$tenant", tenant), ("$activity", day.Activity.Value), ("$date", SqliteValues.Text(day.Date))];

    private static Dictionary<RequestKey, ChildBooking> Existing(SqliteSession s, string tenant, IEnumerable<RequestKey> keys)
    {
        var existing = new Dictionary<RequestKey, ChildBooking>();
        using var select = s.Command(
            $"SELECT {Columns} FROM booking WHERE tenant = $tenant AND child = $child AND activity = $activity AND date = $date",
            ("$tenant", tenant),
            ("$child", null),
            ("$activity", null),
            ("$date", null));
        foreach (var key in keys.Distinct())
        {
            SetKey(select, key);
            foreach (var booking in SqliteSession.Read(select, ReadBooking))
            {
                existing[key] = booking;
            }
        }

        return existing;
    }

    private static void WriteBookings(SqliteSession s, string tenant, BookingCommit commit, CommitPlan plan)
    {
        // Every day of the commit has its row before a booking references it.
        using (var day = s.Command("INSERT INTO day (tenant, activity, date) VALUES ($tenant, $activity, $date) ON CONFLICT DO NOTHING", DayParameters(tenant, default)))
        {
            foreach (var key in commit.Days)
            {
                day.Parameters["$activity"].Value = key.Activity.Value;
                day.Parameters["$date"].Value = SqliteValues.Text(key.Date);
                day.ExecuteNonQuery();
            }
        }

        using (var delete = s.Command(
            "DELETE FROM booking WHERE tenant = $tenant AND child = $child AND activity = $activity AND date = $date",
            ("$tenant", tenant),
            ("$child", null),
            ("$activity", null),
            ("$date", null)))
        {
            foreach (var booking in plan.Deleted)
            {
                SetKey(delete, booking.Key);
                ExpectOneRow(delete, "delete", booking);
            }
        }

        using (var update = s.Command(
            "UPDATE booking SET family = $family, status = $status, sequence = $sequence, cost = $cost, transmitted = $transmitted, recorded_at = $recorded_at, "
            + "arrival = $arrival, departure = $departure WHERE tenant = $tenant AND child = $child AND activity = $activity AND date = $date",
            BookingParameters(tenant)))
        {
            foreach (var booking in plan.Updated)
            {
                SetBooking(update, booking);
                ExpectOneRow(update, "update", booking);
            }
        }

        using var insert = s.Command(
            $"INSERT INTO booking (tenant, {Columns}) VALUES ($tenant, $child, $activity, $date, $status, $arrival, $departure, $family, $sequence, $cost, $transmitted, $recorded_at)",
            BookingParameters(tenant));
        foreach (var booking in plan.Inserted)
        {
            SetBooking(insert, booking);
            insert.ExecuteNonQuery();
        }
    }

    // Capacity and counts of every day of the commit: counted from the rows, checked against the plan.
    // SQLite evaluates the right-hand sides on the row as it was, so the allowance is the count the commit found.
    private static void WriteDays(SqliteSession s, string tenant, BookingCommit commit, CommitPlan plan)
    {
        var changes = commit.CapacityChanges.GroupBy(c => c.Day).ToDictionary(g => g.Key, g => g.Last().Capacity);
        var planned = plan.Days.ToDictionary(d => d.Key);
        const string NewOverride = "(CASE WHEN $changed THEN $override ELSE capacity_override END)";
        using var update = s.Command(
            $"UPDATE day SET capacity_override = {NewOverride}, capacity = coalesce({NewOverride}, $limit), "
            + $"over_capacity_allowance = CASE WHEN accepted > coalesce({NewOverride}, $limit) THEN accepted ELSE 0 END, "
            + "accepted = (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'accepted'), "
            + "waitlisted = (SELECT count(*) FROM booking b WHERE b.tenant = day.tenant AND b.activity = day.activity AND b.date = day.date AND b.status = 'waitlisted') "
            + "WHERE tenant = $tenant AND activity = $activity AND date = $date RETURNING capacity, accepted, waitlisted",
            [.. DayParameters(tenant, default), ("$changed", false), ("$override", null), ("$limit", null)]);
        foreach (var key in commit.Days)
        {
            var changed = changes.TryGetValue(key, out var capacity);
            update.Parameters["$activity"].Value = key.Activity.Value;
            update.Parameters["$date"].Value = SqliteValues.Text(key.Date);
            update.Parameters["$changed"].Value = changed;
            update.Parameters["$override"].Value = (object?)capacity ?? DBNull.Value;
            update.Parameters["$limit"].Value = (object?)commit.Limits[key.Activity].Capacity ?? DBNull.Value;
            var row = SqliteSession.Read(update, r => (Capacity: r.IsDBNull(0) ? (int?)null : r.GetInt32(0), Accepted: r.GetInt32(1), Waitlisted: r.GetInt32(2))).Single();
            if (!planned.TryGetValue(key, out var day) || (day.Capacity, day.Accepted, day.Waiting.Count) != row)
            {
                throw new InvalidOperationException(
                    $"Day {key.Activity} {SqliteValues.Text(key.Date)}: the plan leaves {day?.Accepted} accepted and {day?.Waiting.Count} waiting for {day?.Capacity} places, "
                    + $"the rows {row.Accepted} and {row.Waitlisted} for {row.Capacity}; nothing was written.");
            }
        }
    }

    private static (string, object?)[] BookingParameters(string tenant) =>
    [
        ("$tenant", tenant), ("$child", null), ("$activity", null), ("$date", null), ("$status", null), ("$arrival", null), ("$departure", null),
        ("$family", null), ("$sequence", null), ("$cost", null), ("$transmitted", null), ("$recorded_at", null),
    ];

    private static void SetKey(SqliteCommand command, RequestKey key)
    {
        command.Parameters["$child"].Value = key.Child.Value;
        command.Parameters["$activity"].Value = key.Activity.Value;
        command.Parameters["$date"].Value = SqliteValues.Text(key.Date);
    }

    private static void SetBooking(SqliteCommand command, ChildBooking booking)
    {
        SetKey(command, booking.Key);
        command.Parameters["$status"].Value = SqliteValues.Code(booking.Status);
        command.Parameters["$arrival"].Value = (object?)SqliteValues.Text(booking.Arrival) ?? DBNull.Value;
        command.Parameters["$departure"].Value = (object?)SqliteValues.Text(booking.Departure) ?? DBNull.Value;
        command.Parameters["$family"].Value = SqliteValues.Id(booking.Family.Value, "booking.Family");
        command.Parameters["$sequence"].Value = booking.Sequence;
        command.Parameters["$cost"].Value = SqliteValues.Text(booking.Cost);
        command.Parameters["$transmitted"].Value = booking.Transmitted ? 1 : 0;
        command.Parameters["$recorded_at"].Value = SqliteValues.Text(booking.RecordedAt);
    }

    private static void ExpectOneRow(SqliteCommand command, string verb, ChildBooking booking)
    {
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"The plan would {verb} the booking of {booking.Child} for {booking.Activity} on {SqliteValues.Text(booking.Date)}, which is not stored; nothing was written.");
        }
    }

    private static ChildBooking ReadBooking(SqliteDataReader r) =>
        new(new ChildId(r.GetString(0)), new ActivityId(r.GetString(1)), SqliteValues.Date(r.GetString(2)), SqliteValues.Status(r.GetString(3)),
            SqliteValues.Time(r.IsDBNull(4) ? null : r.GetString(4)), SqliteValues.Time(r.IsDBNull(5) ? null : r.GetString(5)))
        {
            Family = new FamilyId(r.GetString(6)),
            Sequence = r.GetInt64(7),
            Cost = SqliteValues.Money(r.GetString(8)),
            Transmitted = r.GetInt64(9) != 0,
            RecordedAt = SqliteValues.Instant(r.GetString(10)),
        };
}
