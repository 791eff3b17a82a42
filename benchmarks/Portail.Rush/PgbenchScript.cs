using System.Globalization;
using System.Text;
using NodaTime.Text;
using Portail.Booking;

namespace Portail.Rush;

/// <summary>How a pgbench ceiling sends the statements of one validation.</summary>
internal enum PgbenchMode
{
    /// <summary>One statement per round trip, prepared (<c>-M prepared</c>): 13 or 14 round trips.</summary>
    Naive,

    /// <summary>
    /// As few round trips as the data allow: the reads and the locking batch in one, the writes and
    /// COMMIT in another, combined with <c>\;</c>, which pgbench sends in the simple protocol
    /// (<c>-M simple</c>): the server parses and plans every statement each time.
    /// </summary>
    Batched,
}

/// <summary>
/// A pgbench script for one basket shape: the statements <c>PostgresFamilyDirectory</c> and
/// <c>PostgresBookingStore</c> send for one validation (their SQL, copied), with the basket's
/// activities, days and costs written in as array literals and the family, children, sequence
/// numbers and outcome as pgbench variables. Each transaction takes a new family n (per-client
/// counter <c>k</c>; <c>-D k=0 -D clients=K</c>), whose children are 2n and 2n + 1. The hot day's
/// count comes back from the locking SELECT (<c>\aset</c> keeps its last row, the hot day's, the
/// centre sorting last); pgbench decides its outcome with the core's rule, written in its
/// expression language.
/// </summary>
internal sealed class PgbenchScript
{
    private const string BookingColumns = "b.child, b.activity, b.day, b.family, b.status, b.sequence, b.arrival, b.departure, b.cost, b.transmitted, b.recorded_at";
    private const string BookingFields = "child, activity, day, family, status, sequence, arrival, departure, cost, transmitted, recorded_at";

    private readonly Scenario _scenario;
    private readonly string _s;
    private readonly PgbenchMode _mode;
    private readonly int _shape;
    private readonly List<(int Slot, RequestKey Key, decimal Cost)> _lines;
    private readonly List<DayKey> _days;

    public PgbenchScript(Scenario scenario, string schema, PgbenchMode mode, int shape, RushFamily family)
    {
        _scenario = scenario;
        _s = $"\"{schema}\"";
        _mode = mode;
        _shape = shape;
        var slots = family.Children.Select((c, i) => (c.Id, Slot: i + 1)).ToDictionary(c => c.Id, c => c.Slot);
        // The hot day's lines last: their outcomes are the variables at the end of the status array.
        _lines = family.Basket.Requests
            .Select(r => (Slot: slots[r.Key.Child], r.Key, Cost: scenario.Tenant.FindActivity(r.Key.Activity)!.Price))
            .OrderBy(l => new DayKey(l.Key.Activity, l.Key.Date) == scenario.HotDay)
            .ToList();
        _days = _lines.Select(l => new DayKey(l.Key.Activity, l.Key.Date)).Distinct().OrderBy(d => d.Activity.Value, StringComparer.Ordinal).ThenBy(d => d.Date).ToList();
        if (_days[^1] != scenario.HotDay || _days.Count(d => d.Activity == scenario.HotDay.Activity) != 1)
        {
            throw new InvalidOperationException("The pgbench script reads the hot day's count from the last locked row: the basket must end with the hot day and touch no other day of its activity.");
        }

        Children = family.Children.Count;
    }

    /// <summary>Children in the shape (the script reads the bookings of each).</summary>
    public int Children { get; }

    /// <summary>The pgbench variable that holds this shape's receipt (<c>-D</c>).</summary>
    public string ReceiptVariable => $"receipt{_shape}";

    public override string ToString()
    {
        var hot = _lines.Where(l => new DayKey(l.Key.Activity, l.Key.Date) == _scenario.HotDay).ToList();
        var limits = _scenario.HotLimits;
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"-- Portail.Rush ceiling, {_mode}: {_lines.Count} lines, {_days.Count} days, {Children} children");
        script.AppendLine("\\set k :k + 1");
        script.AppendLine("\\set n :client_id + 1 + (:k - 1) * :clients");
        script.AppendLine("\\set c1 2 * :n");
        script.AppendLine("\\set c2 2 * :n + 1");

        // Round trip(s) 1: the use case's reads, then BEGIN, claim, days held, reads for the planner.
        var first = new List<string>
        {
            $"SELECT child, family, last_name, first_name, birth_date, school, enrolments FROM {_s}.child WHERE tenant = {Text("tenant")} AND family = {Text("n")} ORDER BY position",
        };
        var span = $"'{Date(_lines.Min(l => l.Key.Date))}' AND '{Date(_lines.Max(l => l.Key.Date))}'";
        for (var c = 1; c <= Children; c++)
        {
            first.Add($"SELECT {BookingColumns} FROM {_s}.booking b WHERE b.tenant = {Text("tenant")} AND b.child = {Text("c" + c)} AND b.day BETWEEN {span} ORDER BY b.day, b.sequence");
        }

