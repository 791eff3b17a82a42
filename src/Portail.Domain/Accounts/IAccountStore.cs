using NodaTime;
using Portail.Notifications;

namespace Portail.Accounts;

/// <summary>
/// What failed sign-ins are counted against: an account's login id, or the address requests come
/// from (R-ACC-2, throttling). Its <see cref="Value"/> is what the stores key the count on.
/// </summary>
/// <param name="Value"><c>login:…</c> or <c>address:…</c>.</param>
public readonly record struct ThrottleKey(string Value)
{
    /// <summary>The failures of one account.</summary>
    public static ThrottleKey ForLogin(LoginId login) => new("login:" + login.Value);

    /// <summary>The failures coming from one network address (IPv4 or IPv6 text).</summary>
    public static ThrottleKey ForAddress(string address) => new("address:" + address);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The failed sign-ins counted against a <see cref="ThrottleKey"/>.</summary>
/// <param name="Count">Failures since <see cref="WindowStart"/>.</param>
/// <param name="WindowStart">The first failure of the current count.</param>
/// <param name="LastFailureAt">The latest failure.</param>
/// <param name="LockedUntil">When a lock ends, or <see langword="null"/> when none was set in this count.</param>
public sealed record FailureCount(int Count, Instant WindowStart, Instant LastFailureAt, Instant? LockedUntil);

/// <summary>A password reset request (R-ACC-4), as stored: the token's SHA-256 only, never the token.</summary>
/// <param name="Login">The account it resets.</param>
/// <param name="TokenHash">The SHA-256 of the token, 64 lower-case hex digits.</param>
/// <param name="CreatedAt">When it was requested.</param>
/// <param name="ExpiresAt">When it stops working (excluded).</param>
public sealed record ResetToken(LoginId Login, string TokenHash, Instant CreatedAt, Instant ExpiresAt);

/// <summary>
/// Where accounts are kept (R-ACC-1..7); every read and write is scoped to one tenant (R-TEN-1).
/// Counting failures, consuming a reset token and replacing a hash are atomic where the data lives:
/// concurrent calls, of one process or several, are counted exactly and succeed once.
/// </summary>
public interface IAccountStore
{
    /// <summary>Records a new account; <see langword="false"/>, changing nothing, when the tenant already has this login id. Refuses a malformed one (<see cref="Account.ThrowIfMalformed()"/>).</summary>
    ValueTask<bool> CreateAsync(TenantId tenant, Account account, CancellationToken cancellationToken = default);

    /// <summary>The tenant's account with this login id, or <see langword="null"/>.</summary>
    ValueTask<Account?> GetAsync(TenantId tenant, LoginId login, CancellationToken cancellationToken = default);

    /// <summary>Replaces the account's other guardians, shared children and grants (password and consents are left alone); <see langword="false"/> when there is no such account.</summary>
    ValueTask<bool> SaveDetailsAsync(TenantId tenant, LoginId login, IReadOnlyList<Guardian> otherGuardians, IReadOnlyList<ChildId> sharedChildren, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets a new password hash, and in the same transaction deletes every reset token of the account
    /// (R-ACC-4: a password change invalidates them); <see langword="false"/> when there is no such account.
    /// </summary>
    ValueTask<bool> SetPasswordAsync(TenantId tenant, LoginId login, string passwordHash, bool mustChange, Instant at, CancellationToken cancellationToken = default);

    /// <summary>Replaces the hash of the same password (a rehash at a higher cost) only if it is still <paramref name="expected"/>; <see langword="false"/> when it changed meanwhile.</summary>
    ValueTask<bool> ReplaceHashAsync(TenantId tenant, LoginId login, string expected, string replacement, CancellationToken cancellationToken = default);

    /// <summary>Records an acceptance, replacing the earlier one of the same document; <see langword="false"/> when there is no such account.</summary>
    ValueTask<bool> RecordConsentAsync(TenantId tenant, LoginId login, ConsentRecord consent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one more failure against <paramref name="key"/>, atomically: the count restarts at 1
    /// when the window that began with its first failure is over (<paramref name="window"/> after it)
    /// or when its lock has ended. Answers the count with this failure in it.
    /// </summary>
    ValueTask<FailureCount> RecordFailureAsync(TenantId tenant, ThrottleKey key, Instant at, Duration window, CancellationToken cancellationToken = default);

    /// <summary>Sets the lock of the current count to end at <paramref name="until"/> (a later lock already set is kept). Does nothing when nothing is counted.</summary>
    ValueTask LockAsync(TenantId tenant, ThrottleKey key, Instant until, CancellationToken cancellationToken = default);

    /// <summary>The failures counted against <paramref name="key"/>, or <see langword="null"/> when none are.</summary>
    ValueTask<FailureCount?> GetFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default);

    /// <summary>Forgets the failures counted against <paramref name="key"/> (after a successful sign-in or a reset).</summary>
    ValueTask ClearFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a reset token and the mail that carries its link in one transaction (ARCHITECTURE.md
    /// must 6): both are kept, or neither. Refuses a malformed token or mail.
    /// </summary>
    ValueTask AddResetTokenAsync(TenantId tenant, ResetToken token, OutboxMail mail, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="login"/> has this token, not expired at <paramref name="at"/>; the token stays usable.</summary>
    ValueTask<bool> FindResetTokenAsync(TenantId tenant, LoginId login, string tokenHash, Instant at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses a reset token: if <paramref name="login"/> has it and it is not expired at
    /// <paramref name="at"/>, in one transaction sets the account's password hash (no longer
    /// temporary), deletes every reset token of the account and clears its failures. Two concurrent
    /// uses of one token: one answers <see langword="true"/>, the other <see langword="false"/>.
    /// </summary>
    ValueTask<bool> ResetPasswordAsync(TenantId tenant, LoginId login, string tokenHash, string passwordHash, Instant at, CancellationToken cancellationToken = default);
}

/// <summary>What every account store accepts at its boundary, written once.</summary>
public static class AccountStoreCheck
{
    /// <summary>The longest throttle key kept.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Throws an <see cref="ArgumentException"/> for an empty, over-long or control-character key.</summary>
    public static void ThrowIfMalformed(ThrottleKey key)
    {
        if (string.IsNullOrEmpty(key.Value) || key.Value.Length > MaxKeyLength || key.Value.Any(char.IsControl))
        {
            throw new ArgumentException($"key is \"{key.Value}\": a throttle key is 1 to {MaxKeyLength} printable characters (ThrottleKey.ForLogin / ForAddress).", nameof(key));
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a token hash that is not 64 lower-case hex digits.</summary>
    public static void ThrowIfMalformedHash(string? tokenHash, string field = "tokenHash")
    {
        if (tokenHash is null || tokenHash.Length != 64 || !tokenHash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            throw new ArgumentException($"{field} must be a SHA-256 as 64 lower-case hex digits.", field);
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a token no store keeps, or a mail not for the same tenant.</summary>
    public static void ThrowIfMalformed(TenantId tenant, ResetToken token, OutboxMail mail)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(mail);
        Identifier.Check(tenant.Value, nameof(tenant));
        Identifier.Check(token.Login.Value, "token.Login");
        ThrowIfMalformedHash(token.TokenHash, "token.TokenHash");
        if (token.ExpiresAt <= token.CreatedAt)
        {
            throw new ArgumentException("token.ExpiresAt is not after token.CreatedAt.", "token.ExpiresAt");
        }

        mail.ThrowIfMalformed("mail");
        if (mail.Tenant != tenant)
        {
            throw new ArgumentException($"mail.Tenant is {mail.Tenant}, not {tenant}.", "mail.Tenant");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for a hash no store keeps.</summary>
    public static void ThrowIfMalformedPasswordHash(string? hash, string field)
    {
        if (string.IsNullOrEmpty(hash) || hash.Length > Account.MaxHashLength || hash.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} must be a hash of 1 to {Account.MaxHashLength} printable characters (PasswordHashing.Hash).", field);
        }
    }

    /// <summary>The count after one more failure at <paramref name="at"/>: the rule every store applies (SQL stores write it as SQL).</summary>
    public static FailureCount Next(FailureCount? current, Instant at, Duration window) =>
        current is null || current.WindowStart + window <= at || (current.LockedUntil is { } until && until <= at)
            ? new FailureCount(1, at, at, null)
            : current with { Count = current.Count + 1, LastFailureAt = at > current.LastFailureAt ? at : current.LastFailureAt };
}
