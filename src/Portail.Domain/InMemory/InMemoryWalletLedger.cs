using NodaTime;
using Portail.Billing;

namespace Portail.InMemory;

/// <summary>The wallet ledger in memory, for tests, demos and quick starts: one lock, append-only lists. Nothing survives a restart.</summary>
public sealed class InMemoryWalletLedger : IWalletLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TenantId, List<WalletMovement>> _movements = [];
    private readonly HashSet<(TenantId, Guid)> _ids = [];

    /// <inheritdoc />
    public ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(movements);
        Identifier.Check(tenant.Value, nameof(tenant));
        for (var i = 0; i < movements.Count; i++)
        {
            (movements[i] ?? throw new ArgumentException($"movements[{i}] is null.", nameof(movements))).ThrowIfMalformed($"movements[{i}]");
        }

        return ValueTask.FromResult(Append(tenant, movements));
    }

    /// <summary>Appends movements already checked, under the lock (also from the payment store, in its update).</summary>
    internal int Append(TenantId tenant, IReadOnlyList<WalletMovement> movements)
    {
        lock (_gate)
        {
            if (!_movements.TryGetValue(tenant, out var list))
            {
                _movements[tenant] = list = [];
            }

            var added = 0;
            foreach (var m in movements)
            {
                if (_ids.Add((tenant, m.Id)))
                {
                    list.Add(m);
                    added++;
                }
            }

            return added;
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(days);
        lock (_gate)
        {
            IReadOnlyList<WalletMovement> list = _movements.GetValueOrDefault(tenant, [])
                .Where(m => m.Family == family && days.Contains(m.Date))
                .OrderBy(m => m.Date).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<WalletBalance> list = _movements.GetValueOrDefault(tenant, [])
                .Where(m => m.Family == family)
                .GroupBy(m => m.Wallet)
                .Select(g => new WalletBalance(g.Key, g.Sum(m => m.Amount)))
                .OrderBy(b => b.Wallet.Value, StringComparer.Ordinal)
                .ToList();
            return ValueTask.FromResult(list);
        }
    }
}