        var dayActivities = TextArray(_days.Select(d => d.Activity.Value));
        var dayDates = DateArray(_days.Select(d => d.Date));
        first.AddRange(
        [
            "BEGIN ISOLATION LEVEL READ COMMITTED",
            $"INSERT INTO {_s}.submission (tenant, id, family, submitted_at) VALUES ({Text("tenant")}, {SubmissionId()}, {Text("n")}, '{InstantPattern.ExtendedIso.Format(_scenario.Now)}') ON CONFLICT (tenant, id) DO NOTHING",
            $"""
            INSERT INTO {_s}.booking_day (tenant, activity, day)
            SELECT {Text("tenant")}, k.activity, k.day FROM unnest({dayActivities}, {dayDates}) WITH ORDINALITY AS k(activity, day, n)
            WHERE NOT EXISTS (SELECT 1 FROM {_s}.booking_day d WHERE d.tenant = {Text("tenant")} AND d.activity = k.activity AND d.day = k.day)
            ORDER BY k.n
            ON CONFLICT (tenant, activity, day) DO NOTHING
            """,
            $"""
            SELECT d.activity, d.day, d.capacity_override, d.accepted, d.waitlisted, d.arbitrated_capacity
            FROM unnest({dayActivities}, {dayDates}) WITH ORDINALITY AS k(activity, day, n)
            CROSS JOIN LATERAL (SELECT * FROM {_s}.booking_day d WHERE d.tenant = {Text("tenant")} AND d.activity = k.activity AND d.day = k.day OFFSET 0 FOR UPDATE) d
            ORDER BY k.n
            """,
            $"SELECT nextval('{_s}.booking_sequence') FROM generate_series(1, {_lines.Count})",
            $"""
            SELECT {BookingColumns} FROM unnest({dayActivities}, {dayDates}) AS k(activity, day)
            CROSS JOIN LATERAL (SELECT * FROM {_s}.booking b WHERE b.tenant = {Text("tenant")} AND b.activity = k.activity AND b.day = k.day AND b.status = 'waitlisted' OFFSET 0) b
            ORDER BY b.sequence
            """,
            $"""
            SELECT {BookingColumns} FROM unnest({ChildArray()}, {TextArray(_lines.Select(l => l.Key.Activity.Value))}, {DateArray(_lines.Select(l => l.Key.Date))}) AS k(child, activity, day)
            CROSS JOIN LATERAL (SELECT * FROM {_s}.booking b WHERE b.tenant = {Text("tenant")} AND b.child = k.child AND b.activity = k.activity AND b.day = k.day OFFSET 0) b
            """,
        ]);

        // In the naive script only the locking SELECT and nextval keep their last row (\aset); batched, every statement of the round trip does.
        var locking = first.Count - 4;
        var nextval = first.Count - 3;
        Send(script, first, i => i == locking || i == nextval);

