using NodaTime;
using Portail.Families;
using Xunit;

namespace Portail.Testing;

/// <summary>The contract every <see cref="IFamilyDirectory"/> must pass. Subclass it and return a clean directory.</summary>
public abstract class FamilyDirectoryContract
{
    /// <summary>A directory with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<IFamilyDirectory> CreateCleanDirectoryAsync();

    private static Child ChildOf(string family, string id, string firstName) =>
        new(new ChildId(id), new FamilyId(family), "DUPONT", firstName, new LocalDate(2019, 3, 12), "École du Bourg", new HashSet<ActivityId> { new("restauration"), new("aps-matin") });

    /// <summary>A saved child is read back whole, in the order children were added.</summary>
    [Fact]
    public async Task Children_are_read_back_whole_in_the_order_they_were_added()
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var lenny = ChildOf("dupont", "lenny", "Lenny");
        var leyah = ChildOf("dupont", "leyah", "Leyah") with { BirthDate = new LocalDate(2015, 6, 2), School = null, Enrolments = new HashSet<ActivityId>() };
        await directory.SaveChildAsync(tenant, lenny);
        await directory.SaveChildAsync(tenant, leyah);

        var children = await directory.GetChildrenAsync(tenant, new FamilyId("dupont"));

        Assert.Equal(["lenny", "leyah"], children.Select(c => c.Id.Value));
        var read = children[0];
        Assert.Equal((lenny.LastName, lenny.FirstName, lenny.BirthDate, lenny.School), (read.LastName, read.FirstName, read.BirthDate, read.School));
        Assert.True(lenny.Enrolments.SetEquals(read.Enrolments));
        Assert.Null(children[1].School);
        Assert.Empty(children[1].Enrolments);
    }

    /// <summary>Saving a child again replaces it, even when it moves to another family of the tenant.</summary>
    [Fact]
    public async Task Saving_a_child_again_replaces_it()
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        await directory.SaveChildAsync(tenant, ChildOf("dupont", "lenny", "Lenny"));
        await directory.SaveChildAsync(tenant, ChildOf("dupont", "lenny", "Lény"));
        Assert.Equal("Lény", Assert.Single(await directory.GetChildrenAsync(tenant, new FamilyId("dupont"))).FirstName);

        await directory.SaveChildAsync(tenant, ChildOf("martin", "lenny", "Lény"));
        Assert.Empty(await directory.GetChildrenAsync(tenant, new FamilyId("dupont")));
        Assert.Single(await directory.GetChildrenAsync(tenant, new FamilyId("martin")));
    }

    /// <summary>R-ACC-6: a separated parent's shared children are found by id, whatever their family, in the order asked; unknown ids and other tenants' children are left out.</summary>
    [Fact]
    public async Task R_ACC_6_children_are_found_by_id_across_families_of_the_tenant_only()
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var other = new TenantId($"o-{Guid.NewGuid():N}");
        await directory.SaveChildAsync(tenant, ChildOf("dupont", "lenny", "Lenny"));
        await directory.SaveChildAsync(tenant, ChildOf("dupont", "leyah", "Leyah"));
        await directory.SaveChildAsync(tenant, ChildOf("martin", "hugo", "Hugo"));
        await directory.SaveChildAsync(other, ChildOf("durand", "zoe", "Zoé"));

        var found = await directory.FindChildrenAsync(tenant, [new ChildId("hugo"), new ChildId("inconnu"), new ChildId("leyah"), new ChildId("zoe"), new ChildId("hugo")]);

        Assert.Equal(["hugo", "leyah"], found.Select(c => c.Id.Value));
        Assert.Equal(("martin", "Hugo"), (found[0].Family.Value, found[0].FirstName));
        Assert.True(found[1].Enrolments.SetEquals([new ActivityId("restauration"), new ActivityId("aps-matin")]));
        Assert.Empty(await directory.FindChildrenAsync(tenant, []));
    }

    /// <summary>R-TEN-1: a tenant never sees another tenant's children.</summary>
    [Fact]
    public async Task R_TEN_1_a_tenant_never_sees_another_tenants_children()
    {
        var directory = await CreateCleanDirectoryAsync();
        var a = new TenantId($"a-{Guid.NewGuid():N}");
        var b = new TenantId($"b-{Guid.NewGuid():N}");
        await directory.SaveChildAsync(a, ChildOf("dupont", "lenny", "Lenny"));
        Assert.Empty(await directory.GetChildrenAsync(b, new FamilyId("dupont")));
        await directory.SaveChildAsync(b, ChildOf("dupont", "lenny", "Autre"));
        Assert.Equal("Lenny", Assert.Single(await directory.GetChildrenAsync(a, new FamilyId("dupont"))).FirstName);
    }

    /// <summary>R-ACC-5: a family's contact is read back whole, its addresses in the order given; saving it again replaces it.</summary>
    [Fact]
    public async Task R_ACC_5_a_contact_is_read_back_whole_and_replaced_when_saved_again()
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var dupont = new FamilyId("dupont");
        Assert.Null(await directory.GetContactAsync(tenant, dupont));

        var contact = new FamilyContact(dupont, "M.", "DUPONT", "Jean-Paul", FamilyContact.ParseEmails("jp.dupont@exemple.fr; maison.dupont@exemple.fr"));
        await directory.SaveContactAsync(tenant, contact);
        var read = await directory.GetContactAsync(tenant, dupont);
        Assert.NotNull(read);
        Assert.Equal((contact.Family, contact.Civility, contact.LastName, contact.FirstName), (read.Family, read.Civility, read.LastName, read.FirstName));
        Assert.Equal(["jp.dupont@exemple.fr", "maison.dupont@exemple.fr"], read.Emails);
        Assert.Equal("jp.dupont@exemple.fr", read.FirstEmail);

        await directory.SaveContactAsync(tenant, contact with { Civility = "Mme", FirstName = "Élise", Emails = [] });
        read = await directory.GetContactAsync(tenant, dupont);
        Assert.NotNull(read);
        Assert.Equal(("Mme", "Élise"), (read.Civility, read.FirstName));
        Assert.Empty(read.Emails);
        Assert.Null(await directory.GetContactAsync(new TenantId($"t-{Guid.NewGuid():N}"), dupont));
    }

    /// <summary>R-NTF-2: the contacts of a tenant are listed whole, by family id, and none of another tenant's.</summary>
    [Fact]
    public async Task R_NTF_2_the_contacts_of_a_tenant_are_listed_by_family_and_no_others()
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var other = new TenantId($"t-{Guid.NewGuid():N}");
        Assert.Empty(await directory.ListContactsAsync(tenant));
        await directory.SaveContactAsync(tenant, new FamilyContact(new FamilyId("martin"), "Mme", "MARTIN", "Élise", ["e.martin@exemple.fr"]));
        await directory.SaveContactAsync(tenant, new FamilyContact(new FamilyId("dupont"), "M.", "DUPONT", "Jean-Paul", ["jp@exemple.fr", "maison@exemple.fr"]));
        await directory.SaveContactAsync(other, new FamilyContact(new FamilyId("durand"), "M.", "DURAND", "Luc", ["luc@exemple.fr"]));

        var listed = await directory.ListContactsAsync(tenant);
        Assert.Equal(["dupont", "martin"], listed.Select(c => c.Family.Value));
        Assert.Equal(["jp@exemple.fr", "maison@exemple.fr"], listed[0].Emails);
        Assert.Equal("Élise", listed[1].FirstName);
    }

    /// <summary>Every store refuses the same malformed contacts (<see cref="FamilyContact.ThrowIfMalformed"/>), naming the field, and keeps what it had.</summary>
    [Theory]
    [InlineData("contact.LastName", "", "jp@exemple.fr")]
    [InlineData("contact.Emails[0]", "DUPONT", "pas-une-adresse")]
    [InlineData("contact.Emails[1]", "DUPONT", "jp@exemple.fr;a b@exemple.fr")]
    [InlineData("contact.Emails[0]", "DUPONT", "jp@@exemple.fr")]
    public async Task A_malformed_contact_is_refused_naming_the_field(string field, string lastName, string emails)
    {
        var directory = await CreateCleanDirectoryAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var good = new FamilyContact(new FamilyId("dupont"), "M.", "DUPONT", "Jean-Paul", ["jp@exemple.fr"]);
        await directory.SaveContactAsync(tenant, good);

        var bad = good with { LastName = lastName, Emails = emails.Split(';') };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await directory.SaveContactAsync(tenant, bad));
        Assert.Equal(field, error.ParamName);
        Assert.Equal("DUPONT", (await directory.GetContactAsync(tenant, good.Family))?.LastName);
    }
}
