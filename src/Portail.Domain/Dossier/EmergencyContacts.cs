using System.Collections.Immutable;
using OneOf;

namespace Portail.Dossier;

/// <summary>A person other than the guardians who may collect a child or be called in an emergency (R-DOS-10).</summary>
/// <param name="Id">The contact's id in the family.</param>
/// <param name="LastName">Last name: fixed once created.</param>
/// <param name="FirstName">First name: fixed once created.</param>
/// <param name="Phone">A phone number.</param>
public sealed record EmergencyContact(string Id, string LastName, string FirstName, string Phone);

/// <summary>What links a contact to one child: the relationship, and what the contact may do.</summary>
/// <param name="Child">The child.</param>
/// <param name="Relationship">"Grand-mère", "Voisin"…</param>
/// <param name="MayCollect">Allowed to collect the child.</param>
/// <param name="EmergencyCall">To be called in an emergency.</param>
public sealed record ContactLink(ChildId Child, string Relationship, bool MayCollect, bool EmergencyCall);

/// <summary>Why a change to the contacts was refused, in French; nothing changed.</summary>
/// <param name="Message">The reason and what to do.</param>
public sealed record ContactRefused(string Message);

/// <summary>
/// The contacts of a family (R-DOS-10): they belong to the family and are linked to any of its
/// children; a contact's names cannot be changed after creation (delete it and create it again),
/// and a contact can be deleted only once no child is linked to it. Immutable: every change answers
/// a new value, or the reason it was refused.
/// </summary>
public sealed class EmergencyContacts
{
    private readonly ImmutableDictionary<string, EmergencyContact> _contacts;
    private readonly ImmutableDictionary<string, ImmutableList<ContactLink>> _links;

    private EmergencyContacts(ImmutableDictionary<string, EmergencyContact> contacts, ImmutableDictionary<string, ImmutableList<ContactLink>> links)
    {
        _contacts = contacts;
        _links = links;
    }

    /// <summary>A family without contacts.</summary>
    public static EmergencyContacts None { get; } = new(ImmutableDictionary<string, EmergencyContact>.Empty, ImmutableDictionary<string, ImmutableList<ContactLink>>.Empty);

    /// <summary>The contacts, by id.</summary>
    public IReadOnlyCollection<EmergencyContact> All => _contacts.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>The children a contact is linked to, and how.</summary>
    public IReadOnlyList<ContactLink> LinksOf(string contact) => _links.GetValueOrDefault(contact) ?? [];

    /// <summary>Adds a new contact; its last and first names are required and fixed from now on.</summary>
    public OneOf<EmergencyContacts, ContactRefused> Add(EmergencyContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (_contacts.ContainsKey(contact.Id))
        {
            return new ContactRefused($"Le contact « {contact.FirstName} {contact.LastName} » existe déjà.");
        }

        return string.IsNullOrWhiteSpace(contact.LastName) || string.IsNullOrWhiteSpace(contact.FirstName)
            ? new ContactRefused("Le nom et le prénom du contact sont obligatoires.")
            : new EmergencyContacts(_contacts.Add(contact.Id, contact with { LastName = contact.LastName.Trim(), FirstName = contact.FirstName.Trim() }), _links);
    }

    /// <summary>Changes a contact's phone; its names must stay as they were created.</summary>
    public OneOf<EmergencyContacts, ContactRefused> Update(EmergencyContact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (!_contacts.TryGetValue(contact.Id, out var existing))
        {
            return Unknown(contact.Id);
        }

        return existing.LastName != contact.LastName.Trim() || existing.FirstName != contact.FirstName.Trim()
            ? new ContactRefused($"Le nom et le prénom d'un contact ne se modifient pas (« {existing.FirstName} {existing.LastName} ») : supprimez ce contact et créez-en un nouveau.")
            : new EmergencyContacts(_contacts.SetItem(contact.Id, existing with { Phone = contact.Phone }), _links);
    }

    /// <summary>Links a contact to a child, or changes the link when it exists.</summary>
    public OneOf<EmergencyContacts, ContactRefused> Link(string contact, ContactLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!_contacts.ContainsKey(contact))
        {
            return Unknown(contact);
        }

        var links = LinksOf(contact).Where(l => l.Child != link.Child).Append(link).ToImmutableList();
        return new EmergencyContacts(_contacts, _links.SetItem(contact, links));
    }

    /// <summary>Unlinks a contact from a child; the contact stays in the family.</summary>
    public OneOf<EmergencyContacts, ContactRefused> Unlink(string contact, ChildId child) =>
        _contacts.ContainsKey(contact)
            ? new EmergencyContacts(_contacts, _links.SetItem(contact, LinksOf(contact).Where(l => l.Child != child).ToImmutableList()))
            : Unknown(contact);

    /// <summary>Deletes a contact for good, once it is linked to no child; otherwise says which children still hold it.</summary>
    /// <param name="contact">The contact's id.</param>
    /// <param name="childName">The name the family knows each child by, for the message.</param>
    public OneOf<EmergencyContacts, ContactRefused> Delete(string contact, Func<ChildId, string> childName)
    {
        ArgumentNullException.ThrowIfNull(childName);
        if (!_contacts.TryGetValue(contact, out var existing))
        {
            return Unknown(contact);
        }

        var linked = LinksOf(contact);
        return linked.Count > 0
            ? new ContactRefused($"« {existing.FirstName} {existing.LastName} » est encore le contact de {string.Join(" et de ", linked.Select(l => childName(l.Child)))} : retirez-le de ces enfants avant de le supprimer.")
            : new EmergencyContacts(_contacts.Remove(contact), _links.Remove(contact));
    }

    private static ContactRefused Unknown(string id) => new($"Le contact « {id} » n'existe pas ou a été supprimé.");
}
