using NodaTime;
using Portail.News;
using Xunit;

namespace Portail.Testing;

/// <summary>The contract every <see cref="INewsStore"/> must pass (R-TEN-2). Subclass it and return a clean store.</summary>
public abstract class NewsStoreContract
{
    private static readonly StructureId Scolaire = new("scolaire");

    /// <summary>A store with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<INewsStore> CreateCleanStoreAsync();

    private static TenantId NewTenant() => new($"t-{Guid.NewGuid():N}");

    private static NewsItem Item(string title, LocalDate from, LocalDate? until = null, Uri? link = null) =>
        new(Guid.NewGuid(), Scolaire, title, $"Texte de « {title} »,\nsur deux lignes : éàç€.", link, from, until);

    /// <summary>R-TEN-2: items are read back as saved, newest first; saving the same id replaces; deleting removes.</summary>
    [Fact]
    public async Task R_TEN_2_items_are_read_back_newest_first_replaced_and_deleted()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var menu = Item("Menus de novembre", new LocalDate(2023, 11, 1), new LocalDate(2023, 11, 30), new Uri("https://www.cestas.fr/menus-novembre.pdf"));
        var strike = Item("Grève du 10 octobre", new LocalDate(2023, 10, 5), new LocalDate(2023, 10, 10));
        var open = Item("Ouverture des inscriptions", new LocalDate(2023, 9, 1));

        await store.SaveAsync(tenant, strike);
        await store.SaveAsync(tenant, menu);
        await store.SaveAsync(tenant, open);

        Assert.Equal([menu, strike, open], await store.GetAllAsync(tenant));
        var changed = strike with { Title = "Grève du 10 octobre : service minimum", Until = null };
        await store.SaveAsync(tenant, changed);
        Assert.Equal([menu, changed, open], await store.GetAllAsync(tenant));
        Assert.True(await store.DeleteAsync(tenant, menu.Id));
        Assert.False(await store.DeleteAsync(tenant, menu.Id));
        Assert.Equal([changed, open], await store.GetAllAsync(tenant));
    }

    /// <summary>R-TEN-1: a tenant neither sees nor deletes another tenant's items, even with the same id.</summary>
    [Fact]
    public async Task R_TEN_1_a_tenant_neither_sees_nor_deletes_another_tenants_news()
    {
        var store = await CreateCleanStoreAsync();
        var (a, b) = (NewTenant(), NewTenant());
        var item = Item("Menus", new LocalDate(2023, 11, 1));
        await store.SaveAsync(a, item);

        Assert.Empty(await store.GetAllAsync(b));
        Assert.False(await store.DeleteAsync(b, item.Id));
        await store.SaveAsync(b, item with { Title = "Autre ville" });
        Assert.Equal("Menus", Assert.Single(await store.GetAllAsync(a)).Title);
    }

    /// <summary>Bad input at the store boundary is refused naming the field, and nothing is written.</summary>
    [Fact]
    public async Task Malformed_items_are_refused_naming_the_field()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = NewTenant();
        var good = Item("Menus", new LocalDate(2023, 11, 1));
        (NewsItem Item, string Field)[] cases =
        [
            (good with { Id = Guid.Empty }, "item.Id"),
            (good with { Title = " " }, "item.Title"),
            (good with { Text = new string('x', NewsBoard.MaxTextLength + 1) }, "item.Text"),
            (good with { Link = new Uri("ftp://example.org/menu.pdf") }, "item.Link"),
            (good with { Until = good.From.PlusDays(-1) }, "item.Until"),
            (good with { Structure = new StructureId("") }, "item.Structure"),
        ];

        foreach (var (item, field) in cases)
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.SaveAsync(tenant, item));
            Assert.Equal(field, error.ParamName);
        }

        Assert.Empty(await store.GetAllAsync(tenant));
    }
}
