using NodaTime;
using Npgsql;

namespace Portail.Rush;

/// <summary>
/// The previous period, for PostgreSQL: on opening day a town's tables already hold bookings and the
/// server has statistics on them. Without them, the plans the server caches for the adapter's
/// prepared statements on empty tables stay in use while the tables grow (autovacuum analyses them
/// a minute later at best), and look bookings up through the wrong index (see benchmarks/README.md).
/// So, before the clock starts, every family's canteen and care lines are recorded eight weeks
/// earlier, accepted, with their day counts, straight into the adapter's tables (setup data, like
/// a restored database: no rule is involved), in Portail's tenant and in the ceiling's, whose
/// families and children are named as pgbench names them; then the schema is analysed.
/// </summary>
internal static class PostgresHistory
{
    public static async Task WriteAsync(string connection, string schema, Scenario scenario, IEnumerable<(TenantId Tenant, Func<RushFamily, int, (string Family, string Child)> Ids)> tenants)
    {
        var s = $"\"{schema}\"";
        await using var data = NpgsqlDataSource.Create(connection);
        await using var batch = data.CreateBatch();
        foreach (var (tenant, ids) in tenants)
        {
            AddTenant(batch, s, scenario, tenant, ids);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand($"ANALYZE {s}.booking, {s}.booking_day, {s}.child, {s}.submission"));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static void AddTenant(NpgsqlBatch batch, string s, Scenario scenario, TenantId tenant, Func<RushFamily, int, (string Family, string Child)> ids)
    {
        var lines = scenario.Families
            .SelectMany(f => f.Basket.Requests.Where(r => r.Key.Activity != Scenario.Centre).Select(r => (Ids: ids(f, f.Children.Select(c => c.Id).ToList().IndexOf(r.Key.Child) + 1), r.Key)))
            .Select(l => (l.Ids.Family, l.Ids.Child, Activity: l.Key.Activity.Value, Day: l.Key.Date.Minus(Period.FromWeeks(8)).ToDateOnly()))
            .ToList();
        var days = lines.GroupBy(l => (l.Activity, l.Day)).Select(g => (g.Key.Activity, g.Key.Day, Count: g.Count())).ToList();
        var price = scenario.Tenant.Activities.ToDictionary(a => a.Id.Value, a => a.Price);
        var at = scenario.Now.Minus(Duration.FromDays(60)).ToDateTimeUtc();
        batch.BatchCommands.Add(Command(
            $"INSERT INTO {s}.booking_day (tenant, activity, day, accepted) SELECT $1, * FROM unnest($2::text[], $3::date[], $4::integer[])",
            tenant.Value,
            days.Select(d => d.Activity).ToArray(),
            days.Select(d => d.Day).ToArray(),
            days.Select(d => d.Count).ToArray()));
        batch.BatchCommands.Add(Command(
            $"""
            INSERT INTO {s}.booking (tenant, child, activity, day, family, status, sequence, cost, recorded_at)
            SELECT $1, u.child, u.activity, u.day, u.family, 'accepted', nextval('{s}.booking_sequence'), u.cost, $7
            FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::numeric[]) AS u(child, activity, day, family, cost)
            """,
            tenant.Value,
            lines.Select(l => l.Child).ToArray(),
            lines.Select(l => l.Activity).ToArray(),
            lines.Select(l => l.Day).ToArray(),
            lines.Select(l => l.Family).ToArray(),
            lines.Select(l => price[l.Activity]).ToArray(),
            at));
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
