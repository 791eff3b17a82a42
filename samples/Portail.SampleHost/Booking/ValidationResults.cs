using Microsoft.Extensions.Caching.Memory;
using Portail.Booking;

namespace Portail.SampleHost.Booking;

/// <summary>
/// The validation reports this host has shown, by submission id, for half an hour: the result page is
/// reached by a redirect after the POST (a refresh does not submit again), and a second click on
/// "Valider" that arrives after the first has emptied the basket is answered with the first report.
/// The core already guarantees that a submission is recorded once; this only keeps what to show.
/// </summary>
public sealed class ValidationResults(IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions Retention = new() { SlidingExpiration = TimeSpan.FromMinutes(30) };

    /// <summary>Keeps the report of a submission.</summary>
    public void Keep(TenantId tenant, FamilyId family, Guid submission, ShownValidation shown) =>
        cache.Set(Key(tenant, family, submission), shown, Retention);

    /// <summary>The report of a submission of this family, or <see langword="null"/> when none is kept.</summary>
    public ShownValidation? Find(TenantId tenant, FamilyId family, Guid submission) =>
        cache.TryGetValue(Key(tenant, family, submission), out ShownValidation? shown) ? shown : null;

    private static (string, TenantId, FamilyId, Guid) Key(TenantId tenant, FamilyId family, Guid submission) => ("validation", tenant, family, submission);
}

/// <summary>A validation report and the calendar it was made from (for the links back).</summary>
/// <param name="Report">The core's report.</param>
/// <param name="Back">The route values of the calendar the family came from.</param>
public sealed record ShownValidation(ValidationReport Report, CalendarRoute Back);

/// <summary>Where the calendar was: child, activity and month as route values (any may be null).</summary>
/// <param name="Structure">The structure, null for the default one.</param>
/// <param name="Child">The child's id.</param>
/// <param name="Activity">The activity's id.</param>
/// <param name="Month">The month, "2023-10".</param>
public sealed record CalendarRoute(string? Structure, string? Child, string? Activity, string? Month);
