using Portail.Catalog;
using Portail.Families;

namespace Portail.Accounts;

/// <summary>
/// Who is acting (R-ACC-7): a signed-in family account or agent, in one tenant. The host gets it
/// from <see cref="AccountService.SignInAsync"/> or, on each request, from
/// <see cref="AccountService.ActorAsync"/> (so that a change of grants applies at once), and hands
/// it to <see cref="AccessControl"/> before a use case reads or changes anything.
/// </summary>
/// <param name="Tenant">The tenant the account belongs to; it sees nothing of another (R-TEN-1).</param>
/// <param name="Login">The account's login id.</param>
public abstract record Actor(TenantId Tenant, LoginId Login)
{
    /// <summary>
    /// Changes whenever the account's password is set (changed, reset, a temporary password issued,
    /// or rehashed at a higher cost): a session opened under another stamp is over, so that changing
    /// a password signs out every other session. Empty for an actor built outside an account.
    /// </summary>
    public string PasswordStamp { get; init; } = "";
}

/// <summary>A family account: acts for its own <paramref name="Family"/> — bookings, wallet, payments, quotient — and for its children and <paramref name="SharedChildren"/> (R-ACC-6).</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Login">The login id.</param>
/// <param name="Family">The family it acts for.</param>
/// <param name="SharedChildren">Children of another family account it may also book for (separated parents).</param>
public sealed record FamilyActor(TenantId Tenant, LoginId Login, FamilyId Family, IReadOnlySet<ChildId> SharedChildren) : Actor(Tenant, Login);

/// <summary>An agent, with a role in each structure granted (R-ACC-7).</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Login">The login id.</param>
/// <param name="Grants">The role in each structure granted.</param>
public sealed record AgentActor(TenantId Tenant, LoginId Login, IReadOnlyDictionary<StructureId, AgentRole> Grants) : Actor(Tenant, Login)
{
    /// <summary>Whether the agent holds at least <paramref name="role"/> in <paramref name="structure"/>.</summary>
    public bool Holds(StructureId structure, AgentRole role) => Grants.TryGetValue(structure, out var held) && held >= role;
}

/// <summary>An access check's answer: allowed, or denied with the reason (French, for the page and the log).</summary>
/// <param name="IsAllowed">Whether the actor may go on.</param>
/// <param name="Reason">Why not, when denied.</param>
public sealed record AccessDecision(bool IsAllowed, string? Reason)
{
    /// <summary>Allowed.</summary>
    public static AccessDecision Allowed { get; } = new(true, null);

    /// <summary>Denied, with the reason.</summary>
    public static AccessDecision Denied(string reason) => new(false, reason);

    /// <summary>Goes on when allowed; otherwise throws <see cref="AccessDeniedException"/> with the reason.</summary>
    public void ThrowIfDenied()
    {
        if (!IsAllowed)
        {
            throw new AccessDeniedException(Reason ?? "Accès refusé.");
        }
    }
}

/// <summary>
/// A use case was called by an actor who may not do it (R-ACC-7): another family's data, a structure
/// not granted, another tenant. Nothing was read or changed. The message is French, for the page;
/// a host answers 403 (or 404, so as not to reveal that the data exists).
/// </summary>
public sealed class AccessDeniedException : UnauthorizedAccessException
{
    /// <summary>Creates the exception with the reason.</summary>
    public AccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the standard reason.</summary>
    public AccessDeniedException()
        : base("Accès refusé.")
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The one place that answers "may this actor see or change this?" (R-ACC-6, R-ACC-7, R-TEN-1).
/// A family sees only its own family's data (bookings, wallet, payments, fiches) and only its own
/// and shared children; an agent sees only the structures granted: a booking by its activity's
/// structure, a wallet by its wallet type's structure, a structure's fiche by that structure; data
/// of no structure (a family's file, its children) needs a grant in at least one structure of the
/// tenant. Nothing is ever allowed across tenants. Use cases call it before touching the stores.
/// </summary>
public sealed class AccessControl
{
    private const string OtherTenant = "Ces données appartiennent à une autre collectivité.";
    private const string NotYours = "Ces données ne concernent pas votre compte.";
    private const string NotGranted = "Votre compte d'agent n'a pas accès à cette structure.";

    private readonly IFamilyDirectory _directory;
    private readonly Catalogue _catalogue;

    /// <summary>Creates the check over the family directory (whose children are whose) and the catalogue (which structure runs what).</summary>
    public AccessControl(IFamilyDirectory directory, Catalogue catalogue)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
    }

