using NodaTime;
using Portail.Booking;
using Xunit;

namespace Portail.Testing;

/// <summary>The contract every <see cref="IBasketStore"/> must pass. Subclass it and return a clean store.</summary>
public abstract class BasketStoreContract
{
    /// <summary>A store with nothing in it (or data of other tenants only).</summary>
    protected abstract Task<IBasketStore> CreateCleanStoreAsync();

    private static readonly LocalDate Day = new(2023, 10, 5);

    private static Basket Sample() => Basket.Empty
        .With(new PendingRequest(new RequestKey(new ChildId("lenny"), new ActivityId("accueil-temps"), Day), RequestKind.Book, new LocalTime(7, 30), new LocalTime(8, 30)))
        .With(new PendingRequest(new RequestKey(new ChildId("lenny"), new ActivityId("restauration"), Day.PlusDays(1)), RequestKind.Cancel))
        .With(new PendingRequest(new RequestKey(new ChildId("leyah"), new ActivityId("restauration"), Day), RequestKind.Book));

    /// <summary>R-BSK-1: a saved basket is read back request for request, times included.</summary>
    [Fact]
    public async Task R_BSK_1_a_basket_is_read_back_as_saved()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        Assert.Equal(Basket.Empty, await store.GetAsync(tenant, new FamilyId("dupont")));

        await store.SaveAsync(tenant, new FamilyId("dupont"), Sample());

        Assert.Equal(Sample(), await store.GetAsync(tenant, new FamilyId("dupont")));
    }

    /// <summary>R-BSK-1: saving replaces the basket; an empty basket clears it.</summary>
    [Fact]
    public async Task R_BSK_1_saving_replaces_and_an_empty_basket_clears()
    {
        var store = await CreateCleanStoreAsync();
        var tenant = new TenantId($"t-{Guid.NewGuid():N}");
        var family = new FamilyId("dupont");
        await store.SaveAsync(tenant, family, Sample());
        var smaller = Sample().Without(new RequestKey(new ChildId("leyah"), new ActivityId("restauration"), Day));
        await store.SaveAsync(tenant, family, smaller);
        Assert.Equal(smaller, await store.GetAsync(tenant, family));

        await store.SaveAsync(tenant, family, Basket.Empty);
        Assert.Equal(Basket.Empty, await store.GetAsync(tenant, family));
    }

    /// <summary>R-TEN-1: baskets are per tenant and per family.</summary>
    [Fact]
    public async Task R_TEN_1_baskets_are_per_tenant_and_family()
    {
        var store = await CreateCleanStoreAsync();
        var a = new TenantId($"a-{Guid.NewGuid():N}");
        var b = new TenantId($"b-{Guid.NewGuid():N}");
        await store.SaveAsync(a, new FamilyId("dupont"), Sample());
        Assert.Equal(Basket.Empty, await store.GetAsync(b, new FamilyId("dupont")));
        Assert.Equal(Basket.Empty, await store.GetAsync(a, new FamilyId("martin")));
    }
}
