namespace Portail.Billing;

/// <summary>How the debtor gate measures what a family owes (R-WIN-6).</summary>
public enum DebtorMeasure
{
    /// <summary>Each wallet in debit counts, whatever the others hold: 10 € due on the canteen is due even with 50 € on the music school.</summary>
    PerWallet,

    /// <summary>Only the sum of the wallets counts: a family is in debit when its wallets together are negative.</summary>
    Overall,
}

/// <summary>
/// A municipality's billing rules (<c>Portail:Tenants:N:Billing</c>, checked at start-up): how the
/// debtor gate measures the debt (R-WIN-6), how an attendance sheet is billed (R-WAL-4), how many
/// months of history families see (R-HIS-1).
/// </summary>
/// <param name="DebtorMeasure">Per wallet (the default) or overall.</param>
/// <param name="BillJustifiedAbsence">Whether an absence with a justification is billed (not by default).</param>
/// <param name="BillUnjustifiedAbsence">Whether an absence without justification is billed (by default).</param>
/// <param name="UnbookedPresencePercent">The price of a presence without booking, in percent of the day's price (100 by default; 150 bills half as much again).</param>
/// <param name="HistoryMonths">How many months of history families see, the current one included (2: the current and the previous).</param>
/// <param name="DebitDaysInAdvance">0 (the default): a booking is debited when consumed; N: the balance also counts the accepted bookings of today and the next N − 1 days (15 in one town, R-WAL-4).</param>
public sealed record BillingRules(
    DebtorMeasure DebtorMeasure = DebtorMeasure.PerWallet,
    bool BillJustifiedAbsence = false,
    bool BillUnjustifiedAbsence = true,
    int UnbookedPresencePercent = 100,
    int HistoryMonths = 2,
    int DebitDaysInAdvance = 0)
{
    /// <summary>The rules when none are configured.</summary>
    public static BillingRules Default { get; } = new();

    /// <summary>Whether a line of the attendance sheet is billed.</summary>
    public bool Bills(Attendance attendance) => attendance switch
    {
        Attendance.AbsentJustified => BillJustifiedAbsence,
        Attendance.AbsentUnjustified => BillUnjustifiedAbsence,
        _ => true,
    };

    /// <summary>What a family owes across its wallets, as <see cref="DebtorMeasure"/> says: zero or more.</summary>
    public decimal AmountDue(IEnumerable<WalletBalance> balances) => DebtorMeasure == DebtorMeasure.Overall
        ? Math.Max(0, -balances.Sum(b => b.Balance))
        : balances.Sum(b => Math.Max(0, -b.Balance));
}