    /// <summary>May the actor see or change the family's own data (its file, contact, account-level fiches)?</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "One service for every check, whether or not it reads the stores.")]
    public AccessDecision Family(Actor actor, TenantId tenant, FamilyId family) => actor switch
    {
        _ when actor.Tenant != tenant => AccessDecision.Denied(OtherTenant),
        FamilyActor f => f.Family == family ? AccessDecision.Allowed : AccessDecision.Denied(NotYours),
        AgentActor a => a.Grants.Count > 0 ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted),
        _ => AccessDecision.Denied(NotYours),
    };

    /// <summary>May the actor see the child (and book for them)? A family: its own children and its shared ones; an agent: any child of the tenant, with a grant.</summary>
    public async ValueTask<AccessDecision> ChildAsync(Actor actor, TenantId tenant, ChildId child, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Tenant != tenant)
        {
            return AccessDecision.Denied(OtherTenant);
        }

        return actor switch
        {
            FamilyActor f when f.SharedChildren.Contains(child) => AccessDecision.Allowed,
            FamilyActor f => (await _directory.GetChildrenAsync(tenant, f.Family, cancellationToken).ConfigureAwait(false)).Any(c => c.Id == child)
                ? AccessDecision.Allowed
                : AccessDecision.Denied(NotYours),
            AgentActor a => a.Grants.Count > 0 ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted),
            _ => AccessDecision.Denied(NotYours),
        };
    }

    /// <summary>
    /// May the actor see (or, with <paramref name="role"/> Clerk, change) a booking of
    /// <paramref name="child"/> for <paramref name="activity"/> made by <paramref name="family"/>
    /// (a new one: the actor's own family)? A family: only its own bookings, of its own or shared
    /// children — never the other parent's (R-ACC-6); an agent: the activity's structure granted.
    /// </summary>
    public async ValueTask<AccessDecision> BookingAsync(Actor actor, TenantId tenant, FamilyId family, ChildId child, ActivityId activity, AgentRole role = AgentRole.Reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Tenant != tenant)
        {
            return AccessDecision.Denied(OtherTenant);
        }

        if (actor is AgentActor agent)
        {
            return _catalogue.Find(tenant)?.FindActivity(activity) is { } a && agent.Holds(a.Structure, role) ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted);
        }

        var own = Family(actor, tenant, family);
        return own.IsAllowed ? await ChildAsync(actor, tenant, child, cancellationToken).ConfigureAwait(false) : own;
    }

    /// <summary>May the actor see (or change, with <paramref name="role"/>) the family's wallet of this type and its payments? A family: its own only (R-ACC-6); an agent: the wallet's structure granted.</summary>
    public AccessDecision Wallet(Actor actor, TenantId tenant, FamilyId family, WalletTypeId wallet, AgentRole role = AgentRole.Reader)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is AgentActor agent && agent.Tenant == tenant)
        {
            var type = _catalogue.Find(tenant)?.WalletTypes.FirstOrDefault(w => w.Id == wallet);
            return type is not null && agent.Holds(type.Structure, role) ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted);
        }

        return Family(actor, tenant, family);
    }

    /// <summary>
    /// May the actor see or change a fiche of the family file (R-DOS-1): of the account
    /// (<paramref name="child"/> null) or of a child; a structure's fiche (Règlement intérieur) names
    /// its <paramref name="structure"/>. A family: its own file, its own or shared children; an agent:
    /// the structure granted, or any grant for a fiche of no structure.
    /// </summary>
    public async ValueTask<AccessDecision> FicheAsync(Actor actor, TenantId tenant, FamilyId family, ChildId? child, StructureId? structure, AgentRole role = AgentRole.Reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is AgentActor agent && agent.Tenant == tenant)
        {
            return structure is { } s
                ? agent.Holds(s, role) ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted)
                : agent.Grants.Values.Any(r => r >= role) ? AccessDecision.Allowed : AccessDecision.Denied(NotGranted);
        }

        var own = Family(actor, tenant, family);
        return own.IsAllowed && child is { } c ? await ChildAsync(actor, tenant, c, cancellationToken).ConfigureAwait(false) : own;
    }

    /// <summary>May the actor work in the structure's back-office with <paramref name="role"/> (agents only; a family's choice of structure needs no check)?</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "One service for every check, whether or not it reads the stores.")]
    public AccessDecision Structure(Actor actor, TenantId tenant, StructureId structure, AgentRole role = AgentRole.Reader) => StructureAccess(actor, tenant, structure, role);

    /// <summary>
    /// The back-office use cases' check (R-ACC-7): throws <see cref="AccessDeniedException"/> unless
    /// <paramref name="actor"/> is an agent of <paramref name="tenant"/> holding <paramref name="role"/>
    /// in every one of <paramref name="structures"/>.
    /// </summary>
    internal static void RequireAgent(Actor actor, TenantId tenant, AgentRole role, params IEnumerable<StructureId> structures)
    {
        foreach (var structure in structures)
        {
            StructureAccess(actor, tenant, structure, role).ThrowIfDenied();
        }
    }

    private static AccessDecision StructureAccess(Actor actor, TenantId tenant, StructureId structure, AgentRole role)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor switch
        {
            _ when actor.Tenant != tenant => AccessDecision.Denied(OtherTenant),
            AgentActor a when a.Holds(structure, role) => AccessDecision.Allowed,
            AgentActor => AccessDecision.Denied(NotGranted),
            _ => AccessDecision.Denied("Cette page est réservée aux agents du service."),
        };
    }
}
