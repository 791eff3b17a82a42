using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portail.Booking;
using Portail.Families;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// Migrates the schema when the host starts, so that a file too new for this package, or a bad
/// connection string, stops the start-up instead of the first request. Without a host the stores
/// migrate on first use. Does nothing when a later <c>Use…Storage</c> call replaced SQLite.
/// </summary>
internal sealed class SqliteMigrationService(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IBookingStore>() is SqliteBookingStore
            || services.GetService<IBasketStore>() is SqliteBasketStore
            || services.GetService<IFamilyDirectory>() is SqliteFamilyDirectory)
        {
            await services.GetRequiredService<SqliteDatabase>().EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
