using System.Data;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Portail.Booking;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// Bookings, day counts and waiting lists in PostgreSQL (ARCHITECTURE.md must 4). A commit is one
/// READ COMMITTED transaction of two batched round trips:
/// <list type="number">
/// <item>claim the submission id (a second commit of the id waits for the first, then finds it),
/// make sure a <c>booking_day</c> row exists for every day of <see cref="BookingCommit.Days"/>, lock
/// those rows in that order (<c>FOR UPDATE</c>: no deadlock between commits), then — the days held —
/// draw the sequence numbers and read the waiting lists and the bookings the commit names;</item>
/// <item>after the core's planner has decided, write its plan: bookings deleted, updated, inserted,
/// the day counts (as differences, so that the <c>booking_day_within_capacity</c> constraint would
/// catch a count computed without the lock), capacity overrides, the receipt, and COMMIT.</item>
/// </list>
/// No rule is written in SQL: the planner decides, the store only holds the days while it does.
/// </summary>
internal sealed class PostgresBookingStore : IBookingStore
{
    private readonly PostgresDatabase _database;
    private readonly string _claim;
    private readonly string _ensureDays;
    private readonly string _lockDays;
    private readonly string _drawSequence;
    private readonly string _readWaiting;
    private readonly string _readExisting;
    private readonly string _delete;
    private readonly string _update;
    private readonly string _insert;
    private readonly string _writeDays;
    private readonly string _writeReceipt;
    private readonly string _readReceipt;
    private readonly string _childBookings;
    private readonly string _familyBookings;
    private readonly string _dayCounts;
    private readonly string _day;
    private readonly string _awaiting;
    private readonly string _dayBookings;
    private readonly string _writeMovements;
    private readonly string _transmissionLock;
    private readonly string _untransmittedDays;
    private readonly string _pendingMovements;
    private readonly string _pendingContacts;
    private readonly string _markMovements;
    private readonly string _markBookings;

