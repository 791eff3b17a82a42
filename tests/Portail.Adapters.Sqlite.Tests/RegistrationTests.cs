using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portail.Booking;
using Portail.Families;
using Portail.InMemory;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>UseSqliteStorage registers every storage port, the last Use…Storage wins, and bad options stop the start-up naming the setting.</summary>
public sealed class RegistrationTests : OnASqliteFile
{
    [Fact]
    public void The_package_exposes_its_options_and_one_extension_class_only()
    {
        var exported = typeof(SqliteStorageOptions).Assembly.GetExportedTypes().Select(t => t.FullName).Order(StringComparer.Ordinal);

        Assert.Equal(["Microsoft.Extensions.DependencyInjection.SqliteStorageExtensions", "Portail.Adapters.Sqlite.SqliteStorageOptions"], exported);
    }

    [Fact]
    public void UseSqliteStorage_registers_every_storage_port_on_one_database()
    {
        var booking = Database.Get<IBookingStore>();

        Assert.IsType<SqliteBookingStore>(booking);
        Assert.Same(booking, Database.Get<IBookingReader>());
        Assert.IsType<SqliteBasketStore>(Database.Get<IBasketStore>());
        Assert.IsType<SqliteFamilyDirectory>(Database.Get<IFamilyDirectory>());
    }

    [Fact]
    public async Task The_last_Use_Storage_call_wins()
    {
        using var sqlite = Build(b => b.UseInMemoryStorage().UseSqliteStorage("Data Source=unused.db").UseSqliteStorage(Database.ConnectionString));
        Assert.IsType<SqliteBookingStore>(sqlite.GetRequiredService<IBookingStore>());
        Assert.Equal(Database.ConnectionString, sqlite.GetRequiredService<IOptions<SqliteStorageOptions>>().Value.ConnectionString);

        var file = Path.Combine(Database.Folder, "never.db");
        using var memory = Build(b => b.UseSqliteStorage($"Data Source={file}").UseInMemoryStorage());
        Assert.IsType<InMemoryBookingStore>(memory.GetRequiredService<IBookingStore>());
        Assert.IsType<InMemoryBasketStore>(memory.GetRequiredService<IBasketStore>());
        await TempDatabase.StartAsync(memory);
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("", "SqliteStorageOptions.ConnectionString is empty")]
    [InlineData("   ", "SqliteStorageOptions.ConnectionString is empty")]
    [InlineData("portail.db", "SqliteStorageOptions.ConnectionString is not a valid SQLite connection string")]
    [InlineData("Data Source=portail.db;Colour=blue", "SqliteStorageOptions.ConnectionString is not a valid SQLite connection string")]
    [InlineData("Mode=ReadWriteCreate", "SqliteStorageOptions.ConnectionString names no file")]
    [InlineData("Data Source=:memory:", "SqliteStorageOptions.ConnectionString opens an in-memory database")]
    [InlineData("Data Source=portail;Mode=Memory;Cache=Shared", "SqliteStorageOptions.ConnectionString opens an in-memory database")]
    [InlineData("Data Source=portail.db;Mode=ReadOnly", "SqliteStorageOptions.ConnectionString opens the database read-only")]
    [InlineData("Data Source=portail.db;Cache=Shared", "SqliteStorageOptions.ConnectionString asks for a shared cache")]
    public async Task A_bad_connection_string_stops_the_start_up_naming_the_setting(string connectionString, string message)
    {
        using var services = Build(b => b.UseSqliteStorage(connectionString));

        // The hosted services the generic host starts: the storage is prepared first.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TempDatabase.StartAsync(services));

        Assert.Equal(typeof(SqliteStorageOptions), error.OptionsType);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_and_a_bad_timeout_are_both_named()
    {
        using var services = Build(b => b.UseSqliteStorage(o => o.BusyTimeout = TimeSpan.Zero));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IBookingStore>());

        Assert.Contains("SqliteStorageOptions.BusyTimeout is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("SqliteStorageOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Func<IPortailBuilder, IPortailBuilder> storage) =>
        storage(new ServiceCollection().AddPortail(new ConfigurationBuilder().Build())).Services.BuildServiceProvider();
}
