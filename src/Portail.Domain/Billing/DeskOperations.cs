using Portail.Accounts;
using System.Globalization;
using NodaTime;
using OneOf;
using Portail.Catalog;
using Portail.Families;

namespace Portail.Billing;

/// <summary>What an agent records at the régie's desk.</summary>
public enum DeskOperation
{
    /// <summary>A payment received (cheque, cash, CESU…): credits the wallet (R-PAY-5).</summary>
    Payment,

    /// <summary>Money paid back to the family: debits the wallet, with its reason.</summary>
    Refund,

    /// <summary>A correction either way (a "+" or "−" amount), with its reason.</summary>
    Correction,
}

/// <summary>What the agent typed at the desk, as typed: checked whole by <see cref="DeskOperations.RecordAsync"/>.</summary>
/// <param name="Family">The family account.</param>
/// <param name="Wallet">The wallet type.</param>
/// <param name="Operation">What is recorded.</param>
/// <param name="Amount">Euros as typed ("45,50"); a correction is signed ("-3,50" debits).</param>
/// <param name="Date">The value date (the day the cheque was received).</param>
/// <param name="Mode">For a payment or a refund: the mode's code (<see cref="PaymentModes.All"/>).</param>
/// <param name="Piece">The piece number (required for a cheque).</param>
/// <param name="Payer">The payer's name (required for a cheque).</param>
/// <param name="Bank">The bank (required for a cheque).</param>
/// <param name="Reason">Why: required for a refund and a correction.</param>
public sealed record DeskEntry(
    FamilyId Family, WalletTypeId Wallet, DeskOperation Operation, string? Amount, LocalDate Date,
    string? Mode = null, string? Piece = null, string? Payer = null, string? Bank = null, string? Reason = null);

/// <summary>Why a desk entry was not recorded, in French for the agent, one sentence per faulty field; nothing was written.</summary>
/// <param name="Problems">One sentence per faulty field.</param>
public sealed record DeskRefused(IReadOnlyList<string> Problems)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems);
}

/// <summary>
/// The régie's desk (R-PAY-5, R-WAL-1): payments received by cheque, cash or CESU with their payer,
/// bank and piece number, refunds and corrections with their reason, each one movement appended to
/// the family's wallet. An entry is checked whole before anything is written; the id the form drew
/// makes a double submission record once.
/// </summary>
public sealed class DeskOperations
{
    /// <summary>The largest amount one desk entry records.</summary>
    public const decimal MaxAmount = 100_000m;

    private readonly Catalogue _catalogue;
    private readonly IClock _clock;
    private readonly IWalletLedger _ledger;
    private readonly IFamilyDirectory _families;

    /// <summary>Creates the use case over its ports (resolved from DI by <c>AddPortail</c>).</summary>
    public DeskOperations(Catalogue catalogue, IClock clock, IWalletLedger ledger, IFamilyDirectory families)
    {
        _catalogue = catalogue;
        _clock = clock;
        _ledger = ledger;
        _families = families;
    }

    /// <summary>
    /// Records <paramref name="entry"/> as the movement <paramref name="id"/>, or says what is wrong
    /// with it. The agent needs the clerk's role in the wallet's structure (R-ACC-7).
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not a clerk of the wallet's structure (or of any structure, for an unknown wallet).</exception>
    public async Task<OneOf<WalletMovement, DeskRefused>> RecordAsync(AgentActor agent, Guid id, DeskEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(entry);
        var tenant = agent.Tenant;
        var t = _catalogue[tenant];
        var wallet = t.WalletTypes.FirstOrDefault(w => w.Id == entry.Wallet);
        AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, wallet?.Structure ?? agent.Grants.Keys.FirstOrDefault());
        var now = _clock.GetCurrentInstant();
        var problems = new List<string>();

