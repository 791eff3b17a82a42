using NodaTime;
using Portail.Billing;
using Xunit;

namespace Portail.Testing;

/// <summary>The contract every <see cref="IWalletLedger"/> must pass (R-WAL-1, ARCHITECTURE.md must 5). Subclass it and return a clean ledger.</summary>
public abstract class WalletLedgerContract
{
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");
    private static readonly WalletTypeId Cdc = new("cdc-aps-clsh");
    private static readonly LocalDate Day = new(2023, 10, 2);
    private static readonly DateInterval AllYear = new(new LocalDate(2023, 9, 1), new LocalDate(2024, 8, 31));

    /// <summary>A ledger with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<IWalletLedger> CreateCleanLedgerAsync();

    /// <summary>How many committers append at once in the concurrency test.</summary>
    /// <value>32.</value>
    protected virtual int ConcurrentCommitters => 32;

    private static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    private static WalletMovement Move(string family, MovementKind kind, decimal amount, LocalDate? date = null, WalletTypeId? wallet = null, string? reason = null) =>
        new(Guid.NewGuid(), new FamilyId(family), wallet ?? Scolaire, kind, amount, date ?? Day, $"{kind} {amount}", reason);

    /// <summary>R-WAL-1: the balance of each wallet is the exact sum of its movements (the guide's payment history: 88.75 + 59.08 + 16.88 = 164.71).</summary>
    [Fact]
    public async Task R_WAL_1_the_balance_is_the_sum_of_the_movements()
    {
        var ledger = await CreateCleanLedgerAsync();
        var tenant = NewTenant();
        await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Payment, 88.75m), Move("dupont", MovementKind.Payment, 59.08m, Day.PlusDays(3)), Move("dupont", MovementKind.Payment, 16.88m, Day.PlusDays(9))]);
        // R-TAR-2: "ALSH 3-6 Journée 6,65 × 2 = 13,30".
        await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Consumption, -13.30m, wallet: Cdc) with { UnitPrice = 6.65m, Quantity = 2, Child = new ChildId("lenny") }, Move("martin", MovementKind.Payment, 10m)]);

        Assert.Equal([new WalletBalance(Cdc, -13.30m), new WalletBalance(Scolaire, 164.71m)], await ledger.GetBalancesAsync(tenant, new FamilyId("dupont")));
        var movements = await ledger.GetMovementsAsync(tenant, new FamilyId("dupont"), new DateInterval(Day, Day.PlusDays(3)));
        Assert.Equal([88.75m, -13.30m, 59.08m], movements.Select(m => m.Amount));
        Assert.Equal((6.65m, 2m, new ChildId("lenny")), (movements[1].UnitPrice, movements[1].Quantity, movements[1].Child));
        Assert.Equal((null, null), (movements[0].UnitPrice, movements[0].Quantity));
        Assert.All(movements, m => Assert.Equal(new FamilyId("dupont"), m.Family));
    }

    /// <summary>R-WAL-1: a movement is recorded once, whatever the retries; a batch is all or nothing.</summary>
    [Fact]
    public async Task R_WAL_1_a_movement_appended_twice_is_recorded_once_and_a_bad_batch_records_nothing()
    {
        var ledger = await CreateCleanLedgerAsync();
        var tenant = NewTenant();
        var payment = Move("dupont", MovementKind.Payment, 118.04m);

        Assert.Equal(1, await ledger.AppendAsync(tenant, [payment]));
        Assert.Equal(0, await ledger.AppendAsync(tenant, [payment]));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Payment, 1m), Move("dupont", MovementKind.Payment, 0.001m)]));
        var refused = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Correction, -3m)]));
        Assert.Equal("movements[0].Reason", refused.ParamName);
        Assert.Equal("movements[0].Amount", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Consumption, 3m)]))).ParamName);
        Assert.Equal("movements[0].UnitPrice", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Consumption, -13.31m) with { UnitPrice = 6.65m, Quantity = 2 }]))).ParamName);

        Assert.Equal(118.04m, Assert.Single(await ledger.GetBalancesAsync(tenant, new FamilyId("dupont"))).Balance);
    }

    /// <summary>R-PAY-5, R-HIS-2: a payment's mode, piece number, payer and bank are read back; a consumption cannot carry them.</summary>
    [Fact]
    public async Task R_PAY_5_a_desk_payment_keeps_its_mode_piece_payer_and_bank()
    {
        var ledger = await CreateCleanLedgerAsync();
        var tenant = NewTenant();
        var cheque = new PaymentDetails(PaymentModes.Cheque, "1234567", "M. DUPONT Jean-Paul", "Crédit Agricole d'Aquitaine");
        await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Payment, 88.75m) with { Payment = cheque }, Move("dupont", MovementKind.Refund, -5m, reason: "Trop-perçu") with { Payment = new PaymentDetails("VIR") }]);

        var movements = await ledger.GetMovementsAsync(tenant, new FamilyId("dupont"), new DateInterval(Day, Day));
        Assert.Equal([cheque, new PaymentDetails("VIR")], movements.Select(m => m.Payment));
        Assert.Equal("movements[0].Payment", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Consumption, -3m) with { Payment = cheque }]))).ParamName);
        Assert.Equal("movements[0].Payment.Mode", (await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.AppendAsync(tenant, [Move("dupont", MovementKind.Payment, 3m) with { Payment = new PaymentDetails("BITCOIN") }]))).ParamName);
        Assert.Equal(2, (await ledger.GetMovementsAsync(tenant, new FamilyId("dupont"), new DateInterval(Day, Day))).Count);
    }

    /// <summary>R-TEN-1: a tenant neither sees another tenant's movements nor changes its balances, even with the same ids.</summary>
    [Fact]
    public async Task R_TEN_1_a_tenant_neither_sees_nor_changes_another_tenants_wallets()
    {
        var ledger = await CreateCleanLedgerAsync();
        var (a, b) = (NewTenant(), NewTenant());
        var payment = Move("dupont", MovementKind.Payment, 50m);
        await ledger.AppendAsync(a, [payment]);

        Assert.Empty(await ledger.GetBalancesAsync(b, new FamilyId("dupont")));
        Assert.Empty(await ledger.GetMovementsAsync(b, new FamilyId("dupont"), AllYear));
        Assert.Equal(1, await ledger.AppendAsync(b, [payment with { Amount = 70m }]));
        Assert.Equal(50m, Assert.Single(await ledger.GetBalancesAsync(a, new FamilyId("dupont"))).Balance);
    }

    /// <summary>
    /// The bank-style invariant under concurrency: many committers append postings, payments,
    /// refunds and corrections at once, some of them twice; afterwards each balance is the sum of
    /// the distinct movements, and the sum over all families the sum of all of them.
    /// </summary>
    [Fact]
    public async Task R_WAL_1_balances_add_up_under_concurrent_appends()
    {
        var ledger = await CreateCleanLedgerAsync();
        var tenant = NewTenant();
        var families = Enumerable.Range(0, 5).Select(i => $"f{i}").ToList();
        var batches = Enumerable.Range(0, ConcurrentCommitters * 4).Select(i =>
        {
            var random = new Random(i);
            return (IReadOnlyList<WalletMovement>)Enumerable.Range(0, 1 + random.Next(4)).Select(_ =>
            {
                var family = families[random.Next(families.Count)];
                var cents = (1 + random.Next(20_000)) / 100m;
                return random.Next(4) switch
                {
                    0 => Move(family, MovementKind.Payment, cents),
                    1 => Move(family, MovementKind.Consumption, -cents, wallet: random.Next(2) == 0 ? Scolaire : Cdc),
                    2 => Move(family, MovementKind.Refund, -cents, reason: "Trop-perçu"),
                    _ => Move(family, MovementKind.Correction, random.Next(2) == 0 ? cents : -cents, reason: "Erreur de saisie"),
                };
            }).ToList();
        }).ToList();
        using var throttle = new SemaphoreSlim(ConcurrentCommitters);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every batch is appended twice, by two committers racing: the second adds nothing.
        var racers = batches.Concat(batches).Select(batch => Task.Run(async () =>
        {
            await gate.Task;
            await throttle.WaitAsync();
            try
            {
                return await ledger.AppendAsync(tenant, batch);
            }
            finally
            {
                throttle.Release();
            }
        })).ToList();
        gate.SetResult();
        var added = await Task.WhenAll(racers);

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, added.Sum());
        var total = 0m;
        foreach (var family in families)
        {
            var mine = all.Where(m => m.Family.Value == family).ToList();
            var balances = await ledger.GetBalancesAsync(tenant, new FamilyId(family));
            foreach (var wallet in new[] { Scolaire, Cdc })
            {
                Assert.Equal(mine.Where(m => m.Wallet == wallet).Sum(m => m.Amount), balances.SingleOrDefault(b => b.Wallet == wallet).Balance);
            }

            Assert.Equal(mine.Count, (await ledger.GetMovementsAsync(tenant, new FamilyId(family), AllYear)).Count);
            total += balances.Sum(b => b.Balance);
        }

        Assert.Equal(all.Sum(m => m.Amount), total);
    }
}
