using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portail.Booking;
using Portail.Families;

namespace Portail.Adapters.Postgres;

/// <summary>
/// Validates the options and migrates the schema when the host starts, so that a bad setting, an
/// unreachable server or a schema too new for this package stops the start-up instead of the first
/// request. Without a host the stores migrate on first use. Does nothing when a later
/// <c>Use…Storage</c> call replaced PostgreSQL.
/// </summary>
internal sealed class PostgresMigrationService(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IBookingStore>() is PostgresBookingStore
            || services.GetService<IBasketStore>() is PostgresBasketStore
            || services.GetService<IFamilyDirectory>() is PostgresFamilyDirectory)
        {
            _ = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
            await services.GetRequiredService<PostgresDatabase>().EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
