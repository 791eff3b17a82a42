using NodaTime;
using Portail.Accounts;
using Portail.Notifications;

namespace Portail.InMemory;

/// <summary>
/// Accounts in memory, for tests, demos and quick starts: one lock, so counting failures and using
/// a reset token are atomic between the threads of one process. A reset mail goes to the
/// <see cref="InMemoryMailOutbox"/> given, under the same lock as its token. Nothing survives a restart.
/// </summary>
public sealed class InMemoryAccountStore : IAccountStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TenantId, LoginId), Account> _accounts = [];
    private readonly Dictionary<(TenantId, ThrottleKey), FailureCount> _failures = [];
    private readonly Dictionary<(TenantId, string), ResetToken> _tokens = [];
    private readonly InMemoryMailOutbox _outbox;

    /// <summary>A store whose reset mails go to <paramref name="outbox"/> (the storage's outbox).</summary>
    public InMemoryAccountStore(InMemoryMailOutbox outbox)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
    }

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(TenantId tenant, Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        Identifier.Check(tenant.Value, nameof(tenant));
        account.ThrowIfMalformed();
        lock (_gate)
        {
            return ValueTask.FromResult(_accounts.TryAdd((tenant, account.Login), Copy(account)));
        }
    }

    /// <inheritdoc />
    public ValueTask<Account?> GetAsync(TenantId tenant, LoginId login, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_accounts.GetValueOrDefault((tenant, login)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SaveDetailsAsync(TenantId tenant, LoginId login, IReadOnlyList<Guardian> otherGuardians, IReadOnlyList<ChildId> sharedChildren, IReadOnlyList<AgentGrant> grants, CancellationToken cancellationToken = default)
    {
        Account.ThrowIfMalformedDetails(otherGuardians, sharedChildren, grants);
        return Update(tenant, login, a => (a with { OtherGuardians = [.. otherGuardians], SharedChildren = [.. sharedChildren], Grants = [.. grants] }).Checked());
    }

    /// <inheritdoc />
    public ValueTask<bool> SetPasswordAsync(TenantId tenant, LoginId login, string passwordHash, bool mustChange, Instant at, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        lock (_gate)
        {
            var set = Set(tenant, login, a => a with { PasswordHash = passwordHash, MustChangePassword = mustChange, PasswordChangedAt = at });
            if (set)
            {
                DropTokens(tenant, login);
            }

            return ValueTask.FromResult(set);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReplaceHashAsync(TenantId tenant, LoginId login, string expected, string replacement, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformedPasswordHash(replacement, nameof(replacement));
        lock (_gate)
        {
            return ValueTask.FromResult(
                _accounts.TryGetValue((tenant, login), out var account) && account.PasswordHash == expected
                && Set(tenant, login, a => a with { PasswordHash = replacement }));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordConsentAsync(TenantId tenant, LoginId login, ConsentRecord consent, CancellationToken cancellationToken = default)
    {
        Account.ThrowIfMalformedConsent(consent, nameof(consent));
        return Update(tenant, login, a => a with { Consents = [.. a.Consents.Where(c => c.Document != consent.Document), consent] });
    }

    /// <inheritdoc />
    public ValueTask<FailureCount> RecordFailureAsync(TenantId tenant, ThrottleKey key, Instant at, Duration window, CancellationToken cancellationToken = default)
    {
        Identifier.Check(tenant.Value, nameof(tenant));
        AccountStoreCheck.ThrowIfMalformed(key);
        lock (_gate)
        {
            var next = AccountStoreCheck.Next(_failures.GetValueOrDefault((tenant, key)), at, window);
            _failures[(tenant, key)] = next;
            return ValueTask.FromResult(next);
        }
    }

    /// <inheritdoc />
    public ValueTask LockAsync(TenantId tenant, ThrottleKey key, Instant until, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformed(key);
        lock (_gate)
        {
            if (_failures.TryGetValue((tenant, key), out var count) && !(count.LockedUntil >= until))
            {
                _failures[(tenant, key)] = count with { LockedUntil = until };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<FailureCount?> GetFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_failures.GetValueOrDefault((tenant, key)));
        }
    }

    /// <inheritdoc />
    public ValueTask ClearFailuresAsync(TenantId tenant, ThrottleKey key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _failures.Remove((tenant, key));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask AddResetTokenAsync(TenantId tenant, ResetToken token, OutboxMail mail, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformed(tenant, token, mail);
        // The outbox's own lock is taken inside ours, never the other way round: token and mail go in together.
        Task added;
        lock (_gate)
        {
            _tokens[(tenant, token.TokenHash)] = token;
            added = _outbox.AddAsync([mail], cancellationToken).AsTask();
        }

        await added.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> FindResetTokenAsync(TenantId tenant, LoginId login, string tokenHash, Instant at, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        lock (_gate)
        {
            return ValueTask.FromResult(Valid(tenant, login, tokenHash, at));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ResetPasswordAsync(TenantId tenant, LoginId login, string tokenHash, string passwordHash, Instant at, CancellationToken cancellationToken = default)
    {
        AccountStoreCheck.ThrowIfMalformedHash(tokenHash);
        AccountStoreCheck.ThrowIfMalformedPasswordHash(passwordHash, nameof(passwordHash));
        lock (_gate)
        {
            if (!Valid(tenant, login, tokenHash, at) || !Set(tenant, login, a => a with { PasswordHash = passwordHash, MustChangePassword = false, PasswordChangedAt = at }))
            {
                return ValueTask.FromResult(false);
            }

            DropTokens(tenant, login);
            _failures.Remove((tenant, ThrottleKey.ForLogin(login)));
            return ValueTask.FromResult(true);
        }
    }

    private bool Valid(TenantId tenant, LoginId login, string tokenHash, Instant at) =>
        _tokens.TryGetValue((tenant, tokenHash), out var token) && token.Login == login && at < token.ExpiresAt;

    private void DropTokens(TenantId tenant, LoginId login)
    {
        foreach (var key in _tokens.Where(t => t.Key.Item1 == tenant && t.Value.Login == login).Select(t => t.Key).ToList())
        {
            _tokens.Remove(key);
        }
    }

    private ValueTask<bool> Update(TenantId tenant, LoginId login, Func<Account, Account> change)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Set(tenant, login, change));
        }
    }

    private bool Set(TenantId tenant, LoginId login, Func<Account, Account> change)
    {
        if (!_accounts.TryGetValue((tenant, login), out var account))
        {
            return false;
        }

        _accounts[(tenant, login)] = Copy(change(account));
        return true;
    }

    private static Account Copy(Account a) =>
        a with { Consents = [.. a.Consents], OtherGuardians = [.. a.OtherGuardians], SharedChildren = [.. a.SharedChildren], Grants = [.. a.Grants] };
}

internal static class AccountChecks
{
    /// <summary>The account, after <see cref="Account.ThrowIfMalformed()"/>.</summary>
    public static Account Checked(this Account account)
    {
        account.ThrowIfMalformed();
        return account;
    }
}
