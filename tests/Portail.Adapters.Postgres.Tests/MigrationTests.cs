using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Portail.Adapters.Postgres.Probe;
using Portail.Booking;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// The schema: versioned, applied at start-up, idempotent, safe when processes start at once,
/// refusing a schema newer than the package; every table keyed by tenant and documented; the
/// capacity backed by a constraint. Each test works in a schema of its own, dropped afterwards.
/// </summary>
[RequiresPostgres]
public sealed class MigrationTests
{
    /// <summary>R-WAL-1: the ledger is append-only in the database itself: an UPDATE or DELETE is refused.</summary>
    [Fact]
    public async Task R_WAL_1_the_ledger_refuses_any_update_or_delete()
    {
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var ledger = new PostgresWalletLedger(PostgresServer.Shared);
        await ledger.AppendAsync(tenant, [new Portail.Billing.WalletMovement(Guid.NewGuid(), new FamilyId("dupont"), new WalletTypeId("scolaire-alsh"), Portail.Billing.MovementKind.Payment, 10m, new NodaTime.LocalDate(2023, 10, 2), "Paiement")]);

        foreach (var sql in new[] { "UPDATE {0}.wallet_movement SET amount = 1000 WHERE tenant = $1", "DELETE FROM {0}.wallet_movement WHERE tenant = $1" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresServer.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, PostgresServer.SharedSchema), tenant.Value));
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(10m, Assert.Single(await ledger.GetBalancesAsync(tenant, new FamilyId("dupont"))).Balance);
    }

    /// <summary>Migrating an up-to-date schema again changes nothing and keeps the data.</summary>
    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        await PostgresServer.InNewSchemaAsync(async schema =>
        {
            var tenant = new TenantId("ville");
            await using (var database = new PostgresDatabase(PostgresServer.Options(schema)))
            {
                await database.EnsureMigratedAsync(CancellationToken.None);
                await database.EnsureMigratedAsync(CancellationToken.None);
                await new PostgresBookingStore(database).CommitAsync(tenant, ProbeCommits.Race("dupont"), Arbitration.Plan);
            }

            await using (var again = new PostgresDatabase(PostgresServer.Options(schema)))
            {
                await again.EnsureMigratedAsync(CancellationToken.None);
                var bookings = await new PostgresBookingStore(again).GetChildBookingsAsync(tenant, ProbeCommits.RaceChild("dupont"), new NodaTime.DateInterval(ProbeCommits.Hot, ProbeCommits.Hot));
                Assert.Equal(2, bookings.Count);
            }

            Assert.Equal(Versions(), await VersionsAsync(schema));
        });
    }

    /// <summary>Two probe processes and six stores of this one migrating a new schema at once: each waits its turn, the schema is migrated once.</summary>
    [Fact]
    public async Task Processes_starting_at_once_migrate_the_schema_once()
    {
        await PostgresServer.InNewSchemaAsync(async schema =>
        {
            await using var first = ProbeProcess.Start("migrate", schema);
            await using var second = ProbeProcess.Start("migrate", schema);
            var databases = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(PostgresServer.Options(schema))).ToList();
            try
            {
                await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
                await Task.WhenAll(first.GoAsync(), second.GoAsync());
                await Task.WhenAll(databases.Select(d => Task.Run(() => d.EnsureMigratedAsync(CancellationToken.None))));
                await Task.WhenAll(first.WaitForSuccessAsync(), second.WaitForSuccessAsync());
            }
            finally
            {
                foreach (var d in databases)
                {
                    await d.DisposeAsync();
                }
            }

            Assert.Contains("migrated", first.Lines);
            Assert.Contains("migrated", second.Lines);
            Assert.Equal(Versions(), await VersionsAsync(schema));
        });
    }

    /// <summary>A schema migrated by a newer package is refused, at start-up and on first use, with a message saying what to do; nothing is changed.</summary>
    [Fact]
    public async Task A_schema_newer_than_the_package_is_refused_with_a_clear_message()
    {
        await PostgresServer.InNewSchemaAsync(async schema =>
        {
            await using (var database = new PostgresDatabase(PostgresServer.Options(schema)))
            {
                await database.EnsureMigratedAsync(CancellationToken.None);
            }

            var future = PostgresSchema.Latest + 1;
            await PostgresServer.ExecuteAsync($"INSERT INTO \"{schema}\".schema_version (version, description) VALUES ($1, 'from a newer Portail')", future);

            await using var services = new ServiceCollection()
                .AddPortail(new ConfigurationBuilder().Build())
                .UsePostgresStorage(o =>
                {
                    o.ConnectionString = PostgresForTests.Require();
                    o.Schema = schema;
                })
                .Services.BuildServiceProvider();
            var atStartUp = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                foreach (var hosted in services.GetServices<IHostedService>())
                {
                    await hosted.StartAsync(CancellationToken.None);
                }
            });
            Assert.Contains($"is at version {future}", atStartUp.Message, StringComparison.Ordinal);
            Assert.Contains($"knows versions up to {PostgresSchema.Latest}", atStartUp.Message, StringComparison.Ordinal);
            Assert.Contains("Upgrade Portail.Adapters.Postgres", atStartUp.Message, StringComparison.Ordinal);

            var onFirstUse = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                await services.GetRequiredService<IBasketStore>().GetAsync(new TenantId("ville"), new FamilyId("dupont")));
            Assert.Contains($"is at version {future}", onFirstUse.Message, StringComparison.Ordinal);
            Assert.Equal(Versions().Append(future), await VersionsAsync(schema));
        });
    }

    /// <summary>
    /// R-TEN-1: every table but schema_version has the tenant as the first column of its primary key
    /// (what a partitioning by tenant needs), and the adapter's README documents every table.
    /// </summary>
    [Fact]
    public async Task R_TEN_1_every_table_is_keyed_by_tenant_first_and_documented()
    {
        await PostgresServer.Shared.EnsureMigratedAsync(CancellationToken.None);
        var tables = await PostgresServer.RowsAsync(
            """
            SELECT c.relname, a.attname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
            WHERE n.nspname = $1 AND c.relkind = 'r'
            ORDER BY c.relname
            """,
            PostgresServer.SharedSchema);
        var readme = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "adapter-README.md"));

        Assert.Equal(
            ["account", "basket", "basket_request", "booking", "booking_day", "booking_movement", "child", "dossier_contacts", "dossier_fiche", "dossier_health_read", "dossier_reference", "dossier_transition", "family_contact", "mail_outbox", "news", "payment_attempt", "payment_log", "reset_token", "schema_version", "sign_in_failure", "submission", "wallet_movement"],
            tables.Select(t => (string)t[0]!));
        Assert.All(tables.Where(t => (string)t[0]! != "schema_version"), t => Assert.True((string?)t[1] == "tenant", $"{t[0]}'s primary key starts with {t[1]}"));
        Assert.All(tables, t => Assert.Contains($"### `{t[0]}`", readme, StringComparison.Ordinal));
    }

    /// <summary>
    /// R-BSK-3: the database backs the capacity up — a planner that oversells a full day (a bug the
    /// core's tests would have to miss) is stopped by <c>booking_day_within_capacity</c>, and nothing
    /// of its commit is written.
    /// </summary>
    [Fact]
    public async Task R_BSK_3_a_constraint_stops_an_oversold_day_and_nothing_is_written()
    {
        var store = new PostgresBookingStore(PostgresServer.Shared);
        var tenant = new TenantId($"ck-{Guid.NewGuid():N}");
        for (var i = 0; i < 10; i++)
        {
            await store.CommitAsync(tenant, ProbeCommits.Race($"f{i}"), Arbitration.Plan);
        }

        static CommitPlan Oversell(BookingCommit commit, IReadOnlyDictionary<DayKey, DayLedger> days, IReadOnlyDictionary<RequestKey, ChildBooking> existing, Func<long> next)
        {
            var plan = Arbitration.Plan(commit, days, existing, next);
            return plan with
            {
                Inserted = plan.Inserted.Select(b => b with { Status = BookingStatus.Accepted }).ToList(),
                Days = plan.Days.Select(d => d.Capacity is null ? d : d with { Accepted = d.Accepted + 1, Waiting = days[d.Key].Waiting }).ToList(),
            };
        }

        var late = ProbeCommits.Race("late");
        var error = await Assert.ThrowsAsync<PostgresException>(async () => await store.CommitAsync(tenant, late, Oversell));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("booking_day_within_capacity", error.ConstraintName);
        Assert.Empty(await store.GetFamilyBookingsAsync(tenant, new FamilyId("late"), new NodaTime.DateInterval(ProbeCommits.Hot, ProbeCommits.Hot)));
        Assert.Equal(10, (await store.GetDayAsync(tenant, new DayKey(ProbeCommits.Centre, ProbeCommits.Hot), ProbeCommits.RaceLimits[ProbeCommits.Centre])).Accepted);
        var retry = await store.CommitAsync(tenant, late, Arbitration.Plan);
        Assert.False(retry.Replayed);
        Assert.Equal(LineOutcome.Waitlisted, retry.Results.Single(r => r.Key.Activity == ProbeCommits.Centre).Outcome);
    }

    private static IEnumerable<int> Versions() => PostgresSchema.Migrations.Select(m => m.Version);

    private static async Task<List<int>> VersionsAsync(string schema) =>
        (await PostgresServer.RowsAsync($"SELECT version FROM \"{schema}\".schema_version ORDER BY version")).Select(r => (int)r[0]!).ToList();
}
