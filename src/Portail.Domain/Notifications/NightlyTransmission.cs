using NodaTime;
using Portail.Accounts;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;

namespace Portail.Notifications;

/// <summary>
/// The nightly transmission (R-NTF-1, R-BSK-5): for a tenant and a day, the requests recorded up to
/// the end of that day (in the tenant's zone) become <i>transmises</i>, and each family with
/// movements and an e-mail address gets one report per structure, written to the outbox in the
/// same transaction. Running it again for the same day changes nothing and writes nothing more;
/// with several host processes, the store lets one transmission of a tenant run at a time
/// (<see cref="IBookingStore.TransmitAsync"/>), so it runs once.
/// </summary>
public sealed class NightlyTransmission
{
    private readonly Catalogue _catalogue;
    private readonly IBookingStore _store;
    private readonly IClock _clock;

    /// <summary>Creates the job (resolved from DI by <c>AddPortail</c>).</summary>
    public NightlyTransmission(Catalogue catalogue, IBookingStore store, IClock clock)
    {
        _catalogue = catalogue;
        _store = store;
        _clock = clock;
    }

    /// <summary>
    /// Transmits <paramref name="tenant"/>'s movements recorded before the end of <paramref name="day"/>
    /// (movements of earlier days a missed night left behind included). Run it after midnight for the
    /// day before; run by hand during the day, it reports what came so far, and the night reports the rest.
    /// The scheduler's call, with no acting identity; an agent's goes through <see cref="RunNowAsync"/>.
    /// </summary>
    public async Task<TransmissionResult> RunAsync(TenantId tenant, LocalDate day, CancellationToken cancellationToken = default)
    {
        var t = _catalogue[tenant];
        var until = day.PlusDays(1).AtStartOfDayInZone(t.Zone).ToInstant();
        var at = _clock.GetCurrentInstant();
        return await _store.TransmitAsync(tenant, until, (movements, contacts) => Reports(t, movements, contacts, at), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An agent's "transmit now" (R-NTF-1): <see cref="RunAsync"/> for today in the tenant's zone. The
    /// transmission covers every structure's families, so it needs a manager of every structure of the
    /// tenant (R-ACC-7): <see cref="AccessDeniedException"/> otherwise, before anything is transmitted.
    /// </summary>
    public Task<TransmissionResult> RunNowAsync(AgentActor agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var tenant = _catalogue[agent.Tenant];
        AccessControl.RequireAgent(agent, tenant.Id, AgentRole.Manager, tenant.Structures.Select(s => s.Id));
        return RunAsync(tenant.Id, _clock.GetCurrentInstant().InZone(tenant.Zone).Date, cancellationToken);
    }

    /// <summary>
    /// The rule of the reports (R-NTF-1): one per family that has movements and at least one e-mail
    /// address, and per structure of its movements' activities (an activity no longer in the
    /// catalogue counts in the tenant's first structure). Families without an address get none;
    /// their movements are transmitted all the same.
    /// </summary>
    public static IReadOnlyList<OutboxMail> Reports(Tenant tenant, IReadOnlyList<BookingMovement> movements, IReadOnlyDictionary<FamilyId, FamilyContact> contacts, Instant at)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(movements);
        ArgumentNullException.ThrowIfNull(contacts);
        return movements
            .Where(m => contacts.TryGetValue(m.Family, out var contact) && contact.Emails.Count > 0)
            .GroupBy(m => (m.Family, Structure: tenant.FindActivity(m.Key.Activity)?.Structure ?? tenant.Structures[0].Id))
            .Select(g => OutboxMails.TransmissionReport(tenant.Id, g.Key.Family, g.Key.Structure, g.ToList(), at))
            .ToList();
    }
}
