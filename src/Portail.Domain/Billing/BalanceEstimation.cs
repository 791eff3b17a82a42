using System.Runtime.InteropServices;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;

namespace Portail.Billing;

/// <summary>One wallet on the "Paiement et solde" page (R-WAL-2, R-WAL-5).</summary>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Balance">Its balance: the sum of its movements (R-WAL-1).</param>
/// <param name="EstimatedCost">The cost of the bookings it will pay that are not yet debited, up to the chosen date.</param>
/// <param name="ProposedPayment">What brings the projected balance back to zero; 0 when it is not negative (R-WAL-5).</param>
public sealed record WalletEstimate(WalletType Wallet, decimal Balance, decimal EstimatedCost, decimal ProposedPayment)
{
    /// <summary>The projected balance (Nouveau solde) = balance − estimated cost (R-WAL-2).</summary>
    public decimal Projected => Balance - EstimatedCost;
}

/// <summary>The page's wallets and totals (R-WAL-3).</summary>
/// <param name="Until">The date the family chose ("Calculer vos réservations jusqu'au").</param>
/// <param name="Wallets">One line per wallet type of the structure.</param>
public sealed record BalanceEstimate(LocalDate Until, IReadOnlyList<WalletEstimate> Wallets)
{
    /// <summary>"Votre crédit": the sum of the balances when it is positive, else 0.</summary>
    public decimal Credit => Math.Max(0, Wallets.Sum(w => w.Balance));

    /// <summary>"Montant dû": what the balances owe, as a positive amount, else 0.</summary>
    public decimal Due => Math.Max(0, -Wallets.Sum(w => w.Balance));

    /// <summary>"Montant des réservations": the estimated cost of all wallets.</summary>
    public decimal Reservations => Wallets.Sum(w => w.EstimatedCost);

    /// <summary>"Solde estimé": the sum of the projected balances (Votre crédit − Montant des réservations, or −(Montant dû + Montant des réservations)).</summary>
    public decimal Estimated => Wallets.Sum(w => w.Projected);

    /// <summary>The total of the proposed payments (R-WAL-5).</summary>
    public decimal ProposedTotal => Wallets.Sum(w => w.ProposedPayment);
}

/// <summary>
/// "Paiement et solde" (R-WAL-2..5): balances from the ledger, the cost of the bookings not yet
/// debited up to a date, the projected balances and the payment that brings each back to zero.
/// With the default debit timing (a booking is debited when consumed, R-WAL-4), the bookings not
/// yet debited are those from today on; a booking of a past day is debited by the consumption posting.
/// A municipality that debits N days in advance (<see cref="BillingRules.DebitDaysInAdvance"/>) counts
/// the accepted bookings of today and the next N − 1 days in the balance, and those after in the estimate.
/// </summary>
public sealed class BalanceEstimation
{
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IWalletLedger _ledger;
    private readonly IBookingStore _bookings;

    /// <summary>Creates the use case over its ports.</summary>
    public BalanceEstimation(Catalogue catalogue, IClock clock, IWalletLedger ledger, IBookingStore bookings)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _bookings = bookings ?? throw new ArgumentNullException(nameof(bookings));
    }

    /// <summary>
    /// The estimate for the family's wallets in this structure up to <paramref name="until"/>,
    /// counting confirmed bookings, and pending ones (awaiting an answer, on a waiting list) when
    /// <paramref name="includePending"/> (R-WAL-2: "Type de réservation : Confirmées / En attente").
    /// </summary>
    public async Task<BalanceEstimate> EstimateAsync(FamilyScope scope, LocalDate until, bool includePending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var tenant = _catalogue[scope.Tenant];
        var today = _clock.GetCurrentInstant().InZone(tenant.Zone).Date;
        // One read of the family's bookings serves both the days debited in advance and the estimate.
        var last = LocalDate.Max(until, today.PlusDays(tenant.Billing.DebitDaysInAdvance - 1));
        var bookings = last < today ? [] : await _bookings.GetFamilyBookingsAsync(scope.Tenant, scope.Family, new DateInterval(today, last), cancellationToken).ConfigureAwait(false);
        var (balances, firstNotDebited) = await StatedBalancesAsync(tenant, scope.Family, today, bookings, cancellationToken).ConfigureAwait(false);
        // One pass over the bookings (about 1,500 a school year for three children): the structure's
        // activities by id once, the costs summed per wallet in place.
        var walletOf = tenant.ActivitiesOf(scope.Structure).ToDictionary(a => a.Id.Value, a => a.Wallet, StringComparer.Ordinal);
        var costs = new Dictionary<WalletTypeId, decimal>();
        foreach (var b in bookings)
        {
            if (b.Date > until)
            {
                continue;
            }

            var counted = b.Status == BookingStatus.Accepted ? b.Date >= firstNotDebited : includePending && b.Status is BookingStatus.AwaitingAnswer or BookingStatus.Waitlisted;
            if (counted && walletOf.TryGetValue(b.Activity.Value, out var wallet))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(costs, wallet, out _) += b.Cost;
            }
        }

        var wallets = tenant.WalletTypes
            .Where(w => w.Structure == scope.Structure)
            .Select(w =>
            {
                var balance = balances.GetValueOrDefault(w.Id);
                var cost = costs.GetValueOrDefault(w.Id);
                return new WalletEstimate(w, balance, cost, Math.Max(0, cost - balance));
            })
            .ToList();
        return new BalanceEstimate(until, wallets);
    }

    /// <summary>
    /// The family's balances as the municipality states them (R-WAL-1, R-WAL-4): the ledger's sums,
    /// less, when it debits <see cref="BillingRules.DebitDaysInAdvance"/> days in advance, the
    /// accepted bookings of those days ("ce qui a été payé − ce qui est consommé sur les 15 prochains
    /// jours"). The debtor gate measures these.
    /// </summary>
    public async Task<IReadOnlyList<WalletBalance>> BalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = _catalogue[tenant];
        var today = _clock.GetCurrentInstant().InZone(t.Zone).Date;
        var days = t.Billing.DebitDaysInAdvance;
        var debited = days == 0 ? [] : await _bookings.GetFamilyBookingsAsync(tenant, family, new DateInterval(today, today.PlusDays(days - 1)), cancellationToken).ConfigureAwait(false);
        var (balances, _) = await StatedBalancesAsync(t, family, today, debited, cancellationToken).ConfigureAwait(false);
        return balances.Select(b => new WalletBalance(b.Key, b.Value)).OrderBy(b => b.Wallet.Value, StringComparer.Ordinal).ToList();
    }

    // The balances per wallet, and the first day whose accepted bookings are not in them; bookings
    // holds at least the family's bookings of the days debited in advance.
    private async Task<(Dictionary<WalletTypeId, decimal> Balances, LocalDate FirstNotDebited)> StatedBalancesAsync(Tenant tenant, FamilyId family, LocalDate today, IReadOnlyList<ChildBooking> bookings, CancellationToken cancellationToken)
    {
        var balances = (await _ledger.GetBalancesAsync(tenant.Id, family, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Wallet, b => b.Balance);
        var firstNotDebited = today.PlusDays(tenant.Billing.DebitDaysInAdvance);
        foreach (var b in bookings)
        {
            if (b.Status == BookingStatus.Accepted && b.Date < firstNotDebited && tenant.FindActivity(b.Activity) is { } activity)
            {
                balances[activity.Wallet] = balances.GetValueOrDefault(activity.Wallet) - b.Cost;
            }
        }

        return (balances, firstNotDebited);
    }
}
