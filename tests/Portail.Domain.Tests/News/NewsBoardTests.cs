using NodaTime;
using NodaTime.Testing;
using Portail.Catalog.Configuration;
using Portail.InMemory;
using Portail.News;
using Portail.Testing;

namespace Portail.Domain.Tests.News;

/// <summary>The in-memory news store passes the contract.</summary>
public sealed class InMemoryNewsStoreContractTests : NewsStoreContract
{
    /// <inheritdoc />
    protected override Task<INewsStore> CreateCleanStoreAsync() => Task.FromResult<INewsStore>(new InMemoryNewsStore());
}

/// <summary>R-TEN-2: what the Accueil page shows, and what agents may publish.</summary>
public sealed class NewsBoardTests
{
    private static readonly TenantId Cestas = Sample.Cestas;
    private static readonly StructureId Scolaire = new("scolaire");

    // 10 October 2023, 23:30 in Paris is 21:30 UTC: still the 10th there.
    private readonly FakeClock _clock = new(Instant.FromUtc(2023, 10, 10, 21, 30));
    private readonly NewsBoard _board;

    public NewsBoardTests() => _board = new NewsBoard(new InMemoryNewsStore(), CatalogueLoader.Load(Sample.Options(), "Portail"), _clock);

    [Fact]
    public async Task R_TEN_2_an_item_is_shown_from_its_first_to_its_last_day_in_the_tenants_zone()
    {
        var strike = (await _board.PublishAsync(Sample.Agent(), new NewsDraft(Scolaire, "Grève du 10 octobre", "Service minimum à la cantine.", null, new LocalDate(2023, 10, 5), new LocalDate(2023, 10, 10)))).AsT0;
        var later = (await _board.PublishAsync(Sample.Agent(), new NewsDraft(Scolaire, "Menus de novembre", "Voir le lien.", "https://www.cestas.fr/menus.pdf", new LocalDate(2023, 11, 1), null))).AsT0;

        Assert.Equal([strike], await _board.ShownAsync(Cestas, Scolaire));
        _clock.AdvanceMinutes(31);
        Assert.Empty(await _board.ShownAsync(Cestas));
        Assert.Equal([later, strike], await _board.AllAsync(Sample.Agent()));
        Assert.Equal(new Uri("https://www.cestas.fr/menus.pdf"), later.Link);
    }

    [Fact]
    public async Task R_TEN_2_a_faulty_draft_names_every_faulty_field_in_French_and_stores_nothing()
    {
        var refused = (await _board.PublishAsync(Sample.Agent(), new NewsDraft(new StructureId("piscine"), " ", null, "www.cestas.fr", new LocalDate(2023, 10, 5), new LocalDate(2023, 10, 4)))).AsT1;

        Assert.Equal(
            ["La structure « piscine » n'existe pas.", "Le titre est obligatoire.", "Le texte est obligatoire.",
             "Le lien « www.cestas.fr » n'est pas une adresse web complète : elle commence par https:// (ou http://).",
             "La fin de publication (mercredi 4 octobre 2023) précède son début (jeudi 5 octobre 2023)."],
            refused.Problems);
        Assert.Empty(await _board.AllAsync(Sample.Agent()));
    }

    [Fact]
    public async Task R_TEN_2_an_item_is_changed_in_place_and_withdrawn()
    {
        var item = (await _board.PublishAsync(Sample.Agent(), new NewsDraft(Scolaire, "Menus", "Octobre", null, new LocalDate(2023, 10, 1), null))).AsT0;

        var changed = (await _board.PublishAsync(Sample.Agent(), new NewsDraft(Scolaire, "Menus d'octobre", "Octobre", null, new LocalDate(2023, 10, 1), null), item.Id)).AsT0;

        Assert.Equal(item.Id, changed.Id);
        Assert.Equal("Menus d'octobre", Assert.Single(await _board.AllAsync(Sample.Agent())).Title);
        Assert.True(await _board.WithdrawAsync(Sample.Agent(), item.Id));
        Assert.Contains("n'existe plus", (await _board.PublishAsync(Sample.Agent(), new NewsDraft(Scolaire, "Menus", "Octobre", null, new LocalDate(2023, 10, 1), null), item.Id)).AsT1.Message, StringComparison.Ordinal);
    }
}
