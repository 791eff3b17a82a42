using NodaTime;

namespace Portail.Billing;

/// <summary>How a family is charged (R-TAR-1): by its family quotient, or at the rate set for residents without a quotient certificate, or for non-residents.</summary>
public enum PricingCategory
{
    /// <summary>A resident whose quotient certificate is on file: the bracket of <see cref="PricingProfile.Quotient"/>.</summary>
    Quotient,

    /// <summary>A resident without a quotient certificate on file.</summary>
    ResidentWithoutCertificate,

    /// <summary>A family living outside the municipality.</summary>
    NonResident,
}

/// <summary>What selects a family's price (R-TAR-1); separated parents each have their own (R-ACC-6).</summary>
/// <param name="Category">How the family is charged.</param>
/// <param name="Quotient">The family quotient in euros, for <see cref="PricingCategory.Quotient"/>.</param>
public readonly record struct PricingProfile(PricingCategory Category, decimal? Quotient)
{
    /// <summary>A resident with a quotient certificate.</summary>
    public static PricingProfile WithQuotient(decimal quotient) =>
        quotient >= 0 ? new(PricingCategory.Quotient, quotient) : throw new ArgumentOutOfRangeException(nameof(quotient), quotient, "A family quotient is 0 or more.");

    /// <summary>A resident without a quotient certificate on file.</summary>
    public static PricingProfile ResidentWithoutCertificate { get; } = new(PricingCategory.ResidentWithoutCertificate, null);

    /// <summary>A family living outside the municipality.</summary>
    public static PricingProfile NonResident { get; } = new(PricingCategory.NonResident, null);
}

/// <summary>One bracket of quotients: from <paramref name="From"/> included to <paramref name="Below"/> excluded (no upper bound when null).</summary>
/// <param name="From">Lowest quotient of the bracket, in euros.</param>
/// <param name="Below">First quotient above the bracket, or null for the last one.</param>
/// <param name="Price">The unit price in euros, two decimals.</param>
public sealed record QuotientBracket(decimal From, decimal? Below, decimal Price);

/// <summary>The prices of an activity from a revision date on (R-TAR-1): contiguous quotient brackets from 0, and the two flat rates.</summary>
/// <param name="From">The first day of service the revision prices.</param>
/// <param name="Brackets">The brackets, in order, from 0 with no gap or overlap, the last without upper bound.</param>
/// <param name="ResidentWithoutCertificate">The unit price of a resident without a quotient certificate.</param>
/// <param name="NonResident">The unit price of a non-resident.</param>
public sealed record TariffRevision(LocalDate From, IReadOnlyList<QuotientBracket> Brackets, decimal ResidentWithoutCertificate, decimal NonResident)
{
    /// <summary>The unit price for a profile.</summary>
    public decimal PriceFor(PricingProfile profile) => profile.Category switch
    {
        PricingCategory.Quotient => Brackets.First(b => profile.Quotient >= b.From && (b.Below is not { } below || profile.Quotient < below)).Price,
        PricingCategory.NonResident => NonResident,
        _ => ResidentWithoutCertificate,
    };
}

/// <summary>The tariff of an activity: its revisions in date order (checked at start-up by the catalogue loader).</summary>
/// <param name="Revisions">The revisions, the first one covering every day the activity is offered.</param>
public sealed record Tariff(IReadOnlyList<TariffRevision> Revisions)
{
    /// <summary>The unit price in force on <paramref name="date"/> for <paramref name="profile"/>: the last revision dated on or before it.</summary>
    public decimal PriceOn(LocalDate date, PricingProfile profile) =>
        (Revisions.LastOrDefault(r => r.From <= date) ?? Revisions[0]).PriceFor(profile);
}
