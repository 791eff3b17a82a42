using Microsoft.Extensions.DependencyInjection;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Dossier;
using Portail.Families;
using Portail.News;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.Adapters.Postgres;

/// <summary>Every port of the core on one PostgreSQL database; the schema is migrated when the host starts (or on first use without a host), under an advisory lock.</summary>
internal sealed class PostgresStorage(PostgresDatabase database) : IPortailStorage
{
    public IBookingStore Bookings { get; } = new PostgresBookingStore(database);

    public IBasketStore Baskets { get; } = new PostgresBasketStore(database);

    public IFamilyDirectory Families { get; } = new PostgresFamilyDirectory(database);

    public INewsStore News { get; } = new PostgresNewsStore(database);

    public IWalletLedger Wallets { get; } = new PostgresWalletLedger(database);

    public IMailOutbox Outbox { get; } = new PostgresMailOutbox(database);

    public IAccountStore Accounts { get; } = new PostgresAccountStore(database);
    public IPaymentStore Payments { get; } = new PostgresPaymentStore(database);

    public IDossierStore Dossiers { get; } = new PostgresDossierStore(database);

    public Task PrepareAsync(CancellationToken cancellationToken) => database.EnsureMigratedAsync(cancellationToken);
}
