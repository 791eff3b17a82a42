namespace Portail.Windows;

/// <summary>
/// What the booking windows need to know about a family beyond the catalogue (R-WIN-6): whether
/// its file is validated and whether its account is in debit.
/// </summary>
/// <param name="FileValidated">Every required fiche of the Dossier Famille is validated (R-DOS-5).</param>
/// <param name="AmountDue">What the family must pay before it may book again, in euros; 0 when no wallet is in debit (R-WIN-6, compte provisionnel).</param>
public readonly record struct FamilyStanding(bool FileValidated, decimal AmountDue)
{
    /// <summary>A family that may book.</summary>
    public static FamilyStanding Good => new(true, 0m);

    /// <summary>Whether a wallet of the family is in debit.</summary>
    public bool InDebit => AmountDue > 0;

    /// <summary>Why the family may not book, in French (the file first), with the amount to pay, or <see langword="null"/> when it may (R-WIN-6, R-WIN-7).</summary>
    public string? Explanation =>
        !FileValidated ? RefusalMessages.FileNotValidated
        : InDebit ? $"Votre Compte Famille est débiteur de {French.Euros(AmountDue)} : vous pourrez réserver dès que vous l'aurez alimenté de ce montant (onglet Paiement et solde)."
        : null;
}

/// <summary>Whether a family's file (Dossier Famille) is validated (R-WIN-6, R-DOS-5).</summary>
public interface IFamilyFileStatus
{
    /// <summary>Whether every required fiche of the family's file is validated.</summary>
    ValueTask<bool> IsValidatedAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);
}

/// <summary>Whether a family's account is in debit (R-WIN-6).</summary>
public interface IAccountStanding
{
    /// <summary>What the family must pay before it may book again, in euros; 0 when it is not in debit.</summary>
    ValueTask<decimal> AmountDueAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);
}

/// <summary>
/// A gate that never closes, for hosts that do not review family files: every family counts as
/// validated. <c>AddPortail</c> registers <see cref="Dossier.DossierFileStatus"/>; register this one
/// (or your own <see cref="IFamilyFileStatus"/>) before it to replace it.
/// </summary>
public sealed class NoFileReviewYet : IFamilyFileStatus
{
    /// <inheritdoc />
    public ValueTask<bool> IsValidatedAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(true);
}

/// <summary>
/// The debtor gate on the ledger (R-WIN-6, R-WAL-1), measured as the tenant's
/// <see cref="Billing.BillingRules.DebtorMeasure"/> says: by default each wallet in debit must be
/// brought back to zero, whatever the other wallets hold (they belong to other régies), so the amount
/// due is the sum of the negative balances; <c>Overall</c> nets the wallets first. The balances are
/// those the family sees (<see cref="Billing.BalanceEstimation.BalancesAsync"/>: with the bookings
/// debited in advance, when the municipality does so).
/// </summary>
public sealed class LedgerStanding(Catalog.Catalogue catalogue, Billing.BalanceEstimation balances) : IAccountStanding
{
    /// <inheritdoc />
    public async ValueTask<decimal> AmountDueAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        catalogue[tenant].Billing.AmountDue(await balances.BalancesAsync(tenant, family, cancellationToken).ConfigureAwait(false));
}
