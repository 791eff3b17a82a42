using Microsoft.Extensions.DependencyInjection;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Dossier;
using Portail.Families;
using Portail.News;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.Adapters.Sqlite;

/// <summary>Every port of the core on one SQLite file; the schema is migrated when the host starts (or on first use without a host).</summary>
internal sealed class SqliteStorage(SqliteDatabase database) : IPortailStorage
{
    public IBookingStore Bookings { get; } = new SqliteBookingStore(database);

    public IBasketStore Baskets { get; } = new SqliteBasketStore(database);

    public IFamilyDirectory Families { get; } = new SqliteFamilyDirectory(database);

    public INewsStore News { get; } = new SqliteNewsStore(database);

    public IWalletLedger Wallets { get; } = new SqliteWalletLedger(database);

    public IMailOutbox Outbox { get; } = new SqliteMailOutbox(database);

    public IAccountStore Accounts { get; } = new SqliteAccountStore(database);
    public IPaymentStore Payments { get; } = new SqlitePaymentStore(database);

    public IDossierStore Dossiers { get; } = new SqliteDossierStore(database);

    public Task PrepareAsync(CancellationToken cancellationToken) => database.EnsureMigratedAsync(cancellationToken).AsTask();
}
