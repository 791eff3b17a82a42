using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Portail.Adapters.Sqlite;
using Portail.SampleHost.Demo;
using Portail.Tests.Shared;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// Where the sample portal keeps its data (issue 4): a SQLite file by default, PostgreSQL when the
/// settings say so; the data survives a restart, and the demo data is written once.
/// </summary>
public sealed class StorageTests
{
    [Fact]
    public async Task A_validation_survives_a_restart_on_the_same_SQLite_file_and_the_demo_data_is_not_written_again()
    {
        var folder = PortalFactory.NewFolder();
        var file = Path.Combine(folder, "portail.db");
        try
        {
            await AssertAValidationSurvivesARestartAsync(PortalFactory.SqliteFile(file));

            Assert.True(File.Exists(file));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [PostgresFact]
    public async Task On_PostgreSQL_when_configured_a_validation_survives_a_restart()
    {
        var connectionString = PostgresForTests.Require();
        var schema = $"host_{Guid.NewGuid():N}";
        await using var database = NpgsqlDataSource.Create(connectionString);
        try
        {
            await AssertAValidationSurvivesARestartAsync(("Storage:Provider", "Postgres"), ("Storage:Postgres:ConnectionString", connectionString), ("Storage:Postgres:Schema", schema));

            await using var count = database.CreateCommand($"SELECT count(*) FROM \"{schema}\".booking WHERE child = 'lenny'");
            Assert.True((long)(await count.ExecuteScalarAsync())! > 0, "The bookings are not in the PostgreSQL schema.");
        }
        finally
        {
            await using var drop = database.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void The_storage_is_prepared_before_the_demo_data_is_written()
    {
        using var factory = new PortalFactory();

        var started = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        Assert.Contains("StoragePreparation", started);
        Assert.True(started.IndexOf("StoragePreparation") < started.IndexOf(nameof(DemoData)), string.Join(", ", started));
    }

    [Fact]
    public void A_relative_SQLite_file_is_under_the_content_root()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Sqlite:ConnectionString"] = "Data Source=App_Data/portail.db;Cache=Private",
            ["Storage:Sqlite:BusyTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddPortail(configuration.GetSection("Portail")).UseConfiguredStorage(configuration, "/srv/portail");

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value;

        Assert.Equal("Data Source=/srv/portail/App_Data/portail.db;Cache=Private", options.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BusyTimeout);
    }

    [Theory]
    [InlineData("Storage:Provider", "MongoDb", "Storage:Provider is 'MongoDb': write Sqlite")]
    [InlineData("Storage:Sqlite:ConnectionString", "", "Storage:Sqlite:ConnectionString is empty while Storage:Provider is Sqlite")]
    [InlineData("Storage:Provider", "Postgres", "Storage:Postgres:ConnectionString is empty while Storage:Provider is Postgres")]
    public void A_wrong_storage_setting_fails_at_start_up_naming_it(string setting, string value, string message)
    {
        using var factory = new PortalFactory();
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting(setting, value));

        var error = Record.Exception(() => broken.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(message, error.Message);
    }

    /// <summary>
    /// Books a day and cancels a seeded booking in one validation, restarts the portal on the same
    /// storage, and finds the follow-up page as it was: the booking kept, the cancelled seed not back.
    /// </summary>
    private static async Task AssertAValidationSurvivesARestartAsync(params (string Key, string Value)[] storage)
    {
        const string followUp = "/reservations/suivi";
        string before;
        await using (var s = new Session(new PortalFactory(storage)))
        {
            await s.ClickAsync("lenny", "restauration", "2023-10-16");
            await s.ClickAsync("lenny", "restauration", "2023-10-09");
            Assert.Contains("1 réservation acceptée", Html.Text(await s.GetAsync(await s.ValidateAsync())));
            before = Html.Text(await s.GetAsync(followUp));
        }

        await using (var s = new Session(new PortalFactory(storage)))
        {
            var after = Html.Text(await s.GetAsync(followUp));

            Assert.Contains("Lu 16/10/2023 Restauration scolaire DUPONT Lenny 11:30 13:30 3,50 € Acceptée, non transmise", after);
            Assert.DoesNotContain("Lu 09/10/2023 Restauration scolaire DUPONT Lenny", after);
            Assert.Contains("Me 18/10/2023 ALSH 3-6 Mercredi Journée DUPONT Lenny 07:30 18:00 6,65 € En liste d'attente 2ᵉ en liste d'attente", after);
            Assert.Equal(before, after);
            Assert.Contains("Réservations acceptées 24 Liste d'attente 2 sur 6", Html.Text(await s.GetAsync("/agents?activite=alsh-36-mercredi-journee&jour=2023-10-18")));
        }
    }
}

/// <summary>A fact that needs the PostgreSQL server of the tests (<see cref="PostgresForTests"/>): skipped, saying why, when there is none — never under CI.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresForTests.SkipReason;
}
