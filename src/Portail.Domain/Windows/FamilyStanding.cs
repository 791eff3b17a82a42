namespace Portail.Windows;

/// <summary>
/// What the booking windows need to know about a family beyond the catalogue (R-WIN-6): whether
/// its file is validated and whether its account is in debit.
/// </summary>
/// <param name="FileValidated">Every required fiche of the Dossier Famille is validated (R-DOS-5).</param>
/// <param name="InDebit">The family account's balance is negative (R-WIN-6, compte provisionnel).</param>
public readonly record struct FamilyStanding(bool FileValidated, bool InDebit)
{
    /// <summary>A family that may book.</summary>
    public static FamilyStanding Good => new(true, false);

    /// <summary>Why the family may not book, in French (the file first), or <see langword="null"/> when it may (R-WIN-6, R-WIN-7).</summary>
    public string? Explanation =>
        !FileValidated ? RefusalMessages.FileNotValidated
        : InDebit ? RefusalMessages.AccountInDebit
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
    /// <summary>Whether the family's balance, over its wallets, is below zero.</summary>
    ValueTask<bool> IsInDebitAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);
}

/// <summary>
/// The default until the Dossier Famille issue brings fiches: there is no file review yet, so every
/// family counts as validated. Replace it by registering your own <see cref="IFamilyFileStatus"/>.
/// </summary>
public sealed class NoFileReviewYet : IFamilyFileStatus
{
    /// <inheritdoc />
    public ValueTask<bool> IsValidatedAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(true);
}

/// <summary>
/// The default until the billing issue brings wallets: there is no ledger yet, so no family is in
/// debit. Replace it by registering your own <see cref="IAccountStanding"/>.
/// </summary>
public sealed class NoLedgerYet : IAccountStanding
{
    /// <inheritdoc />
    public ValueTask<bool> IsInDebitAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(false);
}
