using NodaTime;

namespace Portail.Billing;

/// <summary>What a wallet movement is (R-WAL-1, R-PAY-5, R-HIS-1, R-HIS-2).</summary>
public enum MovementKind
{
    /// <summary>A payment by the family (online, cheque, cash…): a credit.</summary>
    Payment,

    /// <summary>A consumption posted by the service: a debit.</summary>
    Consumption,

    /// <summary>Money paid back to the family: a debit of the wallet.</summary>
    Refund,

    /// <summary>An agent's correction, either way, always with its reason.</summary>
    Correction,
}

/// <summary>
/// One movement of a family's wallet: append-only, never changed or deleted (ARCHITECTURE.md
/// must 5). The balance of a wallet is the sum of its movements' <see cref="Amount"/>.
/// </summary>
/// <param name="Id">Unique in the tenant: appending the same id twice records it once (a retried posting, a payment notified twice).</param>
/// <param name="Family">The family account.</param>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Amount">Euros, two decimals, signed: positive credits the wallet, negative debits it; never zero.</param>
/// <param name="Date">The value date: the day consumed, the day paid.</param>
/// <param name="Label">What the family reads ("ALSH 3-6 Journée — Lenny", "Paiement CBLEUE n° 123456").</param>
/// <param name="Reason">Why an agent corrected or refunded; required for those.</param>
public sealed record WalletMovement(Guid Id, FamilyId Family, WalletTypeId Wallet, MovementKind Kind, decimal Amount, LocalDate Date, string Label, string? Reason = null)
{
    /// <summary>The longest label or reason kept.</summary>
    public const int MaxTextLength = 500;

    /// <summary>When it was recorded (set by the use case from the clock).</summary>
    public Instant RecordedAt { get; init; }

    /// <summary>For a consumption: the child who consumed (the history's name columns, R-HIS-1).</summary>
    public ChildId? Child { get; init; }

    /// <summary>For a consumption: the unit price in euros ("6,65 × 2 = 13,30", R-TAR-2); <see langword="null"/> otherwise.</summary>
    public decimal? UnitPrice { get; init; }

    /// <summary>For a consumption: the quantity of units (1 for a day; the started units of a time-entry activity).</summary>
    public decimal? Quantity { get; init; }

    /// <summary>For a payment or a refund: its mode, piece number, payer and bank (R-PAY-5, the payment history's columns, R-HIS-2).</summary>
    public PaymentDetails? Payment { get; init; }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the movement cannot be
    /// recorded: empty id, invalid ids, a zero or over-precise amount (0.001), a sign that
    /// contradicts the kind, an empty label, a correction or refund without a reason. Every store calls
    /// it before writing anything.
    /// </summary>
    public void ThrowIfMalformed(string field)
    {
        if (Id == Guid.Empty)
        {
            throw new ArgumentException($"{field}.Id is empty: give every movement its own id.", $"{field}.Id");
        }

        Identifier.Check(Family.Value, $"{field}.Family");
        Identifier.Check(Wallet.Value, $"{field}.Wallet");
        if (Amount == 0 || decimal.Round(Amount, 2) != Amount || Math.Abs(Amount) >= 100_000_000m)
        {
            throw new ArgumentException($"{field}.Amount is {Amount}: a movement is a non-zero amount of whole cents below 100,000,000 euros.", $"{field}.Amount");
        }

        var sign = Kind switch
        {
            MovementKind.Payment when Amount < 0 => "a payment credits the wallet: its amount is positive",
            MovementKind.Consumption when Amount > 0 => "a consumption debits the wallet: its amount is negative",
            MovementKind.Refund when Amount > 0 => "a refund debits the wallet: its amount is negative",
            _ => null,
        };
        if (sign is not null)
        {
            throw new ArgumentException($"{field}.Amount is {Amount}: {sign}.", $"{field}.Amount");
        }

        if (string.IsNullOrWhiteSpace(Label) || Label.Length > MaxTextLength)
        {
            throw new ArgumentException($"{field}.Label is empty or longer than {MaxTextLength} characters.", $"{field}.Label");
        }

        if (Kind is MovementKind.Correction or MovementKind.Refund && string.IsNullOrWhiteSpace(Reason))
        {
            throw new ArgumentException($"{field}.Reason is empty: a {(Kind == MovementKind.Refund ? "refund" : "correction")} always says why.", $"{field}.Reason");
        }

        if (Child is { } child)
        {
            Identifier.Check(child.Value, $"{field}.Child");
        }

        if ((UnitPrice is null) != (Quantity is null) || UnitPrice < 0 || Quantity <= 0
            || (UnitPrice is { } unit && Quantity is { } quantity && -decimal.Round(unit * quantity, 2, MidpointRounding.AwayFromZero) != Amount))
        {
            throw new ArgumentException($"{field}.UnitPrice × {field}.Quantity ({UnitPrice} × {Quantity}) must both be given or both be empty, and make the amount {Amount} once rounded to the cent.", $"{field}.UnitPrice");
        }

        if (Reason is { Length: > MaxTextLength })
        {
            throw new ArgumentException($"{field}.Reason is longer than {MaxTextLength} characters.", $"{field}.Reason");
        }

        if (Payment is { } payment)
        {
            if (Kind is not (MovementKind.Payment or MovementKind.Refund))
            {
                throw new ArgumentException($"{field}.Payment is given for a {Kind}: only payments and refunds have a mode, a piece number, a payer and a bank.", $"{field}.Payment");
            }

            payment.ThrowIfMalformed($"{field}.Payment");
        }
    }
}

