using Portail.Accounts;

namespace Portail.Families;

/// <summary>The children a family account acts for (R-ACC-6).</summary>
public static class FamilyChildren
{
    /// <summary>
    /// The children <paramref name="actor"/> may see and book for: its family's, in their order,
    /// then the children it shares with a separated parent's account.
    /// </summary>
    public static async ValueTask<IReadOnlyList<Child>> GetChildrenAsync(this IFamilyDirectory directory, FamilyActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(actor);
        var own = await directory.GetChildrenAsync(actor.Tenant, actor.Family, cancellationToken).ConfigureAwait(false);
        var shared = actor.SharedChildren.Where(c => own.All(o => o.Id != c)).ToList();
        return shared.Count == 0 ? own : [.. own, .. await directory.FindChildrenAsync(actor.Tenant, shared, cancellationToken).ConfigureAwait(false)];
    }
}
