using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NodaTime;
using OneOf;
using Portail.Catalog;
using Portail.Families;
using Portail.Notifications;

namespace Portail.Accounts;

/// <summary>
/// The use cases of accounts (R-ACC-1..6): creation with a temporary password, sign-in with
/// throttling, the forced change of a temporary password, change and reset of the password,
/// consent to the RGPD notice and CGU, the profile's e-mail addresses. Refusals are values with a
/// French message naming the rule broken; exceptions are for misuse.
/// </summary>
public sealed class AccountService
{
    private const string WrongCredentials = "Identifiant ou mot de passe incorrect.";
    private const string Saved = "Le mot de passe a bien été enregistré.";

    private readonly IAccountStore _store;
    private readonly IFamilyDirectory _directory;
    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly AccountOptions _options;
    private readonly PasswordPolicy _policy;
    private readonly Lazy<string> _dummyHash;

    /// <summary>Creates the service (resolved from DI by <c>AddPortail</c>).</summary>
    public AccountService(IAccountStore store, IFamilyDirectory directory, Catalogue catalogue, IClock clock, IOptions<AccountOptions> options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _policy = new PasswordPolicy(_options.PasswordPolicy);
        // Checked instead of an account's hash when the login id is unknown, so that both answers take as long.
        _dummyHash = new(() => PasswordHashing.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), _options.HashIterations));
    }

    /// <summary>The password policy in force, to list its rules on the page.</summary>
    public PasswordPolicy Policy => _policy;

    /// <summary>
    /// Creates a family account with a temporary password to deliver to the holder (R-ACC-1). Needs a
    /// manager of at least one structure of the tenant (R-ACC-7): <see cref="AccessDeniedException"/> otherwise.
    /// </summary>
    public async ValueTask<OneOf<AccountCreated, AccountRefused>> CreateFamilyAccountAsync(AgentActor agent, NewFamilyAccount request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(request);
        RequireAccountManager(agent);
        var tenant = agent.Tenant;
        if (request.SharedChildren is { Count: > 0 } shared)
        {
            // R-ACC-6: the shared children are the other parent's, recorded in another family of the tenant.
            var found = (await _directory.FindChildrenAsync(tenant, shared, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
            var unknown = shared.Where(c => !found.ContainsKey(c)).Select(c => $"« {c} »").ToList();
            if (unknown.Count > 0)
            {
                return new AccountRefused($"Aucun enfant n'a le code {string.Join(", ", unknown)} : vérifiez les codes des enfants à partager.");
            }

            if (shared.Where(found.ContainsKey).Select(c => found[c]).FirstOrDefault(c => c.Family == request.Family) is { } own)
            {
                return new AccountRefused($"{own.FirstName} est déjà rattaché(e) à la famille « {request.Family} » : on ne partage que les enfants de l'autre parent.");
            }
        }

        return await CreateAsync(tenant, request.Login, AccountKind.Family, request.Family, request.OtherGuardians ?? [], request.SharedChildren ?? [], [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an agent's account, granted <paramref name="grants"/> (R-ACC-7), with a temporary password.
    /// The acting agent grants only what it holds: a manager of every structure granted, with a role at
    /// least as high as the one it grants; <see cref="AccessDeniedException"/> otherwise.
    /// </summary>
    public async ValueTask<OneOf<AccountCreated, AccountRefused>> CreateAgentAccountAsync(AgentActor agent, LoginId login, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(grants);
        if (UnknownStructures(agent.Tenant, grants) is { } refused)
        {
            return refused;
        }

        RequireGrantor(agent, grants);
        return await CreateAsync(agent.Tenant, login, AccountKind.Agent, null, [], [], grants, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a tenant's first agent accounts when the portal is installed (a seeding job, a command
    /// line), where nobody is signed in to act: no acting identity is checked, so never call it from a
    /// page. Every later agent account is created by an agent (<see cref="CreateAgentAccountAsync"/>).
    /// </summary>
    public async ValueTask<OneOf<AccountCreated, AccountRefused>> ProvisionAgentAccountAsync(TenantId tenant, LoginId login, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grants);
        return UnknownStructures(tenant, grants) is { } refused
            ? refused
            : await CreateAsync(tenant, login, AccountKind.Agent, null, [], [], grants, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the account a new temporary password, which also lifts a lock (an agent's answer to a holder
    /// without e-mail, or locked out), to replace at the next sign-in; <see langword="null"/> when there is
    /// no such account. A family account needs a manager of at least one structure; an agent's account, a
    /// manager holding at least its roles in all its structures (R-ACC-7); <see cref="AccessDeniedException"/> otherwise.
    /// </summary>
    public async ValueTask<string?> IssueTemporaryPasswordAsync(AgentActor agent, LoginId login, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        RequireAccountManager(agent);
        var tenant = agent.Tenant;
        if (await _store.GetAsync(tenant, login, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return null;
        }

        if (account.Kind == AccountKind.Agent)
        {
            RequireGrantor(agent, account.Grants);
        }

        var password = TemporaryPassword(login);
        var set = await _store.SetPasswordAsync(tenant, login, PasswordHashing.Hash(password, _options.HashIterations), mustChange: true, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (set)
        {
            await _store.ClearFailuresAsync(tenant, ThrottleKey.ForLogin(login), cancellationToken).ConfigureAwait(false);
        }

        return set ? password : null;
    }

    /// <summary>
    /// Signs in (R-ACC-2): refuses at once a login locked after too many failures, or an address
    /// blocked; counts each failure against the login id (known or not) and the address; answers an
    /// unknown login id and a wrong password alike, after the same work. A right password hashed
    /// below the configured cost is hashed again.
    /// </summary>
    /// <param name="tenant">The tenant of the portal signed in to.</param>
    /// <param name="login">The login id as typed.</param>
    /// <param name="password">The password as typed.</param>
    /// <param name="address">The client's network address, for per-address throttling; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the sign-in.</param>
    public async ValueTask<OneOf<SignedIn, SignInRefused>> SignInAsync(TenantId tenant, string? login, string? password, string? address = null, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var t = _options.Throttle;
        ThrottleKey? addressKey = string.IsNullOrWhiteSpace(address) ? null : ThrottleKey.ForAddress(address.Trim());
        if (addressKey is { } ak && await _store.GetFailuresAsync(tenant, ak, cancellationToken).ConfigureAwait(false) is { LockedUntil: { } blocked } && blocked > now)
        {
            return new SignInRefused(SignInRefusal.AddressBlocked, $"Trop d'essais infructueux depuis votre connexion internet : réessayez après le {When(tenant, blocked)}.", blocked);
        }

        if (!TryLogin(login, out var id))
        {
            _ = PasswordHashing.Verify(password ?? string.Empty, _dummyHash.Value, _options.HashIterations);
            return new SignInRefused(SignInRefusal.WrongCredentials, WrongCredentials, null);
        }

        var key = ThrottleKey.ForLogin(id);
        var failures = await _store.GetFailuresAsync(tenant, key, cancellationToken).ConfigureAwait(false);
        if (failures is { LockedUntil: { } until } && until > now)
        {
            return Locked(tenant, until);
        }

        if (failures is not null && IsCurrent(failures, now, t.FailureWindow) && failures.LastFailureAt + Delay(failures.Count) is var retry && retry > now)
        {
            return await FailAsync(tenant, key, addressKey, now, tooSoon: retry, cancellationToken).ConfigureAwait(false);
        }

        var account = await _store.GetAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        var check = PasswordHashing.Verify(password ?? string.Empty, account?.PasswordHash ?? _dummyHash.Value, _options.HashIterations);
        if (account is null || check == PasswordCheck.Wrong)
        {
            return await FailAsync(tenant, key, addressKey, now, tooSoon: null, cancellationToken).ConfigureAwait(false);
        }

        if (failures is not null)
        {
            await _store.ClearFailuresAsync(tenant, key, cancellationToken).ConfigureAwait(false);
        }

        if (check == PasswordCheck.RightButWeak)
        {
            var stronger = PasswordHashing.Hash(password!, _options.HashIterations);
            if (await _store.ReplaceHashAsync(tenant, id, account.PasswordHash, stronger, cancellationToken).ConfigureAwait(false))
            {
                account = account with { PasswordHash = stronger };
            }
        }

        return new SignedIn(ToActor(tenant, account), account.MustChangePassword, ConsentsDue(account));
    }

    /// <summary>
    /// Who the account is, for the host to check on each request: <see langword="null"/> when the
    /// account no longer exists, or may not enter yet (a temporary password to replace, documents to
    /// accept). Grants and shared children are read afresh.
    /// </summary>
    public async ValueTask<Actor?> ActorAsync(TenantId tenant, LoginId login, CancellationToken cancellationToken = default)
    {
        var account = await _store.GetAsync(tenant, login, cancellationToken).ConfigureAwait(false);
        return account is null || account.MustChangePassword || ConsentsDue(account).Count > 0 ? null : ToActor(tenant, account);
    }

    /// <summary>
    /// The forced change at the first sign-in (R-ACC-2): the holder, signed in with a temporary
    /// password, chooses a new one and confirms it. Throws when the account has no temporary password
    /// (the host sends only such accounts here); use <see cref="ChangePasswordAsync"/> otherwise.
    /// </summary>
    public async ValueTask<OneOf<PasswordChanged, PasswordRefused>> ChooseNewPasswordAsync(TenantId tenant, LoginId login, string? password, string? confirmation, CancellationToken cancellationToken = default)
    {
        var account = await _store.GetAsync(tenant, login, cancellationToken).ConfigureAwait(false);
        if (account is not { MustChangePassword: true })
        {
            throw new InvalidOperationException($"The account '{login}' of {tenant} has no temporary password to replace: use ChangePasswordAsync, which asks for the current one.");
        }

        var problems = Check(password, confirmation, login).ToList();
        if (problems.Count == 0 && PasswordHashing.Verify(password!, account.PasswordHash, 0) != PasswordCheck.Wrong)
        {
            problems.Add(new(PasswordRule.SameAsCurrent, "Choisissez un mot de passe différent du mot de passe provisoire."));
        }

        return await SetAsync(tenant, login, password, problems, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the password from the profile (R-ACC-5): the current one is asked, and a wrong one counts as a failed sign-in.</summary>
    public async ValueTask<OneOf<PasswordChanged, PasswordRefused>> ChangePasswordAsync(TenantId tenant, LoginId login, string? current, string? password, string? confirmation, CancellationToken cancellationToken = default)
    {
        var account = await _store.GetAsync(tenant, login, cancellationToken).ConfigureAwait(false);
        if (account is null || PasswordHashing.Verify(current ?? string.Empty, account.PasswordHash, 0) == PasswordCheck.Wrong)
        {
            await FailAsync(tenant, ThrottleKey.ForLogin(login), null, _clock.GetCurrentInstant(), tooSoon: null, cancellationToken).ConfigureAwait(false);
            return new PasswordRefused([new(PasswordRule.CurrentPassword, "Le mot de passe actuel saisi est incorrect.")]);
        }

        var problems = Check(password, confirmation, login).ToList();
        if (problems.Count == 0 && string.Equals(password, current, StringComparison.Ordinal))
        {
            problems.Add(new(PasswordRule.SameAsCurrent, "Le nouveau mot de passe doit être différent de l'actuel."));
        }

        return await SetAsync(tenant, login, password, problems, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// "Réinitialiser votre mot de passe" (R-ACC-4): when the login id and the address match a family
    /// account, records a single-use token (its SHA-256 only) valid <see cref="AccountOptions.ResetLinkLifetime"/>
    /// and, in the same transaction, the mail carrying the link (<paramref name="resetPage"/> with
    /// <c>identifiant</c> and <c>jeton</c> added to its query). The answer is the same, after the same
    /// reads and counting, whether or not they matched; past <see cref="AccountOptions.MaxResetMailsPerHour"/>
    /// requests for a login id, nothing more is sent.
    /// </summary>
    public async ValueTask<ResetRequested> RequestResetAsync(TenantId tenant, string? login, string? email, Uri resetPage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resetPage);
        var now = _clock.GetCurrentInstant();
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var tokenHash = Sha256(token);
        var answer = new ResetRequested(
            "Si l'identifiant et l'adresse courriel saisis sont ceux connus du service, un message vient d'y être envoyé avec un lien pour choisir un nouveau mot de passe, "
            + $"valable {Minutes(_options.ResetLinkLifetime)}. Si vous ne le recevez pas, vérifiez vos courriers indésirables.");
        if (!TryLogin(login, out var id))
        {
            return answer;
        }

        var account = await _store.GetAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        var contact = await _directory.GetContactAsync(tenant, account?.Family ?? new FamilyId("-"), cancellationToken).ConfigureAwait(false);
        var requests = await _store.RecordFailureAsync(tenant, new ThrottleKey("reset:" + id.Value), now, Duration.FromHours(1), cancellationToken).ConfigureAwait(false);
        var typed = (email ?? string.Empty).Trim();
        var matches = account is { Kind: AccountKind.Family, Family: { } family }
            && contact is not null
            && contact.Emails.Any(e => string.Equals(e, typed, StringComparison.OrdinalIgnoreCase))
            && requests.Count <= _options.MaxResetMailsPerHour;
        if (matches)
        {
            var expires = now + Duration.FromTimeSpan(_options.ResetLinkLifetime);
            var link = new PasswordResetLink(Guid.NewGuid(), ResetLink(resetPage, id, token), expires);
            await _store.AddResetTokenAsync(tenant, new ResetToken(id, tokenHash, now, expires), OutboxMails.PasswordReset(tenant, account!.Family!.Value, link, now), cancellationToken).ConfigureAwait(false);
        }

        return answer;
    }

    /// <summary>
    /// Chooses a new password with a reset link (R-ACC-4). A link that was used, has expired, was
    /// replaced by a password change, belongs to another login id or was never issued gets one same
    /// answer (<see cref="PasswordRule.ResetLink"/>). A password refused by the policy leaves the link usable.
    /// </summary>
    public async ValueTask<OneOf<PasswordChanged, PasswordRefused>> ResetPasswordAsync(TenantId tenant, string? login, string? token, string? password, string? confirmation, CancellationToken cancellationToken = default)
    {
        var invalid = new PasswordRefused([new(PasswordRule.ResetLink, "Ce lien de réinitialisation n'est pas ou plus valable (il a déjà servi, a expiré ou a été remplacé) : demandez-en un nouveau.")]);
        var now = _clock.GetCurrentInstant();
        if (!TryLogin(login, out var id) || string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return invalid;
        }

        var tokenHash = Sha256(token);
        if (!await _store.FindResetTokenAsync(tenant, id, tokenHash, now, cancellationToken).ConfigureAwait(false))
        {
            return invalid;
        }

        var problems = Check(password, confirmation, id).ToList();
        if (problems.Count > 0)
        {
            return new PasswordRefused(problems);
        }

        var done = await _store.ResetPasswordAsync(tenant, id, tokenHash, PasswordHashing.Hash(password!, _options.HashIterations), now, cancellationToken).ConfigureAwait(false);
        return done ? new PasswordChanged(Saved) : invalid;
    }

    /// <summary>The documents the account must accept before entering (R-ACC-3): never accepted, or accepted in another version than the configured one.</summary>
    public IReadOnlyList<ConsentDocument> ConsentsDue(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Kind == AccountKind.Agent
            ? []
            : [.. new[] { ConsentDocument.Rgpd, ConsentDocument.Cgu }.Where(d => account.Consents.FirstOrDefault(c => c.Document == d)?.Version != _options.Consent.VersionOf(d))];
    }

    /// <summary>Records the holder's acceptance of <paramref name="accepted"/> in their configured version, now (R-ACC-3); answers the documents still due.</summary>
    public async ValueTask<IReadOnlyList<ConsentDocument>> AcceptAsync(TenantId tenant, LoginId login, IEnumerable<ConsentDocument> accepted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var now = _clock.GetCurrentInstant();
        foreach (var document in accepted.Distinct())
        {
            if (!await _store.RecordConsentAsync(tenant, login, new ConsentRecord(document, _options.Consent.VersionOf(document), now), cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"The tenant {tenant} has no account '{login}'.");
            }
        }

        var account = await _store.GetAsync(tenant, login, cancellationToken).ConfigureAwait(false);
        return account is null ? [] : ConsentsDue(account);
    }

    /// <summary>
    /// Replaces the family's e-mail addresses (R-ACC-5) from the profile's field, addresses separated
    /// by <c>;</c>. Each is checked on its own, and every faulty one is named in French; nothing is
    /// saved unless all are right. The addresses are the family's <see cref="FamilyContact"/>'s.
    /// </summary>
    public async ValueTask<OneOf<FamilyContact, EmailsRefused>> ChangeEmailsAsync(FamilyActor actor, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var addresses = FamilyContact.ParseEmails(text);
        var problems = new List<string>();
        if (addresses.Count == 0)
        {
            problems.Add("Indiquez au moins une adresse courriel : c'est à elle que le service écrit, et qu'un lien de réinitialisation du mot de passe peut être envoyé.");
        }
        else if (addresses.Count > FamilyContact.MaxEmails)
        {
            problems.Add($"Indiquez au plus {FamilyContact.MaxEmails} adresses (vous en avez saisi {addresses.Count}).");
        }

        problems.AddRange(addresses.Select(EmailAddress.Problem).OfType<string>());
        var contact = await _directory.GetContactAsync(actor.Tenant, actor.Family, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            problems.Add("Votre fiche de responsable n'est pas encore enregistrée : adressez-vous au service pour indiquer vos adresses.");
        }

        if (problems.Count > 0)
        {
            return new EmailsRefused(problems);
        }

        var changed = contact! with { Emails = addresses };
        await _directory.SaveContactAsync(actor.Tenant, changed, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The SHA-256 of a reset token as stored: 64 lower-case hex digits.</summary>
    internal static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The delay a next attempt must wait after <paramref name="failures"/> failures.</summary>
    internal Duration Delay(int failures)
    {
        var t = _options.Throttle;
        if (failures <= t.FreeFailures)
        {
            return Duration.Zero;
        }

        var delay = t.FirstDelay * Math.Pow(2, Math.Min(failures - t.FreeFailures - 1, 20));
        return Duration.FromTimeSpan(delay < t.MaxDelay ? delay : t.MaxDelay);
    }

    private static bool IsCurrent(FailureCount failures, Instant now, TimeSpan window) =>
        failures.WindowStart + Duration.FromTimeSpan(window) > now && (failures.LockedUntil is null || failures.LockedUntil > now);

    private static bool TryLogin(string? text, out LoginId login)
    {
        var trimmed = (text ?? string.Empty).Trim();
        login = new LoginId(trimmed);
        return trimmed.Length is > 0 and <= Identifier.MaxLength && !trimmed.Any(char.IsControl);
    }

    private static Uri ResetLink(Uri page, LoginId login, string token)
    {
        var builder = new UriBuilder(page);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "identifiant=" + Uri.EscapeDataString(login.Value) + "&jeton=" + token;
        return builder.Uri;
    }

    private static string Minutes(TimeSpan lifetime) =>
        lifetime.TotalMinutes % 60 == 0 ? (lifetime.TotalHours == 1 ? "une heure" : $"{lifetime.TotalHours:0} heures") : $"{lifetime.TotalMinutes:0} minutes";

    // Accounts are the managers' business: a manager of at least one structure of the tenant.
    private static void RequireAccountManager(AgentActor agent)
    {
        if (!agent.Grants.Values.Any(r => r >= AgentRole.Manager))
        {
            throw new AccessDeniedException("Les comptes sont gérés par un responsable de structure.");
        }
    }

    // An agent grants (or resets the password of an agent holding) only what it manages itself: every
    // structure, as manager, with a role at least as high.
    private static void RequireGrantor(AgentActor agent, IEnumerable<AgentGrant> grants)
    {
        foreach (var grant in grants)
        {
            AccessControl.RequireAgent(agent, agent.Tenant, grant.Role > AgentRole.Manager ? grant.Role : AgentRole.Manager, grant.Structure);
        }
    }

    private AccountRefused? UnknownStructures(TenantId tenant, IEnumerable<AgentGrant> grants)
    {
        var unknown = grants.Where(g => _catalogue[tenant].FindStructure(g.Structure) is null).Select(g => $"« {g.Structure} »").ToList();
        return unknown.Count > 0 ? new AccountRefused($"Structure inconnue : {string.Join(", ", unknown)}.") : null;
    }

    private async ValueTask<OneOf<AccountCreated, AccountRefused>> CreateAsync(
        TenantId tenant, LoginId login, AccountKind kind, FamilyId? family, IReadOnlyList<Guardian> guardians, IReadOnlyList<ChildId> children, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken)
    {
        if (!TryLogin(login.Value, out var id) || id.Value != login.Value)
        {
            return new AccountRefused($"L'identifiant « {login} » n'est pas valable : de 1 à {Identifier.MaxLength} caractères imprimables, sans espace au début ni à la fin.");
        }

        var password = TemporaryPassword(login);
        var account = new Account(login, kind, family, PasswordHashing.Hash(password, _options.HashIterations), MustChangePassword: true, _clock.GetCurrentInstant(), [], guardians, children, grants);
        return await _store.CreateAsync(tenant, account, cancellationToken).ConfigureAwait(false)
            ? new AccountCreated(login, password)
            : new AccountRefused($"L'identifiant « {login} » est déjà attribué à un autre compte.");
    }

    private async ValueTask<OneOf<PasswordChanged, PasswordRefused>> SetAsync(TenantId tenant, LoginId login, string? password, List<PasswordProblem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count > 0)
        {
            return new PasswordRefused(problems);
        }

        await _store.SetPasswordAsync(tenant, login, PasswordHashing.Hash(password!, _options.HashIterations), mustChange: false, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        return new PasswordChanged(Saved);
    }

    private IEnumerable<PasswordProblem> Check(string? password, string? confirmation, LoginId login)
    {
        foreach (var problem in _policy.Check(password, login))
        {
            yield return problem;
        }

        if (!string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            yield return new(PasswordRule.Confirmation, "La confirmation ne correspond pas au nouveau mot de passe : saisissez-le deux fois à l'identique.");
        }
    }

    private async ValueTask<SignInRefused> FailAsync(TenantId tenant, ThrottleKey key, ThrottleKey? addressKey, Instant now, Instant? tooSoon, CancellationToken cancellationToken)
    {
        var t = _options.Throttle;
        if (addressKey is { } ak)
        {
            var fromAddress = await _store.RecordFailureAsync(tenant, ak, now, Duration.FromTimeSpan(t.AddressWindow), cancellationToken).ConfigureAwait(false);
            if (fromAddress.Count >= t.MaxFailuresPerAddress)
            {
                await _store.LockAsync(tenant, ak, now + Duration.FromTimeSpan(t.AddressLockDuration), cancellationToken).ConfigureAwait(false);
            }
        }

        var failures = await _store.RecordFailureAsync(tenant, key, now, Duration.FromTimeSpan(t.FailureWindow), cancellationToken).ConfigureAwait(false);
        if (failures.Count >= t.MaxFailures)
        {
            var until = now + Duration.FromTimeSpan(t.LockDuration);
            await _store.LockAsync(tenant, key, until, cancellationToken).ConfigureAwait(false);
            return Locked(tenant, until);
        }

        if (tooSoon is { } wait)
        {
            return new SignInRefused(SignInRefusal.TooSoon, $"Après plusieurs essais infructueux, patientez avant de réessayer : réessayez après le {When(tenant, wait)}.", wait);
        }

        var delay = Delay(failures.Count);
        return new SignInRefused(SignInRefusal.WrongCredentials, WrongCredentials, delay > Duration.Zero ? now + delay : null);
    }

    private SignInRefused Locked(TenantId tenant, Instant until) =>
        new(
            SignInRefusal.Locked,
            $"Après trop d'essais infructueux, la connexion à ce compte est bloquée jusqu'au {When(tenant, until)}. Pour la débloquer dès maintenant, réinitialisez votre mot de passe.",
            until);

    private string When(TenantId tenant, Instant instant)
    {
        var local = instant.InZone(_catalogue.Find(tenant)?.Zone ?? DateTimeZone.Utc).LocalDateTime;
        return $"{French.LongDate(local.Date)} à {French.Time(local.TimeOfDay)}";
    }

    private string TemporaryPassword(LoginId login)
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        var length = Math.Clamp(12, _options.PasswordPolicy.MinLength, _options.PasswordPolicy.MaxLength);
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(lower + upper + digits, length);
            chars[0] = RandomNumberGenerator.GetItems<char>(lower, 1)[0];
            chars[1] = RandomNumberGenerator.GetItems<char>(upper, 1)[0];
            chars[2] = RandomNumberGenerator.GetItems<char>(digits, 1)[0];
            RandomNumberGenerator.Shuffle(chars.AsSpan());
            var password = new string(chars);
            if (_policy.Check(password, login).Count == 0)
            {
                return password;
            }
        }
    }

    private static Actor ToActor(TenantId tenant, Account account) =>
        (account.Kind == AccountKind.Family
            ? new FamilyActor(tenant, account.Login, account.Family!.Value, account.SharedChildren.ToHashSet())
            : (Actor)new AgentActor(tenant, account.Login, account.Grants.ToDictionary(g => g.Structure, g => g.Role)))
        with { PasswordStamp = Stamp(account.PasswordHash) };

    // A digest of the salted hash: new at every setting of the password, and says nothing of it.
    private static string Stamp(string passwordHash) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)).AsSpan(0, 12));
}

/// <summary>The check of one e-mail address typed by a family (R-ACC-5), with the French reason.</summary>
internal static class EmailAddress
{
    /// <summary>Why the address is not valid, naming it; <see langword="null"/> when it is.</summary>
    public static string? Problem(string address)
    {
        var reason = Reason(address);
        return reason is null ? null : $"L'adresse « {address} » n'est pas valide : {reason}.";
    }

    private static string? Reason(string address)
    {
        if (address.Length > FamilyContact.MaxEmailLength)
        {
            return $"elle compte {address.Length} caractères, {FamilyContact.MaxEmailLength} au plus";
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return "il manque le @ (exemple : prenom.nom@exemple.fr)";
        }

        if (at != address.LastIndexOf('@'))
        {
            return "elle contient plusieurs @ (séparez plusieurs adresses par un point-virgule)";
        }

        var (local, domain) = (address[..at], address[(at + 1)..]);
        if (local.Length == 0 || local.Length > 64)
        {
            return "la partie avant le @ est vide ou trop longue";
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "un point ne peut être ni au début ou à la fin de la partie avant le @, ni doublé";
        }

        if (local.FirstOrDefault(c => !(char.IsLetterOrDigit(c) || "!#$%&'*+/=?^_`{|}~.-".Contains(c, StringComparison.Ordinal))) is var bad and not '\0')
        {
            return $"elle contient un caractère non autorisé « {bad} »";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.Length > 63 || l.StartsWith('-') || l.EndsWith('-')))
        {
            return "le nom de domaine après le @ est incomplet (exemple : exemple.fr)";
        }

        if (domain.FirstOrDefault(c => !(char.IsLetterOrDigit(c) || c is '-' or '.')) is var badDomain and not '\0')
        {
            return $"le nom de domaine contient un caractère non autorisé « {badDomain} »";
        }

        return null;
    }
}
