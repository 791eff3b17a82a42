using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Dossier;
using Portail.Families;
using Portail.InMemory;

namespace Portail.Testing;

/// <summary>
/// A small municipality of its own (a new tenant each time) over a storage, for the family file's
/// tests: two structures (scolaire, musique), families A (children a-1, a-2) and B (child b-1), the
/// accounts that act on them, a campaign that ended on 16 August 2023 (the gate applies on the world's
/// date, 1 September 2023), and <see cref="DossierService"/> over it all with in-memory attachment files.
/// </summary>
public sealed class DossierWorld
{
    /// <summary>The structure of school services.</summary>
    public static readonly StructureId Scolaire = new("scolaire");

    /// <summary>The music school.</summary>
    public static readonly StructureId Musique = new("musique");

    /// <summary>Family A, with two children.</summary>
    public static readonly FamilyId A = new("famille-a");

    /// <summary>Family B, with one child.</summary>
    public static readonly FamilyId B = new("famille-b");

    /// <summary>A PDF's first bytes: what an accepted attachment looks like.</summary>
    public static ReadOnlyMemory<byte> Pdf { get; } = "%PDF-1.4 attestation"u8.ToArray();

    private static readonly string[] ChildrenOfA = ["a-1", "a-2"];
    private static readonly string[] ChildrenOfB = ["b-1"];

    private DossierWorld(IPortailStorage storage, Action<DossierOptions>? configure)
    {
        Storage = storage;
        Tenant = new TenantId($"t-{Guid.NewGuid():N}");
        Clock = new SettableClock(Instant.FromUtc(2023, 9, 1, 8, 0));
        var dossier = new DossierOptions
        {
            Insurers = ["MAIF", "MACIF"],
            Doctors = ["Docteur Émile MARTIN"],
            Campaign = new CampaignOptions { Start = "2023-06-12", Deadline = "2023-08-16" },
        };
        configure?.Invoke(dossier);
        var options = new PortailOptions
        {
            Tenants =
            [
                new TenantOptions
                {
                    Id = Tenant.Value,
                    Name = "Commune du dossier",
                    Structures = [new StructureOptions { Id = Scolaire.Value, Name = "Régie scolaire" }, new StructureOptions { Id = Musique.Value, Name = "École de musique" }],
                    Dossier = dossier,
                },
            ],
        };
        Catalogue = CatalogueLoader.Load(options, "Portail");
        Settings = DossierConfiguration.Load(options, "Portail");
        Files = new InMemoryAttachmentFiles();
        Service = new DossierService(Catalogue, Settings, Clock, storage.Dossiers, storage.Families, Files, new AccessControl(storage.Families, Catalogue));
        Gate = new DossierFileStatus(Catalogue, Settings, Clock, storage.Dossiers, storage.Families);
        Pricing = new DossierPricing(Catalogue, Clock, storage.Dossiers);
    }

    /// <summary>The storage under test.</summary>
    public IPortailStorage Storage { get; }

    /// <summary>The world's own tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>The clock, 1 September 2023 08:00 UTC at first.</summary>
    public SettableClock Clock { get; }

    /// <summary>The catalogue.</summary>
    public Catalogue Catalogue { get; }

    /// <summary>The family file's rules.</summary>
    public DossierSettings Settings { get; }

    /// <summary>The attached files' content.</summary>
    public InMemoryAttachmentFiles Files { get; }

    /// <summary>The use cases.</summary>
    public DossierService Service { get; }

    /// <summary>The booking gate over the store.</summary>
    public DossierFileStatus Gate { get; }

    /// <summary>The quotient pricing over the store.</summary>
    public DossierPricing Pricing { get; }

    /// <summary>Family A's account.</summary>
    public FamilyActor FamilyA => new(Tenant, new LoginId("login-a"), A, new HashSet<ChildId>());

    /// <summary>Family B's account.</summary>
    public FamilyActor FamilyB => new(Tenant, new LoginId("login-b"), B, new HashSet<ChildId>());

    /// <summary>A clerk of both structures, without the health right.</summary>
    public AgentActor Clerk => Agent("clerk", (Scolaire, AgentRole.Clerk), (Musique, AgentRole.Clerk));

    /// <summary>A clerk of the music school only.</summary>
    public AgentActor MusicClerk => Agent("music-clerk", (Musique, AgentRole.Clerk));

    /// <summary>An agent with the health right in the school structure, clerk of the music school.</summary>
    public AgentActor Nurse => Agent("nurse", (Scolaire, AgentRole.Health), (Musique, AgentRole.Clerk));

    /// <summary>A manager of both structures.</summary>
    public AgentActor Manager => Agent("manager", (Scolaire, AgentRole.Manager), (Musique, AgentRole.Manager));

