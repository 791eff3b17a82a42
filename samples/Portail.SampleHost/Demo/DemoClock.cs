using NodaTime;
using Portail.Catalog;

namespace Portail.SampleHost.Demo;

/// <summary>A clock stopped at the demo instant, so that the demo data always shows the same states.</summary>
public sealed class DemoClock(Instant now, LocalDateTime local) : IClock
{
    /// <summary>The demo instant in the tenant's zone, for the banner.</summary>
    public LocalDateTime Local { get; } = local;

    public Instant GetCurrentInstant() => now;

    /// <summary>The demo clock when <c>Demo:Now</c> is set, the system clock otherwise.</summary>
    public static IClock From(DemoOptions options, Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (options.LocalNow is not { } local)
        {
            return SystemClock.Instance;
        }

        var zone = catalogue[options.TenantId].Zone;
        return new DemoClock(local.InZoneLeniently(zone).ToInstant(), local);
    }
}
