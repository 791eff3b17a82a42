using NodaTime;

namespace Portail.Families;

/// <summary>A child of a family account, as the booking rules need it.</summary>
/// <param name="Id">The child's id.</param>
/// <param name="Family">The family account the child belongs to.</param>
/// <param name="LastName">Last name (upper-case in the guides: DUPONT).</param>
/// <param name="FirstName">First name.</param>
/// <param name="BirthDate">Date of birth, for age bands.</param>
/// <param name="School">The school attended, or <see langword="null"/>.</param>
/// <param name="Enrolments">Activities the service enrolled the child in (for activities that require it).</param>
public sealed record Child(
    ChildId Id,
    FamilyId Family,
    string LastName,
    string FirstName,
    LocalDate BirthDate,
    string? School,
    IReadOnlySet<ActivityId> Enrolments)
{
    /// <summary>Age in whole years on <paramref name="date"/>.</summary>
    public int AgeOn(LocalDate date)
    {
        var age = date.Year - BirthDate.Year;
        if (date.Month < BirthDate.Month || (date.Month == BirthDate.Month && date.Day < BirthDate.Day))
        {
            age--;
        }

        return age;
    }
}

/// <summary>The children and the contact of families, per tenant (the Dossier Famille issue adds the rest of the family file).</summary>
public interface IFamilyDirectory
{
    /// <summary>The family's contact (civility, name, e-mail addresses), or <see langword="null"/> when none is recorded in this tenant.</summary>
    ValueTask<FamilyContact?> GetContactAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>The contacts of all the tenant's families that have one, by family id (the audience of the service's information mails, R-NTF-2).</summary>
    ValueTask<IReadOnlyList<FamilyContact>> ListContactsAsync(TenantId tenant, CancellationToken cancellationToken = default);

    /// <summary>Records the family's contact (<see cref="FamilyContact.Family"/>), replacing the one recorded before; refuses a malformed one (<see cref="FamilyContact.ThrowIfMalformed"/>).</summary>
    ValueTask SaveContactAsync(TenantId tenant, FamilyContact contact, CancellationToken cancellationToken = default);

    /// <summary>The children of a family, in the order they were added, or an empty list when the family is unknown to this tenant.</summary>
    ValueTask<IReadOnlyList<Child>> GetChildrenAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>
    /// The children with these ids, whatever their family (a separated parent's shared children,
    /// R-ACC-6), in the order of <paramref name="children"/>; an id unknown to this tenant is left out.
    /// </summary>
    ValueTask<IReadOnlyList<Child>> FindChildrenAsync(TenantId tenant, IReadOnlyCollection<ChildId> children, CancellationToken cancellationToken = default);

    /// <summary>Adds a child to its family (<see cref="Child.Family"/>), or replaces the child with the same id.</summary>
    ValueTask SaveChildAsync(TenantId tenant, Child child, CancellationToken cancellationToken = default);
}
