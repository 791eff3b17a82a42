using NodaTime;
using Portail.Notifications;

namespace Portail.InMemory;

/// <summary>
/// The outbox in memory, for tests, demos and quick starts: one lock, so claims are exclusive between
/// the threads of one process. Nothing survives a restart (nor, then, does a mail not yet sent).
/// </summary>
public sealed class InMemoryMailOutbox : IMailOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(TenantId, Guid), OutboxEntry> _entries = [];
    private readonly Dictionary<(TenantId, Guid), Guid> _leases = [];
    private readonly List<(TenantId, Guid)> _order = [];

    /// <inheritdoc />
    public ValueTask<int> AddAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        for (var i = 0; i < mails.Count; i++)
        {
            (mails[i] ?? throw new ArgumentException($"mails[{i}] is null.", nameof(mails))).ThrowIfMalformed($"mails[{i}]");
        }

        lock (_gate)
        {
            return ValueTask.FromResult(Add(mails));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedMail>> ClaimAsync(Instant now, Duration lease, int max, TenantId? tenant = null, CancellationToken cancellationToken = default)
    {
        ClaimedMail.ThrowIfBadClaim(lease, max, tenant);
        lock (_gate)
        {
            var due = _entries
                .Where(e => (tenant is not { } t || e.Key.Item1 == t))
                .Where(e => (e.Value.State == OutboxState.Pending && e.Value.NextAttemptAt <= now) || (e.Value.State == OutboxState.Sending && e.Value.LeaseUntil <= now))
                .OrderBy(e => e.Value.NextAttemptAt).ThenBy(e => e.Key.Item2)
                .Take(max)
                .ToList();
            var claims = new List<ClaimedMail>(due.Count);
            foreach (var (key, entry) in due)
            {
                var claim = new ClaimedMail(entry.Mail, entry.Attempts + 1, Guid.NewGuid(), now + lease);
                _entries[key] = entry with { State = OutboxState.Sending, Attempts = claim.Attempt, LeaseUntil = claim.LeaseUntil };
                _leases[key] = claim.Lease;
                claims.Add(claim);
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedMail>>(claims);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SettleAsync(ClaimedMail claim, MailSettlement settlement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(settlement);
        settlement.ThrowIfMalformed();
        var key = (claim.Mail.Tenant, claim.Mail.Id);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.State != OutboxState.Sending || _leases.GetValueOrDefault(key) != claim.Lease)
            {
                return ValueTask.FromResult(false);
            }

            _leases.Remove(key);
            _entries[key] = entry with
            {
                State = settlement.State,
                NextAttemptAt = settlement.RetryAt ?? entry.NextAttemptAt,
                LeaseUntil = null,
                LastError = settlement.Error,
                SettledAt = settlement.State == OutboxState.Pending ? null : settlement.At,
            };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEntry>> ListAsync(TenantId tenant, OutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.ThrowIfMalformed();
        lock (_gate)
        {
            IReadOnlyList<OutboxEntry> list = _order
                .Where(k => k.Item1 == tenant)
                .Select(k => _entries[k])
                .Where(e => (query.State is not { } s || e.State == s) && (query.Family is not { } f || e.Mail.Family == f))
                .Reverse()
                .OrderByDescending(e => e.Mail.CreatedAt)
                .Take(query.Limit)
                .ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <summary>Records mails already checked, under the lock (also from the booking store, in its commit).</summary>
    internal int Add(IEnumerable<OutboxMail> mails)
    {
        lock (_gate)
        {
            var added = 0;
            foreach (var mail in mails)
            {
                var key = (mail.Tenant, mail.Id);
                if (_entries.TryAdd(key, new OutboxEntry(mail, OutboxState.Pending, 0, mail.CreatedAt, null, null, null)))
                {
                    _order.Add(key);
                    added++;
                }
            }

            return added;
        }
    }
}
