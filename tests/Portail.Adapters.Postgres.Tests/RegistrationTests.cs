using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portail.Booking;
using Portail.Families;
using Portail.InMemory;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>
/// <c>UsePostgresStorage</c>: the ports it registers, the last <c>Use…Storage</c> winning, and options
/// validated at start-up with messages naming the setting. No server is needed: these always run.
/// </summary>
public sealed class RegistrationTests
{
    /// <summary>UsePostgresStorage registers every storage port, once, on one database.</summary>
    [Fact]
    public void UsePostgresStorage_registers_every_storage_port_on_one_database()
    {
        using var services = Build(b => b.UsePostgresStorage("Host=localhost;Database=portail;Username=portail;Password=x"));

        Assert.IsType<PostgresBookingStore>(services.GetRequiredService<IBookingStore>());
        Assert.Same(services.GetRequiredService<IBookingStore>(), services.GetRequiredService<IBookingReader>());
        Assert.IsType<PostgresBasketStore>(services.GetRequiredService<IBasketStore>());
        Assert.IsType<PostgresFamilyDirectory>(services.GetRequiredService<IFamilyDirectory>());
        Assert.Single(services.GetServices<IBookingStore>());
        Assert.IsType<PostgresStorage>(services.GetRequiredService<IPortailStorage>());
        Assert.Equal("portail", services.GetRequiredService<PostgresDatabase>().SchemaName);
    }

    /// <summary>The last Use…Storage wins, in both directions; a second UsePostgresStorage replaces the first's options.</summary>
    [Fact]
    public void The_last_storage_registration_wins()
    {
        using (var inMemoryLast = Build(b => b.UsePostgresStorage("Host=localhost").UseInMemoryStorage()))
        {
            Assert.IsType<InMemoryBookingStore>(Assert.Single(inMemoryLast.GetServices<IBookingStore>()));
            Assert.IsType<InMemoryBasketStore>(Assert.Single(inMemoryLast.GetServices<IBasketStore>()));
        }

        using (var postgresLast = Build(b => b.UseInMemoryStorage().UsePostgresStorage("Host=localhost")))
        {
            Assert.IsType<PostgresBookingStore>(Assert.Single(postgresLast.GetServices<IBookingStore>()));
            Assert.IsType<PostgresFamilyDirectory>(Assert.Single(postgresLast.GetServices<IFamilyDirectory>()));
        }

        using var twice = Build(b => b.UsePostgresStorage(o => o.ConnectionString = "Host=first").UsePostgresStorage(o => o.ConnectionString = "Host=second"));
        Assert.Equal("Host=second", twice.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.ConnectionString);
    }

    /// <summary>A missing or malformed connection string, and a schema name that is not a plain identifier, are refused naming the setting.</summary>
    [Theory]
    [InlineData("", "portail", "PostgresStorageOptions.ConnectionString is empty")]
    [InlineData("Database=portail", "portail", "PostgresStorageOptions.ConnectionString names no server: set Host")]
    [InlineData("Host=localhost;Nonsense Key=1", "portail", "PostgresStorageOptions.ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Host=localhost", "Portail-Prod", "PostgresStorageOptions.Schema is 'Portail-Prod'")]
    [InlineData("Host=localhost", "pg_portail", "PostgresStorageOptions.Schema is 'pg_portail': names starting with pg_ are reserved")]
    public async Task Invalid_options_are_refused_at_start_up_naming_the_setting(string connectionString, string schema, string expected)
    {
        using var services = Build(b => b.UsePostgresStorage(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A host that replaced PostgreSQL by a later Use…Storage does not check the PostgreSQL options at start-up.</summary>
    [Fact]
    public async Task A_replaced_postgres_registration_does_nothing_at_start_up()
    {
        using var services = Build(b => b.UsePostgresStorage(string.Empty).UseInMemoryStorage());
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    private static ServiceProvider Build(Func<IPortailBuilder, IPortailBuilder> storage) =>
        storage(new ServiceCollection().AddPortail(new ConfigurationBuilder().Build())).Services.BuildServiceProvider();
}