        if (await _families.GetContactAsync(tenant, entry.Family, cancellationToken).ConfigureAwait(false) is null
            && (await _families.GetChildrenAsync(tenant, entry.Family, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            problems.Add($"Le compte famille « {entry.Family} » n'existe pas : choisissez-le dans la liste.");
        }

        if (wallet is null)
        {
            problems.Add($"Le porte-monnaie « {entry.Wallet} » n'existe pas : choisissez-en un dans la liste.");
        }

        var amount = Amount(entry, problems);
        if (entry.Date > now.InZone(t.Zone).Date)
        {
            problems.Add($"La date du {French.LongDate(entry.Date)} est à venir : on enregistre ce qui a été reçu ou rendu.");
        }

        var reason = entry.Operation == DeskOperation.Payment ? null : French.RequiredText(entry.Reason, "Le motif", WalletMovement.MaxTextLength, problems);
        var payment = Payment(entry, problems);
        if (problems.Count > 0)
        {
            return new DeskRefused(problems);
        }

        var (kind, signed, label) = entry.Operation switch
        {
            DeskOperation.Payment => (MovementKind.Payment, amount, $"Paiement {payment!.Mode}{(payment.Piece is { } piece ? $" n° {piece}" : "")}"),
            DeskOperation.Refund => (MovementKind.Refund, -amount, $"Remboursement {payment!.Mode}"),
            _ => (MovementKind.Correction, amount, "Correction"),
        };
        var movement = new WalletMovement(id, entry.Family, entry.Wallet, kind, signed, entry.Date, label, reason) { RecordedAt = now, Payment = payment };
        await _ledger.AppendAsync(tenant, [movement], cancellationToken).ConfigureAwait(false);
        return movement;
    }

    // The amount in euros: positive for a payment or a refund, signed and non-zero for a correction, in whole cents.
    private static decimal Amount(DeskEntry entry, List<string> problems)
    {
        var text = (entry.Amount ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            problems.Add($"Le montant « {entry.Amount} » n'est pas un nombre : écrivez-le en euros, par exemple 45,50.");
            return 0;
        }

        if (decimal.Round(amount, 2) != amount)
        {
            problems.Add($"Le montant « {entry.Amount} » a plus de deux décimales : arrondissez-le au centime.");
        }
        else if (amount == 0 || (amount < 0 && entry.Operation != DeskOperation.Correction))
        {
            problems.Add(entry.Operation == DeskOperation.Correction
                ? "Le montant d'une correction n'est pas nul : « 5,00 » crédite le porte-monnaie, « -5,00 » le débite."
                : $"Le montant « {entry.Amount} » doit être positif.");
        }
        else if (Math.Abs(amount) > MaxAmount)
        {
            problems.Add($"Le montant « {entry.Amount} » dépasse {French.Euros(MaxAmount)} : vérifiez-le.");
        }

        return amount;
    }

    // The mode and the piece of a payment or a refund; a cheque needs its number, payer and bank.
    private static PaymentDetails? Payment(DeskEntry entry, List<string> problems)
    {
        if (entry.Operation == DeskOperation.Correction)
        {
            return null;
        }

        var mode = entry.Mode?.Trim() ?? "";
        if (!PaymentModes.All.ContainsKey(mode))
        {
            problems.Add($"Choisissez le mode de {(entry.Operation == DeskOperation.Payment ? "paiement" : "remboursement")} : {string.Join(", ", PaymentModes.All.Select(m => $"{m.Key} ({m.Value})"))}.");
            return null;
        }

        string? Optional(string? value, string field)
        {
            var text = value?.Trim();
            if (text is { Length: > PaymentDetails.MaxLength })
            {
                problems.Add($"{field} compte {text.Length} caractères : {PaymentDetails.MaxLength} au plus.");
            }

            return string.IsNullOrEmpty(text) ? null : text;
        }

        var details = new PaymentDetails(mode, Optional(entry.Piece, "Le numéro de pièce"), Optional(entry.Payer, "Le payeur"), Optional(entry.Bank, "La banque"));
        if (mode == PaymentModes.Cheque && entry.Operation == DeskOperation.Payment && (details.Piece is null || details.Payer is null || details.Bank is null))
        {
            problems.Add("Pour un chèque, indiquez son numéro, le nom du payeur et la banque.");
        }

        return details;
    }
}