    public PostgresBookingStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        const string BookingArrays = "$2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::bigint[], $8::time[], $9::time[], $10::numeric[], $11::boolean[], $12::timestamptz[]";
        const string BookingFields = "child, activity, day, family, status, sequence, arrival, departure, cost, transmitted, recorded_at";
        _claim = $"INSERT INTO {s}.submission (tenant, id, family, submitted_at) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant, id) DO NOTHING";
        // Only the days not already there are tried: ON CONFLICT on an existing row would wait for each
        // commit updating it, and every commit queued on a hot day would wake up at each COMMIT.
        _ensureDays = $"""
            INSERT INTO {s}.booking_day (tenant, activity, day)
            SELECT $1, k.activity, k.day FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS k(activity, day, n)
            WHERE NOT EXISTS (SELECT 1 FROM {s}.booking_day d WHERE d.tenant = $1 AND d.activity = k.activity AND d.day = k.day)
            ORDER BY k.n
            ON CONFLICT (tenant, activity, day) DO NOTHING
            """;
        // The lookups by key go through LATERAL subqueries fenced by OFFSET 0, so that each is an index
        // scan on the full key whatever the statistics say (a new tenant looks tiny to the planner until
        // ANALYZE runs, and it would rather scan all of the tenant's rows and filter them).
        // The days are locked one after the other in the order of the array, which is commit.Days.
        _lockDays = $"""
            SELECT d.activity, d.day, d.capacity_override, d.accepted, d.waitlisted, d.arbitrated_capacity
            FROM unnest($2::text[], $3::date[]) WITH ORDINALITY AS k(activity, day, n)
            CROSS JOIN LATERAL (SELECT * FROM {s}.booking_day d WHERE d.tenant = $1 AND d.activity = k.activity AND d.day = k.day OFFSET 0 FOR UPDATE) d
            ORDER BY k.n
            """;
        _drawSequence = $"SELECT nextval('{s}.booking_sequence') FROM generate_series(1, $1)";
        _readWaiting = $"""
            SELECT {BookingColumns} FROM unnest($2::text[], $3::date[]) AS k(activity, day)
            CROSS JOIN LATERAL (SELECT * FROM {s}.booking b WHERE b.tenant = $1 AND b.activity = k.activity AND b.day = k.day AND b.status = 'waitlisted' OFFSET 0) b
            ORDER BY b.sequence
            """;
        _readExisting = $"""
            SELECT {BookingColumns} FROM unnest($2::text[], $3::text[], $4::date[]) AS k(child, activity, day)
            CROSS JOIN LATERAL (SELECT * FROM {s}.booking b WHERE b.tenant = $1 AND b.child = k.child AND b.activity = k.activity AND b.day = k.day OFFSET 0) b
            """;
        _delete = $"""
            DELETE FROM {s}.booking b USING unnest($2::text[], $3::text[], $4::date[]) AS k(child, activity, day)
            WHERE b.tenant = $1 AND b.child = k.child AND b.activity = k.activity AND b.day = k.day
            """;
        _update = $"""
            UPDATE {s}.booking b SET family = u.family, status = u.status, sequence = u.sequence, arrival = u.arrival, departure = u.departure,
                cost = u.cost, transmitted = u.transmitted, recorded_at = u.recorded_at
            FROM unnest({BookingArrays}) AS u({BookingFields})
            WHERE b.tenant = $1 AND b.child = u.child AND b.activity = u.activity AND b.day = u.day
            """;
        _insert = $"""
            INSERT INTO {s}.booking (tenant, {BookingFields})
            SELECT $1, u.* FROM unnest({BookingArrays}) AS u({BookingFields})
            """;
        _writeDays = $"""
            UPDATE {s}.booking_day d SET
                accepted = d.accepted + u.accepted,
                waitlisted = d.waitlisted + u.waitlisted,
                capacity_override = CASE WHEN u.override_set THEN u.override ELSE d.capacity_override END,
                arbitrated_capacity = u.capacity,
                over_capacity_allowance = CASE WHEN u.capacity IS NOT NULL AND d.accepted > u.capacity THEN d.accepted ELSE 0 END
            FROM unnest($2::text[], $3::date[], $4::integer[], $5::integer[], $6::boolean[], $7::integer[], $8::integer[])
                AS u(activity, day, accepted, waitlisted, override_set, override, capacity)
            WHERE d.tenant = $1 AND d.activity = u.activity AND d.day = u.day
            """;
        _writeReceipt = $"UPDATE {s}.submission SET receipt = $3::jsonb WHERE tenant = $1 AND id = $2";
        _readReceipt = $"SELECT receipt::text FROM {s}.submission WHERE tenant = $1 AND id = $2";
        _childBookings = $"SELECT {BookingColumns} FROM {s}.booking b WHERE b.tenant = $1 AND b.child = $2 AND b.day BETWEEN $3 AND $4 ORDER BY b.day, b.sequence";
        _familyBookings = $"SELECT {BookingColumns} FROM {s}.booking b WHERE b.tenant = $1 AND b.family = $2 AND b.day BETWEEN $3 AND $4 ORDER BY b.day, b.sequence";
        _dayCounts = $"""
            SELECT d.activity, d.day, d.accepted, d.waitlisted FROM {s}.booking_day d
            WHERE d.tenant = $1 AND d.activity = ANY($2::text[]) AND d.day BETWEEN $3 AND $4 AND (d.accepted > 0 OR d.waitlisted > 0)
            ORDER BY d.activity, d.day
            """;
        _day = $"""
            SELECT d.capacity_override, d.accepted, {BookingColumns} FROM {s}.booking_day d
            LEFT JOIN LATERAL (SELECT * FROM {s}.booking b WHERE b.tenant = d.tenant AND b.activity = d.activity AND b.day = d.day AND b.status = 'waitlisted' OFFSET 0) b ON true
            WHERE d.tenant = $1 AND d.activity = $2 AND d.day = $3
            ORDER BY b.sequence
            """;
        _awaiting = $"SELECT {BookingColumns} FROM {s}.booking b WHERE b.tenant = $1 AND b.status = 'awaiting_answer' ORDER BY b.sequence";
        _dayBookings = $"SELECT {BookingColumns} FROM {s}.booking b WHERE b.tenant = $1 AND b.activity = $2 AND b.day = $3 ORDER BY b.sequence";
        _writeMovements = $"""
            INSERT INTO {s}.booking_movement (tenant, submission, recorded_at, child, activity, day, kind, family, status)
            SELECT $1, $2, $3, u.* FROM unnest($4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[]) AS u(child, activity, day, kind, family, status)
            """;
        // The nightly transmission: one per tenant at a time (the advisory lock goes with the transaction).
        _transmissionLock = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";
        _untransmittedDays = $"SELECT DISTINCT b.activity, b.day FROM {s}.booking b WHERE b.tenant = $1 AND NOT b.transmitted AND b.recorded_at < $2";
        const string Pending = "m.tenant = $1 AND NOT m.transmitted AND m.recorded_at < $2";
        _pendingMovements = $"""
            SELECT m.submission, m.family, m.child, m.activity, m.day, m.kind, m.status, m.recorded_at FROM {s}.booking_movement m
            WHERE {Pending} ORDER BY m.recorded_at, m.submission, m.child, m.activity, m.day, m.kind
            """;
        _pendingContacts = PostgresFamilyDirectory.ContactsQuery(s, $"family IN (SELECT m.family FROM {s}.booking_movement m WHERE {Pending})");
        _markMovements = $"""
            UPDATE {s}.booking_movement m SET transmitted = true
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[]) AS k(submission, child, activity, day, kind)
            WHERE m.tenant = $1 AND m.submission = k.submission AND m.child = k.child AND m.activity = k.activity AND m.day = k.day AND m.kind = k.kind
            """;
        _markBookings = $"""
            UPDATE {s}.booking b SET transmitted = true FROM unnest($3::text[], $4::date[]) AS d(activity, day)
            WHERE b.tenant = $1 AND b.activity = d.activity AND b.day = d.day AND NOT b.transmitted AND b.recorded_at < $2
            """;
    }

    /// <inheritdoc />
    public async ValueTask<CommitReceipt> CommitAsync(TenantId tenant, BookingCommit commit, CommitPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(planner);
        var t = PostgresValues.Tenant(tenant);
        commit.ThrowIfMalformed();
        var days = commit.Days;
        var keys = commit.Keys;
        var dayActivities = days.Select(d => d.Activity.Value).ToArray();
        var dayDates = days.Select(d => PostgresValues.ToDb(d.Date)).ToArray();

        await _database.CommitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CommitAsync(t, commit, planner, days, keys, dayActivities, dayDates, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _database.CommitGate.Release();
        }
    }

    private async Task<CommitReceipt> CommitAsync(
        string t,
        BookingCommit commit,
        CommitPlanner planner,
        IReadOnlyList<DayKey> days,
        IReadOnlyList<RequestKey> keys,
        string[] dayActivities,
        DateOnly[] dayDates,
        CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Round trip 1: claim, hold the days, then read what the planner needs.
                var read = new NpgsqlBatch(connection, transaction);
                await using (read.ConfigureAwait(false))
                {
                    read.BatchCommands.Add(Batch(_claim, Value(t), Value(commit.SubmissionId), Nullable(commit.Family.Value, NpgsqlDbType.Varchar), Value(PostgresValues.ToDb(commit.At))));
                    read.BatchCommands.Add(Batch(_ensureDays, Value(t), Value(dayActivities), Value(dayDates)));
                    read.BatchCommands.Add(Batch(_lockDays, Value(t), Value(dayActivities), Value(dayDates)));
                    if (commit.Bookings.Count > 0)
                    {
                        read.BatchCommands.Add(Batch(_drawSequence, Value(commit.Bookings.Count)));
                    }

                    read.BatchCommands.Add(Batch(_readWaiting, Value(t), Value(dayActivities), Value(dayDates)));
                    if (keys.Count > 0)
                    {
                        read.BatchCommands.Add(Batch(
                            _readExisting,
                            Value(t),
                            Value(keys.Select(k => k.Child.Value).ToArray()),
                            Value(keys.Select(k => k.Activity.Value).ToArray()),
                            Value(keys.Select(k => PostgresValues.ToDb(k.Date)).ToArray())));
                    }

                    var stored = new Dictionary<DayKey, StoredDay>(days.Count);
                    var sequences = new Queue<long>(commit.Bookings.Count);
                    var waiting = new Dictionary<DayKey, List<ChildBooking>>();
                    var existing = new Dictionary<RequestKey, ChildBooking>();
                    var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var key = new DayKey(new ActivityId(reader.GetString(0)), PostgresValues.Date(reader.GetFieldValue<DateOnly>(1)));
                            stored[key] = new StoredDay(
                                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                                reader.GetInt32(3),
                                reader.GetInt32(4),
                                reader.IsDBNull(5) ? null : reader.GetInt32(5));
                        }

                        if (commit.Bookings.Count > 0)
                        {
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            var drawn = new List<long>(commit.Bookings.Count);
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                drawn.Add(reader.GetInt64(0));
                            }

                            drawn.Sort();
                            drawn.ForEach(sequences.Enqueue);
                        }

                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var booking = ReadBooking(reader);
                            var key = new DayKey(booking.Activity, booking.Date);
                            if (!waiting.TryGetValue(key, out var list))
                            {
                                waiting[key] = list = [];
                            }

                            list.Add(booking);
                        }

                        if (keys.Count > 0)
                        {
                            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                var booking = ReadBooking(reader);
                                existing[booking.Key] = booking;
                            }
                        }
                    }

                    if (read.BatchCommands[0].RecordsAffected == 0)
                    {
                        // Already committed (by a double click, or by a commit we waited for): answer what it answered.
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        return await ReadReceiptAsync(connection, t, commit.SubmissionId, cancellationToken).ConfigureAwait(false);
                    }

                    var ledgers = new Dictionary<DayKey, DayLedger>(days.Count);
                    foreach (var day in days)
                    {
                        if (!stored.TryGetValue(day, out var row))
                        {
                            throw new InvalidOperationException($"The booking_day row of {day.Activity} on {day.Date:uuuu-MM-dd} (tenant {t}) was not found after it was inserted: is a trigger or a policy hiding it?");
                        }

                        var limits = commit.Limits[day.Activity];
                        ledgers[day] = new DayLedger(day, row.Override ?? limits.Capacity, limits.WaitlistSize, row.Accepted, waiting.TryGetValue(day, out var w) ? w : []);
                    }

                    // The rule: the core's planner, called while the days are held. If it throws, nothing is written.
                    var plan = planner(commit, ledgers, existing, () => sequences.TryDequeue(out var next)
                        ? next
                        : throw new InvalidOperationException($"The planner asked for more sequence numbers than the commit has bookings ({commit.Bookings.Count})."));

                    var receipt = new CommitReceipt(commit.SubmissionId, false, plan.Results, plan.Promoted);
                    // Round trip 2: the writes and the COMMIT, which ends the transaction (Npgsql sees it end and
                    // leaves nothing to roll back); if a statement fails, the server skips the rest, COMMIT included.
                    await WriteAndCommitAsync(connection, transaction, t, commit, ledgers, stored, plan, receipt, cancellationToken).ConfigureAwait(false);
                    return receipt;
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetChildBookingsAsync(TenantId tenant, ChildId child, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        return await ReadBookingsAsync(_childBookings, cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(PostgresValues.Id(child.Value, "child")), Value(PostgresValues.ToDb(days.Start)), Value(PostgresValues.ToDb(days.End))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetFamilyBookingsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        return await ReadBookingsAsync(_familyBookings, cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(PostgresValues.Id(family.Value, "family")), Value(PostgresValues.ToDb(days.Start)), Value(PostgresValues.ToDb(days.End))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetDayBookingsAsync(TenantId tenant, DayKey day, CancellationToken cancellationToken = default) =>
        await ReadBookingsAsync(_dayBookings, cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(PostgresValues.Id(day.Activity.Value, "day.Activity")), Value(PostgresValues.ToDb(day.Date))).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ChildBooking>> GetAwaitingAnswerAsync(TenantId tenant, CancellationToken cancellationToken = default) =>
        await ReadBookingsAsync(_awaiting, cancellationToken, Value(PostgresValues.Tenant(tenant))).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DayCount>> GetDayCountsAsync(TenantId tenant, IReadOnlyCollection<ActivityId> activities, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(days);
        var t = PostgresValues.Tenant(tenant);
        var ids = activities.Select((a, i) => PostgresValues.Id(a.Value, $"activities[{i}]")).ToArray();
        return await _database.QueryAsync(
            _dayCounts,
            r => new DayCount(new ActivityId(r.GetString(0)), PostgresValues.Date(r.GetFieldValue<DateOnly>(1)), r.GetInt32(2), r.GetInt32(3)),
            cancellationToken,
            Value(t),
            Value(ids),
            Value(PostgresValues.ToDb(days.Start)),
            Value(PostgresValues.ToDb(days.End))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<DayLedger> GetDayAsync(TenantId tenant, DayKey day, ActivityLimits limits, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        var activity = PostgresValues.Id(day.Activity.Value, "day.Activity");

        // One statement, one snapshot: the count and the waiting list agree. No row: nothing booked yet.
        var rows = await _database.QueryAsync(
            _day,
            r => (Override: r.IsDBNull(0) ? (int?)null : r.GetInt32(0), Accepted: r.GetInt32(1), Waiting: r.IsDBNull(2) ? null : ReadBooking(r, 2)),
            cancellationToken,
            Value(t),
            Value(activity),
            Value(PostgresValues.ToDb(day.Date))).ConfigureAwait(false);
        var stored = rows.Count > 0 ? rows[0] : default;
        return new DayLedger(day, stored.Override ?? limits.Capacity, limits.WaitlistSize, stored.Accepted, rows.Where(r => r.Waiting is not null).Select(r => r.Waiting!).ToList());
    }

    private async Task WriteAndCommitAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string tenant,
        BookingCommit commit,
        Dictionary<DayKey, DayLedger> before,
        Dictionary<DayKey, StoredDay> stored,
        CommitPlan plan,
        CommitReceipt receipt,
        CancellationToken cancellationToken)
    {
        var write = new NpgsqlBatch(connection, transaction);
        await using (write.ConfigureAwait(false))
        {
            if (plan.Deleted.Count > 0)
            {
                write.BatchCommands.Add(Batch(
                    _delete,
                    Value(tenant),
                    Value(plan.Deleted.Select(b => b.Child.Value).ToArray()),
                    Value(plan.Deleted.Select(b => b.Activity.Value).ToArray()),
                    Value(plan.Deleted.Select(b => PostgresValues.ToDb(b.Date)).ToArray())));
            }

            if (plan.Updated.Count > 0)
            {
                write.BatchCommands.Add(Batch(_update, BookingParameters(tenant, plan.Updated)));
            }

            if (plan.Inserted.Count > 0)
            {
                write.BatchCommands.Add(Batch(_insert, BookingParameters(tenant, plan.Inserted)));
            }

            var overrides = new Dictionary<DayKey, int?>();
            foreach (var change in commit.CapacityChanges)
            {
                overrides[change.Day] = change.Capacity;
            }

            var changed = plan.Days
                .Select(after => (After: after, Before: before[after.Key], Stored: stored[after.Key], Override: overrides.TryGetValue(after.Key, out var o) ? (Set: true, Capacity: o) : (Set: false, Capacity: (int?)null)))
                .Where(d => d.After.Accepted != d.Before.Accepted || d.After.Waiting.Count != d.Before.Waiting.Count || d.Override.Set || d.After.Capacity != d.Stored.ArbitratedCapacity)
                .ToList();
            if (changed.Count > 0)
            {
                write.BatchCommands.Add(Batch(
                    _writeDays,
                    Value(tenant),
                    Value(changed.Select(d => d.After.Key.Activity.Value).ToArray()),
                    Value(changed.Select(d => PostgresValues.ToDb(d.After.Key.Date)).ToArray()),
                    Value(changed.Select(d => d.After.Accepted - d.Before.Accepted).ToArray()),
                    Value(changed.Select(d => d.After.Waiting.Count - d.Before.Waiting.Count).ToArray()),
                    Value(changed.Select(d => d.Override.Set).ToArray()),
                    Value(changed.Select(d => d.Override.Capacity).ToArray()),
                    Value(changed.Select(d => d.After.Capacity).ToArray())));
            }

            write.BatchCommands.Add(Batch(_writeReceipt, Value(tenant), Value(commit.SubmissionId), Value(ReceiptJson.Write(receipt))));
            var journal = CommitJournal.Of(new TenantId(tenant), commit, plan);
            if (journal.Movements.Count > 0)
            {
                write.BatchCommands.Add(Batch(
                    _writeMovements,
                    Value(tenant),
                    Value(commit.SubmissionId),
                    Value(PostgresValues.ToDb(commit.At)),
                    Value(journal.Movements.Select(m => m.Key.Child.Value).ToArray()),
                    Value(journal.Movements.Select(m => m.Key.Activity.Value).ToArray()),
                    Value(journal.Movements.Select(m => PostgresValues.ToDb(m.Key.Date)).ToArray()),
                    Value(journal.Movements.Select(m => PostgresValues.ToDb(m.Kind)).ToArray()),
                    Value(journal.Movements.Select(m => m.Family.Value).ToArray()),
                    Value(journal.Movements.Select(m => PostgresValues.ToDb(m.Status)).ToArray())));
            }

            if (journal.Mails.Count > 0)
            {
                write.BatchCommands.Add(PostgresMailOutbox.Insert(_database.Schema, journal.Mails));
            }

            write.BatchCommands.Add(Batch("COMMIT"));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static NpgsqlParameter[] BookingParameters(string tenant, IReadOnlyList<ChildBooking> bookings) =>
    [
        Value(tenant),
        Value(bookings.Select(b => b.Child.Value).ToArray()),
        Value(bookings.Select(b => b.Activity.Value).ToArray()),
        Value(bookings.Select(b => PostgresValues.ToDb(b.Date)).ToArray()),
        Value(bookings.Select(b => b.Family.Value).ToArray()),
        Value(bookings.Select(b => PostgresValues.ToDb(b.Status)).ToArray()),
        Value(bookings.Select(b => b.Sequence).ToArray()),
        Value(bookings.Select(b => PostgresValues.ToDb(b.Arrival)).ToArray()),
        Value(bookings.Select(b => PostgresValues.ToDb(b.Departure)).ToArray()),
        Value(bookings.Select(b => b.Cost).ToArray()),
        Value(bookings.Select(b => b.Transmitted).ToArray()),
        Value(bookings.Select(b => PostgresValues.ToDb(b.RecordedAt)).ToArray()),
    ];

    /// <inheritdoc />
    public async ValueTask<TransmissionResult> TransmitAsync(TenantId tenant, Instant until, TransmissionPlanner planner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(planner);
        var t = PostgresValues.Tenant(tenant);
        var bound = PostgresValues.ToDb(until);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // 1. One transmission of the tenant at a time, in any process; then the days whose bookings it marks.
                var days = new List<DayKey>();
                var first = new NpgsqlBatch(connection, transaction);
                await using (first.ConfigureAwait(false))
                {
                    first.BatchCommands.Add(Batch(_transmissionLock, Value($"portail.transmission:{_database.SchemaName}:{t}")));
                    first.BatchCommands.Add(Batch(_untransmittedDays, Value(t), Value(bound)));
                    var reader = await first.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            days.Add(new DayKey(new ActivityId(reader.GetString(0)), PostgresValues.Date(reader.GetFieldValue<DateOnly>(1))));
                        }
                    }
                }

                // 2. Those days locked in the commits' order (so that neither waits for the other in a circle),
                //    then the movements to report and their families' contacts.
                days = days.OrderBy(d => d.Activity.Value, StringComparer.Ordinal).ThenBy(d => d.Date).ToList();
                var dayActivities = days.Select(d => d.Activity.Value).ToArray();
                var dayDates = days.Select(d => PostgresValues.ToDb(d.Date)).ToArray();
                var movements = new List<BookingMovement>();
                var contacts = new Dictionary<FamilyId, Families.FamilyContact>();
                var second = new NpgsqlBatch(connection, transaction);
                await using (second.ConfigureAwait(false))
                {
                    second.BatchCommands.Add(Batch(_lockDays, Value(t), Value(dayActivities), Value(dayDates)));
                    second.BatchCommands.Add(Batch(_pendingMovements, Value(t), Value(bound)));
                    second.BatchCommands.Add(Batch(_pendingContacts, Value(t), Value(bound)));
                    var reader = await second.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            movements.Add(new BookingMovement(
                                reader.GetGuid(0),
                                new FamilyId(reader.GetString(1)),
                                new RequestKey(new ChildId(reader.GetString(2)), new ActivityId(reader.GetString(3)), PostgresValues.Date(reader.GetFieldValue<DateOnly>(4))),
                                PostgresValues.Kind(reader.GetString(5)),
                                PostgresValues.Status(reader.GetString(6)),
                                PostgresValues.Instant(reader.GetDateTime(7))));
                        }

                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var contact = PostgresFamilyDirectory.ReadContact(reader);
                            contacts[contact.Family] = contact;
                        }
                    }
                }

                // 3. The rule: the core's planner. If it throws, nothing is written.
                var mails = planner(movements, contacts);
                PostgresMailOutbox.Check(mails, "planner's mails");

                // 4. The reports, the marks, and the COMMIT, in one round trip.
                var write = new NpgsqlBatch(connection, transaction);
                await using (write.ConfigureAwait(false))
                {
                    write.BatchCommands.Add(Batch(
                        _markMovements,
                        Value(t),
                        Value(movements.Select(m => m.Submission).ToArray()),
                        Value(movements.Select(m => m.Key.Child.Value).ToArray()),
                        Value(movements.Select(m => m.Key.Activity.Value).ToArray()),
                        Value(movements.Select(m => PostgresValues.ToDb(m.Key.Date)).ToArray()),
                        Value(movements.Select(m => PostgresValues.ToDb(m.Kind)).ToArray())));
                    var mark = Batch(_markBookings, Value(t), Value(bound), Value(dayActivities), Value(dayDates));
                    write.BatchCommands.Add(mark);
                    var insert = PostgresMailOutbox.Insert(_database.Schema, mails);
                    write.BatchCommands.Add(insert);
                    write.BatchCommands.Add(Batch("COMMIT"));
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    return new TransmissionResult(movements.Count, mark.RecordsAffected, insert.RecordsAffected);
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<CommitReceipt?> GetReceiptAsync(TenantId tenant, Guid submissionId, CancellationToken cancellationToken = default)
    {
        var json = await _database.QueryAsync(_readReceipt, r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken, Value(PostgresValues.Tenant(tenant)), Value(submissionId)).ConfigureAwait(false);
        return json is [{ } receipt] ? ReceiptJson.Read(submissionId, receipt) : null;
    }

    private async Task<CommitReceipt> ReadReceiptAsync(NpgsqlConnection connection, string tenant, Guid submissionId, CancellationToken cancellationToken)
    {
        var command = Command(connection, _readReceipt, Value(tenant), Value(submissionId));
        await using (command.ConfigureAwait(false))
        {
            var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
                ?? throw new InvalidOperationException($"Submission {submissionId} of tenant {tenant} is recorded without its receipt.");
            return ReceiptJson.Read(submissionId, json);
        }
    }

    private async Task<IReadOnlyList<ChildBooking>> ReadBookingsAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        await _database.QueryAsync(sql, ReadBooking, cancellationToken, parameters).ConfigureAwait(false);

    /// <summary>A locked <c>booking_day</c> row as read.</summary>
    private readonly record struct StoredDay(int? Override, int Accepted, int Waitlisted, int? ArbitratedCapacity);
}
