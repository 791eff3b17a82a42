using NodaTime;
using Portail.Billing;
using Portail.Notifications;
using Portail.Payments;

namespace Portail.InMemory;

/// <summary>
/// The payment attempts in memory, for tests, demos and quick starts: one lock; a move to paid
/// appends its credit to the ledger and its ticket to the outbox under that lock, before the attempt
/// changes, so a second delivery finds the new version and writes nothing. Nothing survives a restart.
/// </summary>
public sealed class InMemoryPaymentStore : IPaymentStore
{
    private readonly Lock _gate = new();
    private readonly InMemoryWalletLedger _ledger;
    private readonly InMemoryMailOutbox _outbox;
    private readonly Dictionary<(TenantId, Guid), PaymentAttempt> _attempts = [];
    private readonly Dictionary<(TenantId, string), Guid> _byProvider = [];
    private readonly List<PaymentCallback> _log = [];

    /// <summary>A store that credits <paramref name="ledger"/> and records tickets in <paramref name="outbox"/> (what <c>UseInMemoryStorage</c> builds).</summary>
    public InMemoryPaymentStore(InMemoryWalletLedger ledger, InMemoryMailOutbox outbox)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(outbox);
        _ledger = ledger;
        _outbox = outbox;
    }

    /// <inheritdoc />
    public ValueTask<bool> CreateAsync(PaymentAttempt attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        attempt.ThrowIfMalformed(nameof(attempt));
        lock (_gate)
        {
            if (_attempts.ContainsKey((attempt.Tenant, attempt.Id))
                || _attempts.Values.Any(a => a.Tenant == attempt.Tenant && (a.Reference == attempt.Reference || (a.Family == attempt.Family && PaymentStates.IsLive(a.State) && PaymentStates.IsLive(attempt.State))))
                || (attempt.ProviderReference is { } p && _byProvider.ContainsKey((attempt.Tenant, p))))
            {
                return ValueTask.FromResult(false);
            }

            Put(attempt);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> UpdateAsync(PaymentAttempt next, IReadOnlyList<WalletMovement> credit, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(next, credit, mails);
        lock (_gate)
        {
            if (!_attempts.TryGetValue((next.Tenant, next.Id), out var stored) || stored.Version != next.Version - 1
                || (PaymentStates.IsLive(next.State) && _attempts.Values.Any(a => a.Tenant == next.Tenant && a.Family == next.Family && a.Id != next.Id && PaymentStates.IsLive(a.State)))
                || (next.ProviderReference is { } p && _byProvider.TryGetValue((next.Tenant, p), out var other) && other != next.Id))
            {
                return ValueTask.FromResult(false);
            }

            if (credit.Count > 0)
            {
                _ledger.Append(next.Tenant, credit);
            }

            if (mails.Count > 0)
            {
                _outbox.Add(mails);
            }

            Put(next);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentAttempt?> GetAsync(TenantId tenant, Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_attempts.GetValueOrDefault((tenant, id)));
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentAttempt?> FindAsync(TenantId tenant, string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        lock (_gate)
        {
            return ValueTask.FromResult(_byProvider.TryGetValue((tenant, providerReference), out var id) ? _attempts[(tenant, id)] : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentAttempt?> FindByReferenceAsync(TenantId tenant, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        lock (_gate)
        {
            return ValueTask.FromResult(_attempts.Values.FirstOrDefault(a => a.Tenant == tenant && a.Reference == reference));
        }
    }

    /// <inheritdoc />
    public ValueTask<PaymentAttempt?> GetLiveAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_attempts.Values.FirstOrDefault(a => a.Tenant == tenant && a.Family == family && PaymentStates.IsLive(a.State)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentAttempt>> ListAsync(TenantId tenant, FamilyId? family, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<PaymentAttempt> list = _attempts.Values
                .Where(a => a.Tenant == tenant && (family is not { } f || a.Family == f))
                .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
                .Take(limit).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentAttempt>> ListDueAsync(Instant now, Instant createdSince, int max, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(max);
        lock (_gate)
        {
            IReadOnlyList<PaymentAttempt> list = _attempts.Values
                .Where(a => a.NextCheckAt <= now && a.CreatedAt >= createdSince)
                .OrderBy(a => a.NextCheckAt).ThenBy(a => a.Id)
                .Take(max).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask LogAsync(PaymentCallback entry, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfMalformed(entry);
        lock (_gate)
        {
            _log.Add(entry);
            return ValueTask.CompletedTask;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PaymentCallback>> ListLogAsync(TenantId tenant, Guid? attempt, int limit, CancellationToken cancellationToken = default)
    {
        PaymentStoreChecks.ThrowIfBadLimit(limit);
        lock (_gate)
        {
            IReadOnlyList<PaymentCallback> list = _log.Where(e => e.Tenant == tenant && (attempt is not { } a || e.Attempt == a)).Take(limit).ToList();
            return ValueTask.FromResult(list);
        }
    }

    private void Put(PaymentAttempt attempt)
    {
        _attempts[(attempt.Tenant, attempt.Id)] = attempt;
        if (attempt.ProviderReference is { } p)
        {
            _byProvider[(attempt.Tenant, p)] = attempt.Id;
        }
    }
}
