using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portail.Booking;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>The schema is versioned, migrated at start-up once and safely, and a newer schema is refused (issue 4, item 2).</summary>
public sealed class MigrationTests : OnASqliteFile
{
    private const string Schema = "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema ORDER BY type, name";

    [Fact]
    public async Task Start_up_creates_the_folder_the_file_and_the_schema_in_WAL()
    {
        var nested = Path.Combine(Database.Folder, "App_Data", "portail.db");
        using var host = Database.Host(o => o.ConnectionString = $"Data Source={nested}");

        await TempDatabase.StartAsync(host);

        Assert.True(File.Exists(nested));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={nested};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT journal_mode FROM pragma_journal_mode) || ' ' || (SELECT user_version FROM pragma_user_version) || ' ' || (SELECT application_id FROM pragma_application_id)";
        Assert.Equal($"wal {SqliteSchema.Version} {SqliteSchema.ApplicationId}", command.ExecuteScalar());
    }

    [Fact]
    public async Task Migrations_are_idempotent_and_keep_the_data()
    {
        var store = Database.Get<IBookingStore>();
        var tenant = new TenantId("cestas");
        await store.CommitAsync(tenant, Commits.Book("dupont", Commits.Centre, Commits.Wednesday), Arbitration.Plan);
        var schema = Database.Column(Schema);

        for (var run = 0; run < 2; run++)
        {
            using var again = Database.Host();
            await TempDatabase.StartAsync(again);
            await TempDatabase.StartAsync(again);
        }

        using (var connection = Database.Open())
        {
            SqliteSchema.Migrate(connection, Database.File);
        }

        Assert.Equal(schema, Database.Column(Schema));
        Assert.Equal(SqliteSchema.Version, Convert.ToInt32(Database.Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture));
        var day = await store.GetDayAsync(tenant, new DayKey(Commits.Centre, Commits.Wednesday), Commits.Limits[Commits.Centre]);
        Assert.Equal(1, day.Accepted);
    }

    [Fact]
    public async Task Two_processes_and_several_stores_migrating_a_fresh_file_at_once_apply_the_schema_once()
    {
        var processes = new[] { Probe.RunAsync("migrate", Database.File), Probe.RunAsync("migrate", Database.File) };
        var hosts = Enumerable.Range(0, 4).Select(_ => Database.Host()).ToList();
        var local = hosts.Select(h => Task.Run(() => TempDatabase.StartAsync(h)));

        await Task.WhenAll(local);
        Assert.All(await Task.WhenAll(processes), output => Assert.Equal("migrated", output.Trim()));

        Assert.Equal(SqliteSchema.Version, Convert.ToInt32(Database.Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture));
        Assert.Equal(
            ["account", "basket_request", "booking", "booking_movement", "child", "day", "dossier_contacts", "dossier_fiche", "dossier_health_read", "dossier_reference", "dossier_transition", "family_contact", "mail_outbox", "news", "payment_attempt", "payment_log", "reset_token", "sign_in_failure", "submission", "tenant_sequence", "wallet_movement"],
            Database.Column("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"));
        foreach (var host in hosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public async Task A_schema_newer_than_the_code_is_refused_with_a_clear_message_and_left_alone()
    {
        await TempDatabase.StartAsync(Database.Host());
        using (var connection = Database.Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteSchema.Version + 1}";
            command.ExecuteNonQuery();
        }

        using var host = Database.Host();
        var atStart = await Assert.ThrowsAsync<InvalidOperationException>(() => TempDatabase.StartAsync(host));
        var onUse = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await host.GetRequiredService<IBookingStore>().GetAwaitingAnswerAsync(new TenantId("cestas")));

        var expected = $"The database schema version {SqliteSchema.Version + 1} of '{Database.File}' is newer than this Portail.Adapters.Sqlite ({SqliteSchema.Version}): upgrade the package";
        Assert.StartsWith(expected, atStart.Message, StringComparison.Ordinal);
        Assert.StartsWith(expected, onUse.Message, StringComparison.Ordinal);
        Assert.Equal(SqliteSchema.Version + 1, Convert.ToInt32(Database.Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_file_of_another_application_is_refused()
    {
        using (var connection = Database.Open())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA application_id = 42; PRAGMA user_version = 7; CREATE TABLE notes (text TEXT)";
            command.ExecuteNonQuery();
        }

        using var host = Database.Host();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TempDatabase.StartAsync(host));

        Assert.Contains("belongs to another application (application_id 42", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["notes"], Database.Column("SELECT name FROM sqlite_schema WHERE type = 'table'"));
    }
}