/// <summary>How a payment was made or a refund paid (R-PAY-5, R-HIS-2).</summary>
/// <param name="Mode">One of <see cref="PaymentModes.All"/>: "CH", "ESP", "CESU", "CBLEUE"…</param>
/// <param name="Piece">The piece number (cheque number, CESU voucher numbers, the card transaction's reference).</param>
/// <param name="Payer">The payer's name, as on the cheque.</param>
/// <param name="Bank">The bank, for a cheque.</param>
public sealed record PaymentDetails(string Mode, string? Piece = null, string? Payer = null, string? Bank = null)
{
    /// <summary>The longest piece number, payer or bank kept.</summary>
    public const int MaxLength = 100;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field when the mode is unknown or a text too long.</summary>
    public void ThrowIfMalformed(string field)
    {
        if (!PaymentModes.All.ContainsKey(Mode ?? ""))
        {
            throw new ArgumentException($"{field}.Mode is '{Mode}': one of {string.Join(", ", PaymentModes.All.Keys)}.", $"{field}.Mode");
        }

        foreach (var (value, name) in new[] { (Piece, nameof(Piece)), (Payer, nameof(Payer)), (Bank, nameof(Bank)) })
        {
            if (value is { Length: > MaxLength } || value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                throw new ArgumentException($"{field}.{name} is longer than {MaxLength} characters or holds a NUL character.", $"{field}.{name}");
            }
        }
    }
}

/// <summary>The payment modes the régie records, with the codes the histories print (R-HIS-2) and their French names.</summary>
public static class PaymentModes
{
    /// <summary>A cheque ("CH"): piece number, payer and bank required at the desk.</summary>
    public const string Cheque = "CH";

    /// <summary>A card payment online through the treasury's platform ("CBLEUE", R-PAY).</summary>
    public const string OnlineCard = "CBLEUE";

    /// <summary>Every mode, by code.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Cheque] = "Chèque",
        ["ESP"] = "Espèces",
        ["CESU"] = "Chèque emploi service universel (CESU)",
        ["CB"] = "Carte bancaire au guichet",
        [OnlineCard] = "Carte bancaire en ligne",
        ["VIR"] = "Virement",
    };
}

/// <summary>A wallet's balance: the exact sum of its movements.</summary>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Balance">Euros; positive in credit, negative when due (R-WAL-1).</param>
public readonly record struct WalletBalance(WalletTypeId Wallet, decimal Balance);

/// <summary>
/// The wallets as a ledger (ARCHITECTURE.md must 5, R-WAL-1): movements are appended, never updated
/// or deleted; balances are their sums. Every read and write is scoped to one tenant.
/// </summary>
public interface IWalletLedger
{
    /// <summary>
    /// Records the movements all together or not at all. A movement whose id the tenant already has
    /// is skipped (it was recorded before); returns how many were new.
    /// </summary>
    ValueTask<int> AppendAsync(TenantId tenant, IReadOnlyList<WalletMovement> movements, CancellationToken cancellationToken = default);

    /// <summary>The family's movements whose value date is in <paramref name="days"/>, by date then recording order.</summary>
    ValueTask<IReadOnlyList<WalletMovement>> GetMovementsAsync(TenantId tenant, FamilyId family, DateInterval days, CancellationToken cancellationToken = default);

    /// <summary>The balance of each wallet the family has movements in.</summary>
    ValueTask<IReadOnlyList<WalletBalance>> GetBalancesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);
}