    /// <summary>A clean world over <paramref name="storage"/>: the children saved in its directory.</summary>
    public static async Task<DossierWorld> CreateAsync(IPortailStorage storage, Action<DossierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var world = new DossierWorld(storage, configure);
        foreach (var child in new[] { Child("a-1", A, "Lenny"), Child("a-2", A, "Leyah"), Child("b-1", B, "Paolo") })
        {
            await storage.Families.SaveChildAsync(world.Tenant, child);
        }

        return world;
    }

    /// <summary>An agent with these grants.</summary>
    public AgentActor Agent(string login, params (StructureId Structure, AgentRole Role)[] grants) =>
        new(Tenant, new LoginId(login), grants.ToDictionary(g => g.Structure, g => g.Role));

    /// <summary>Every required fiche of a family of this world.</summary>
    public static IReadOnlyList<FicheKey> RequiredFiches(FamilyId family) =>
        [new(FicheKind.Holder), .. (family == A ? ChildrenOfA : ChildrenOfB).SelectMany(ChildFiches)];

    /// <summary>The fiches of one child: insurance, authorisations, contacts, health, and internal rules of both structures.</summary>
    public static IEnumerable<FicheKey> ChildFiches(string child) =>
    [
        new(FicheKind.Insurance, child), new(FicheKind.Authorisations, child), new(FicheKind.Contacts, child), new(FicheKind.Health, child),
        new(FicheKind.InternalRules, child, Scolaire.Value), new(FicheKind.InternalRules, child, Musique.Value),
    ];

    /// <summary>A content that has every mandatory field of its kind.</summary>
    public static FicheContent Complete(FicheKind kind) => kind switch
    {
        FicheKind.Holder or FicheKind.OtherGuardian => new GuardianFiche(
            "M.", "DUPONT", "Jean", new LocalDate(1985, 4, 2), new PostalAddress(Number: "0", Street: "Av. du Baron Haussmann", Postcode: "33610", City: "CESTAS"),
            MobilePhone: "06 00 00 00 00", Email: "jean.dupont@exemple.fr", Allocataire: Allocataire.Caf, AllocataireNumber: "0123456", Quotient: 650m, QuotientYear: 2023),
        FicheKind.Insurance => new InsuranceFiche(ReferenceEntry.ServiceId("MAIF"), "CT-123", new LocalDate(2024, 8, 31)),
        FicheKind.Authorisations => new AuthorisationsFiche(),
        FicheKind.Contacts => new ContactsFiche([]),
        FicheKind.Health => new HealthFiche([new Vaccination("DT Polio", new LocalDate(2022, 1, 10))], Doctor: ReferenceEntry.ServiceId("Docteur Émile MARTIN")),
        _ => new InternalRulesFiche(true, "Jean DUPONT", "Cestas", new LocalDateTime(2023, 9, 1, 10, 0)),
    };

    /// <summary>The family submits a complete fiche (attaching the documents it requires); answers the fiche's version.</summary>
    public async Task<long> SubmitAsync(Actor actor, FamilyId family, FicheKey key)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var view = (await Service.FicheAsync(actor, family, key)).AsT0;
        var version = view.Summary.Version;
        foreach (var document in view.Documents.Where(d => d.Requirement == DocumentRequirement.Required && !view.Files.Any(f => f.Document == d.Id)))
        {
            version = Ok(await Service.AttachAsync(actor, family, key, document.Id, "piece.pdf", Pdf, version)).Summary.Version;
        }

        return Ok(await Service.SubmitAsync(actor, family, key, Complete(key.Kind), swornStatement: true, version)).Summary.Version;
    }

    /// <summary>Submits and has an agent with every right validate every required fiche of the family.</summary>
    public async Task ValidateFileAsync(FamilyActor family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var agent = Agent("validator", (Scolaire, AgentRole.Health), (Musique, AgentRole.Health));
        foreach (var key in RequiredFiches(family.Family))
        {
            var version = await SubmitAsync(family, family.Family, key);
            Ok(await Service.ValidateAsync(agent, family.Family, key, version));
        }
    }

    /// <summary>The value of a result, or a failure naming the refusal.</summary>
    public static T Ok<T>(OneOf.OneOf<T, DossierRefused> result)
    {
        if (result.TryPickT1(out var refused, out var value))
        {
            throw new Xunit.Sdk.XunitException($"Refused ({refused.Reason}): {refused.Message}");
        }

        return value;
    }

    private static Child Child(string id, FamilyId family, string firstName) =>
        new(new ChildId(id), family, "DUPONT", firstName, new LocalDate(2016, 5, 1), null, new HashSet<ActivityId>());
}
