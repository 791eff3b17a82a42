using Microsoft.Data.Sqlite;
using Portail.Booking;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// No rule lives in SQL, but the database backs the core up (ARCHITECTURE.md must 4): a plan that
/// oversells a day is stopped by the CHECK constraint, and a plan whose counts disagree with the
/// rows it writes is refused. Either way nothing is written and the submission id stays free.
/// </summary>
public sealed class ConstraintTests : OnASqliteFile
{
    private static readonly TenantId Cestas = new("cestas");
    private static readonly ActivityId Single = new("place-unique");
    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new() { [Single] = new(1, 0, false) };

    [Fact]
    public async Task R_WAL_1_the_ledger_refuses_any_update_or_delete()
    {
        var ledger = Database.Get<Portail.Billing.IWalletLedger>();
        await ledger.AppendAsync(Cestas, [new Portail.Billing.WalletMovement(Guid.NewGuid(), new FamilyId("dupont"), new WalletTypeId("scolaire-alsh"), Portail.Billing.MovementKind.Payment, 10m, new NodaTime.LocalDate(2023, 10, 2), "Paiement")]);
        using var connection = Database.Open();
        foreach (var sql in new[] { "UPDATE wallet_movement SET amount = '1000'", "DELETE FROM wallet_movement" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        }

        Assert.Equal(10m, Assert.Single(await ledger.GetBalancesAsync(Cestas, new FamilyId("dupont"))).Balance);
    }

    [Fact]
    public async Task R_BSK_2_a_plan_that_oversells_a_day_is_stopped_by_the_CHECK_constraint()
    {
        // A planner that accepts what the rule refuses, and counts it, so that only the constraint can object.
        var error = await RefusedAsync<SqliteException>(plan => plan with
        {
            Inserted = plan.Inserted.Select(b => b with { Status = BookingStatus.Accepted }).ToList(),
            Days = plan.Days.Select(d => d with { Accepted = d.Accepted + 1 }).ToList(),
        });

        Assert.Contains("CHECK constraint failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_whose_counts_disagree_with_its_rows_is_refused()
    {
        var error = await RefusedAsync<InvalidOperationException>(plan => plan with { Days = plan.Days.Select(d => d with { Accepted = d.Accepted + 1 }).ToList() });

        Assert.Contains("the plan leaves 2 accepted and 0 waiting for 1 places, the rows 1 and 0 for 1; nothing was written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_with_sequence_numbers_the_store_did_not_hand_out_is_refused()
    {
        var error = await RefusedAsync<InvalidOperationException>(plan => plan with { Inserted = plan.Inserted.Select(b => b with { Sequence = 1 }).ToList() });

        Assert.Contains("sequence numbers the store did not hand out", error.Message, StringComparison.Ordinal);
    }

    // One place, taken by dupont; martin's validation planned by the core, then tampered with: refused, nothing written, the id still free.
    private async Task<TException> RefusedAsync<TException>(Func<CommitPlan, CommitPlan> tamper)
        where TException : Exception
    {
        var store = Database.Get<IBookingStore>();
        await store.CommitAsync(Cestas, Book("dupont"), Arbitration.Plan);
        var commit = Book("martin");

        var error = await Assert.ThrowsAsync<TException>(async () => await store.CommitAsync(Cestas, commit, (c, days, existing, next) => tamper(Arbitration.Plan(c, days, existing, next))));

        var day = await store.GetDayAsync(Cestas, new DayKey(Single, Commits.Wednesday), Limits[Single]);
        Assert.Equal(1, day.Accepted);
        Assert.Empty(await store.GetFamilyBookingsAsync(Cestas, new FamilyId("martin"), new NodaTime.DateInterval(Commits.Wednesday, Commits.Wednesday)));
        var retried = await store.CommitAsync(Cestas, commit, Arbitration.Plan);
        Assert.False(retried.Replayed);
        Assert.Equal(LineOutcome.Refused, Assert.Single(retried.Results).Outcome);
        return error;
    }

    private static BookingCommit Book(string family) =>
        new(Guid.NewGuid(), new FamilyId(family), Commits.At, [new BookingLine(new RequestKey(new ChildId(family + "-child"), Single, Commits.Wednesday), null, null, 3m)], [], [], [], Limits, []);
}
