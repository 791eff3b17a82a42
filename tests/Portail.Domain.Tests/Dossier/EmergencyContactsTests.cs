using Portail.Dossier;

namespace Portail.Domain.Tests.Dossier;

/// <summary>R-DOS-10: the family's contacts, linked to several children, names fixed, deleted only once unlinked.</summary>
public sealed class EmergencyContactsTests
{
    private static readonly ChildId Lenny = new("lenny");
    private static readonly ChildId Leyah = new("leyah");
    private static readonly EmergencyContact Mamie = new("mamie", "MARTIN", "Josette", "06 12 34 56 78");

    private static string Name(ChildId child) => child == Lenny ? "Lenny" : "Leyah";

    private static EmergencyContacts LinkedToBoth() =>
        EmergencyContacts.None.Add(Mamie).AsT0
            .Link("mamie", new ContactLink(Lenny, "Grand-mère", MayCollect: true, EmergencyCall: true)).AsT0
            .Link("mamie", new ContactLink(Leyah, "Grand-mère", MayCollect: true, EmergencyCall: false)).AsT0;

    [Fact]
    public void R_DOS_10_a_contact_is_linked_to_several_children_each_link_with_its_own_rights()
    {
        var contacts = LinkedToBoth();

        Assert.Equal([(Lenny, true), (Leyah, false)], contacts.LinksOf("mamie").Select(l => (l.Child, l.EmergencyCall)));
        Assert.Single(contacts.All);
    }

    [Fact]
    public void R_DOS_10_a_contact_cannot_be_renamed_but_its_phone_can_change()
    {
        var contacts = LinkedToBoth();

        Assert.Equal(
            "Le nom et le prénom d'un contact ne se modifient pas (« Josette MARTIN ») : supprimez ce contact et créez-en un nouveau.",
            contacts.Update(Mamie with { FirstName = "Josiane" }).AsT1.Message);
        Assert.Equal("07 00 00 00 00", contacts.Update(Mamie with { Phone = "07 00 00 00 00" }).AsT0.All.Single().Phone);
    }

    [Fact]
    public void R_DOS_10_a_linked_contact_is_not_deleted_the_children_named_and_it_is_once_unlinked()
    {
        var contacts = LinkedToBoth();

        Assert.Equal(
            "« Josette MARTIN » est encore le contact de Lenny et de Leyah : retirez-le de ces enfants avant de le supprimer.",
            contacts.Delete("mamie", Name).AsT1.Message);
        var unlinked = contacts.Unlink("mamie", Lenny).AsT0.Unlink("mamie", Leyah).AsT0;
        Assert.Empty(unlinked.Delete("mamie", Name).AsT0.All);
        Assert.Equal("Le contact « mamie » n'existe pas ou a été supprimé.", unlinked.Delete("mamie", Name).AsT0.Delete("mamie", Name).AsT1.Message);
    }
}
