using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Dossier;
using Portail.Families;
using Portail.News;
using Portail.Notifications;
using Portail.Payments;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Everything a storage adapter provides, one object per port of the core. A storage package
/// implements it once and registers it with <see cref="PortailStorageExtensions.UseStorage{TStorage}"/>;
/// when a later version of the core adds a port, it is added here, so that an adapter that lacks
/// one does not compile instead of failing at run time.
/// </summary>
public interface IPortailStorage
{
    /// <summary>Bookings, day counts and waiting lists (R-BSK-2..4).</summary>
    IBookingStore Bookings { get; }

    /// <summary>The families' baskets before final validation (R-BSK-1).</summary>
    IBasketStore Baskets { get; }

    /// <summary>Families and their children.</summary>
    IFamilyDirectory Families { get; }

    /// <summary>The news items of the Accueil page (R-TEN-2).</summary>
    INewsStore News { get; }

    /// <summary>The families' wallets, as an append-only ledger (R-WAL-1).</summary>
    IWalletLedger Wallets { get; }

    /// <summary>The mails to send, recorded with the changes that cause them (ARCHITECTURE.md must 6); <see cref="Bookings"/> writes to it in its own transactions.</summary>
    IMailOutbox Outbox { get; }

    /// <summary>Accounts, sign-in failures and reset tokens (R-ACC-1..7); it writes each reset mail to <see cref="Outbox"/> in the token's transaction.</summary>
    IAccountStore Accounts { get; }
    /// <summary>The online payment attempts and their log (R-PAY-3); a move to paid writes to <see cref="Wallets"/> and <see cref="Outbox"/> in its own transaction.</summary>
    IPaymentStore Payments { get; }

    /// <summary>The family files (R-DOS): fiches, their transitions, contacts, referentials, health reads; a review writes its mail to <see cref="Outbox"/> in its own transaction.</summary>
    IDossierStore Dossiers { get; }

    /// <summary>
    /// Makes the storage ready when the host starts (creates or migrates its schema, checks it can
    /// reach its server), so that a bad setting stops the start-up instead of the first request.
    /// Called once per start; must be safe when several processes start at once.
    /// </summary>
    Task PrepareAsync(CancellationToken cancellationToken);
}
