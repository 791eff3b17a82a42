using Portail.Accounts;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using OneOf;
using Portail.Booking;
using Portail.Catalog;
using Portail.Windows;

namespace Portail.Billing;

/// <summary>What an agent records for a child on a day of an activity (R-WAL-4, SPEC §11).</summary>
public enum Attendance
{
    /// <summary>Present, as booked: billed.</summary>
    Present,

    /// <summary>Absent with a justification (illness…): not billed, unless the municipality bills it.</summary>
    AbsentJustified,

    /// <summary>Absent without justification: billed as booked, unless the municipality does not bill it.</summary>
    AbsentUnjustified,

    /// <summary>Present without a booking: billed at the family's price of the day, times the municipality's percentage.</summary>
    PresentWithoutBooking,
}

/// <summary>One line of the attendance sheet.</summary>
/// <param name="Child">The child.</param>
/// <param name="Family">The family account that pays (the booking's, or the one the agent names for an unbooked presence).</param>
/// <param name="Attendance">What happened.</param>
public sealed record AttendanceMark(ChildId Child, FamilyId Family, Attendance Attendance);

/// <summary>What a posting did.</summary>
/// <param name="Posted">Consumption movements written now.</param>
/// <param name="AlreadyPosted">Lines an earlier posting of the same day had written (nothing written again).</param>
/// <param name="Total">The euros the sheet debits, whether written now or by an earlier posting of the same day.</param>
public sealed record PostingReport(int Posted, int AlreadyPosted, decimal Total);

/// <summary>Why a posting was refused, in French for the agent; nothing was written.</summary>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record PostingRefused(string Message);

/// <summary>
/// Consumption posting (R-WAL-4, R-TAR-2): an agent's attendance sheet for one activity and day
/// becomes consumption movements in the ledger, written all together, once: each line's movement id
/// is derived from tenant, child, activity and day, so posting the same day again writes nothing
/// more. What is billed is the tenant's rule (<see cref="BillingRules"/>): by default presence and
/// unjustified absence are billed as booked, justified absence is not, and presence without a
/// booking is billed at the family's price of the day times <see cref="BillingRules.UnbookedPresencePercent"/>
/// (rounded to the cent).
/// </summary>
public sealed class ConsumptionPosting
{
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IBookingStore _bookings;
    private readonly IWalletLedger _ledger;
    private readonly IPriceList _prices;
    private readonly IFamilyPricing _pricing;

    /// <summary>Creates the use case over its ports.</summary>
    public ConsumptionPosting(Catalogue catalogue, IClock clock, IBookingStore bookings, IWalletLedger ledger, IPriceList prices, IFamilyPricing pricing)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _bookings = bookings ?? throw new ArgumentNullException(nameof(bookings));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _prices = prices ?? throw new ArgumentNullException(nameof(prices));
        _pricing = pricing ?? throw new ArgumentNullException(nameof(pricing));
    }

    /// <summary>
    /// Posts the attendance of one activity on one day; every line is checked before anything is
    /// written. The agent needs the clerk's role in the activity's structure (R-ACC-7).
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not a clerk of the activity's structure.</exception>
    public async Task<OneOf<PostingReport, PostingRefused>> PostDayAsync(AgentActor agent, ActivityId activityId, LocalDate date, IReadOnlyList<AttendanceMark> marks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(marks);
        var tenant = agent.Tenant;
        var t = _catalogue[tenant];
        if (t.FindActivity(activityId) is not { } activity)
        {
            return new PostingRefused($"L'activité « {activityId} » n'existe pas.");
        }

        AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, activity.Structure);

        if (BookingWindow.ServiceRefusal(t, activity, date) is { } noService)
        {
            return new PostingRefused($"Pas de pointage pour « {activity.Name} » le {French.LongDate(date)} : {noService.Message}");
        }

        var now = _clock.GetCurrentInstant();
        if (date > now.InZone(t.Zone).Date)
        {
            return new PostingRefused($"Le {French.LongDate(date)} n'est pas encore passé : on pointe une journée une fois qu'elle a eu lieu.");
        }

        var booked = (await _bookings.GetDayBookingsAsync(tenant, new DayKey(activityId, date), cancellationToken).ConfigureAwait(false))
            .Where(b => b.Status == BookingStatus.Accepted)
            .ToDictionary(b => b.Child);
        var movements = new List<WalletMovement>();
        foreach (var mark in marks.DistinctBy(m => m.Child))
        {
            var booking = booked.GetValueOrDefault(mark.Child);
            if (mark.Attendance == Attendance.PresentWithoutBooking ? booking is not null : booking is null)
            {
                return new PostingRefused(booking is null
                    ? $"L'enfant « {mark.Child} » n'a pas de réservation acceptée ce jour-là : pointez-le « présent sans réservation »."
                    : $"L'enfant « {mark.Child} » a une réservation acceptée ce jour-là : pointez-le présent ou absent.");
            }

            if (!t.Billing.Bills(mark.Attendance))
            {
                continue;
            }

            var family = booking?.Family ?? mark.Family;
            var quantity = activity.UnitsBetween(booking?.Arrival, booking?.Departure);
            var unit = _prices.PriceOf(t, await _pricing.ProfileAsync(tenant, family, cancellationToken).ConfigureAwait(false), activity, date);
            if (mark.Attendance == Attendance.PresentWithoutBooking)
            {
                unit = decimal.Round(unit * t.Billing.UnbookedPresencePercent / 100m, 2, MidpointRounding.AwayFromZero);
            }

            var amount = -decimal.Round(unit * quantity, 2, MidpointRounding.AwayFromZero);
            if (amount == 0)
            {
                continue;
            }

            movements.Add(new WalletMovement(MovementId(tenant, mark.Child, activityId, date), family, activity.Wallet, MovementKind.Consumption, amount, date, activity.Name)
            {
                RecordedAt = now,
                Child = mark.Child,
                UnitPrice = unit,
                Quantity = quantity,
            });
        }

        var posted = await _ledger.AppendAsync(tenant, movements, cancellationToken).ConfigureAwait(false);
        return new PostingReport(posted, movements.Count - posted, -movements.Sum(m => m.Amount));
    }

    // The same line posted twice gets the same id, which the ledger records once.
    private static Guid MovementId(TenantId tenant, ChildId child, ActivityId activity, LocalDate date)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"consumption|{tenant.Value}|{child.Value}|{activity.Value}|{date:uuuu-MM-dd}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