        // The planner's rule for the hot day (places, then waiting list, then refused), line after line.
        script.AppendLine("\\set a0 :accepted");
        script.AppendLine("\\set w0 :waitlisted");
        for (var h = 1; h <= hot.Count; h++)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"\\set h{h} case when :a{h - 1} < {limits.Capacity} then 1 when :w{h - 1} < {limits.WaitlistSize} then 2 else 3 end");
            script.AppendLine(CultureInfo.InvariantCulture, $"\\set a{h} :a{h - 1} + case when :h{h} = 1 then 1 else 0 end");
            script.AppendLine(CultureInfo.InvariantCulture, $"\\set w{h} :w{h - 1} + case when :h{h} = 2 then 1 else 0 end");
        }

        script.AppendLine(CultureInfo.InvariantCulture, $"\\set da :a{hot.Count} - :a0");
        script.AppendLine(CultureInfo.InvariantCulture, $"\\set dw :w{hot.Count} - :w0");

        // Round trip(s) 2: the plan written (bookings, day counts that changed, receipt) and COMMIT.
        // The hot day's count changes unless all its lines were refused: two versions of the writes.
        script.AppendLine("\\if :da + :dw > 0");
        Send(script, Writes(hot.Count, withHotDay: true), _ => false);
        script.AppendLine("\\else");
        Send(script, Writes(hot.Count, withHotDay: false), _ => false);
        script.AppendLine("\\endif");
        return script.ToString();
    }

    private List<string> Writes(int hot, bool withHotDay)
    {
        var statuses = _lines.Select((l, i) => i < _lines.Count - hot ? "'accepted'" : $"(ARRAY['accepted','waitlisted','refused'])[{Number("h" + (i - (_lines.Count - hot) + 1))}::int]");
        var days = withHotDay ? _days : _days.Take(_days.Count - 1).ToList();
        var perDay = _lines.GroupBy(l => new DayKey(l.Key.Activity, l.Key.Date)).ToDictionary(g => g.Key, g => g.Count());
        var accepted = days.Select(d => d == _scenario.HotDay ? $"{Number("da")}::int" : perDay[d].ToString(CultureInfo.InvariantCulture));
        var waitlisted = days.Select(d => d == _scenario.HotDay ? $"{Number("dw")}::int" : "0");
        var capacity = days.Select(d => _scenario.Limits(d.Activity).Capacity?.ToString(CultureInfo.InvariantCulture) ?? "NULL");
        var at = InstantPattern.ExtendedIso.Format(_scenario.Now);
        var count = _lines.Count.ToString(CultureInfo.InvariantCulture);
        return
        [
            $"""
            INSERT INTO {_s}.booking (tenant, {BookingFields})
            SELECT {Text("tenant")}, u.* FROM unnest({ChildArray()}, {TextArray(_lines.Select(l => l.Key.Activity.Value))}, {DateArray(_lines.Select(l => l.Key.Date))},
                array_fill({Text("n")}::text, ARRAY[{count}]), ARRAY[{string.Join(", ", statuses)}]::text[],
                ARRAY(SELECT generate_series({Number("nextval")}::bigint - {_lines.Count - 1}, {Number("nextval")}::bigint)),
                array_fill(NULL::time, ARRAY[{count}]), array_fill(NULL::time, ARRAY[{count}]),
                {NumericArray(_lines.Select(l => l.Cost))},
                array_fill(false, ARRAY[{count}]), array_fill('{at}'::timestamptz, ARRAY[{count}])) AS u({BookingFields})
            """,
            $"""
            UPDATE {_s}.booking_day d SET
                accepted = d.accepted + u.accepted,
                waitlisted = d.waitlisted + u.waitlisted,
                capacity_override = CASE WHEN u.override_set THEN u.override ELSE d.capacity_override END,
                arbitrated_capacity = u.capacity,
                over_capacity_allowance = CASE WHEN u.capacity IS NOT NULL AND d.accepted > u.capacity THEN d.accepted ELSE 0 END
            FROM unnest({TextArray(days.Select(d => d.Activity.Value))}, {DateArray(days.Select(d => d.Date))}, ARRAY[{string.Join(", ", accepted)}]::integer[], ARRAY[{string.Join(", ", waitlisted)}]::integer[],
                array_fill(false, ARRAY[{days.Count}]), array_fill(NULL::integer, ARRAY[{days.Count}]), ARRAY[{string.Join(", ", capacity)}]::integer[])
                AS u(activity, day, accepted, waitlisted, override_set, override, capacity)
            WHERE d.tenant = {Text("tenant")} AND d.activity = u.activity AND d.day = u.day
            """,
            $"UPDATE {_s}.submission SET receipt = {Receipt()}::jsonb WHERE tenant = {Text("tenant")} AND id = {SubmissionId()}",
            "COMMIT",
        ];
    }

    // Naive: a statement per round trip. Batched: one round trip, statements joined by \; (pgbench's combined query).
    private void Send(StringBuilder script, List<string> statements, Func<int, bool> keepsRow)
    {
        if (_mode == PgbenchMode.Naive)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                script.AppendLine(statements[i] + (keepsRow(i) ? " \\aset" : ";"));
            }
        }
        else
        {
            script.AppendLine(string.Join(" \\;" + Environment.NewLine, statements) + (Enumerable.Range(0, statements.Count).Any(keepsRow) ? " \\aset" : ";"));
        }
    }

    // A pgbench variable holding text: a parameter when prepared, a quoted literal in the simple protocol.
    private string Text(string variable) => _mode == PgbenchMode.Naive ? $":{variable}" : $"':{variable}'";

    private static string Number(string variable) => $":{variable}";

    private string Receipt() => _mode == PgbenchMode.Naive ? $":{ReceiptVariable}" : $"$receipt$:{ReceiptVariable}$receipt$";

    // The family's number written as a uuid: unique per tenant, as a submission id must be.
    private string SubmissionId() => $"lpad({Text("n")}, 32, '0')::uuid";

    private string ChildArray() => $"ARRAY[{string.Join(", ", _lines.Select(l => Text("c" + l.Slot)))}]::text[]";

    private static string NumericArray(IEnumerable<decimal> values) => $"'{{{string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}}'::numeric[]";

    private static string TextArray(IEnumerable<string> values) => $"'{{{string.Join(",", values)}}}'::text[]";

    private static string DateArray(IEnumerable<NodaTime.LocalDate> values) => $"'{{{string.Join(",", values.Select(Date))}}}'::date[]";

    private static string Date(NodaTime.LocalDate date) => LocalDatePattern.Iso.Format(date);
}
