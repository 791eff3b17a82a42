using NodaTime;
using NodaTime.Text;
using Portail.Catalog;
using Portail.Catalog.Configuration;

namespace Portail.Dossier;

/// <summary>A kind of fiche the municipality uses, its name, and whether the booking gate needs it validated (R-DOS-1).</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name families see.</param>
/// <param name="Required">Whether it must be validated before the family books.</param>
public sealed record FicheSetting(FicheKind Kind, string Name, bool Required);

/// <summary>A yes/no question of the Autorisations parentales fiche (R-DOS-9); yes is preselected.</summary>
/// <param name="Id">The code answers are stored under.</param>
/// <param name="Question">The question families read.</param>
public sealed record AuthorisationQuestion(string Id, string Question);

/// <summary>When a document must be attached before a fiche is submitted (R-DOS-6).</summary>
public enum DocumentRequirement
{
    /// <summary>Always.</summary>
    Required,

    /// <summary>Never: the family attaches it when it applies (divorce judgment, quotient certificate).</summary>
    Optional,

    /// <summary>When the health fiche asks for a PAI, to set up or renew (prescription, photo).</summary>
    IfPai,
}

/// <summary>A document asked with a kind of fiche (R-DOS-6): up to <see cref="Attachments.MaxFiles"/> files.</summary>
/// <param name="Id">The code files are stored under.</param>
/// <param name="Fiche">The kind of fiche it goes with.</param>
/// <param name="Label">The label families read.</param>
/// <param name="Requirement">When it is needed.</param>
public sealed record RequiredDocument(string Id, FicheKind Fiche, string Label, DocumentRequirement Requirement);

/// <summary>The yearly campaign (R-DOS-5): from <paramref name="Start"/> to <paramref name="Deadline"/>, both days included.</summary>
/// <param name="Start">The first day.</param>
/// <param name="Deadline">The last day to have the file validated: from the next day the gate applies (R-WIN-6).</param>
public sealed record DossierCampaign(LocalDate Start, LocalDate Deadline);

/// <summary>
/// One municipality's family file (<c>Portail:Tenants:N:Dossier</c>, checked at start-up by
/// <see cref="DossierConfiguration"/>): its kinds of fiche, the authorisation questions, the documents,
/// the internal rules per structure, the sworn statement, the known insurers and doctors, the campaign.
/// </summary>
/// <param name="Fiches">The kinds in use.</param>
/// <param name="Authorisations">The questions of the authorisations fiche.</param>
/// <param name="Documents">The documents asked, per kind.</param>
/// <param name="InternalRules">The internal rules' text of each structure that has some.</param>
/// <param name="SwornStatement">The box ticked to submit.</param>
/// <param name="Insurers">The service's known insurers.</param>
/// <param name="Doctors">The service's known doctors.</param>
/// <param name="Campaign">The campaign, or <see langword="null"/>: the file then never gates booking.</param>
public sealed record DossierRules(
    IReadOnlyList<FicheSetting> Fiches,
    IReadOnlyList<AuthorisationQuestion> Authorisations,
    IReadOnlyList<RequiredDocument> Documents,
    IReadOnlyDictionary<StructureId, string> InternalRules,
    string SwornStatement,
    IReadOnlyList<string> Insurers,
    IReadOnlyList<string> Doctors,
    DossierCampaign? Campaign)
{
    /// <summary>The sworn statement of the guides.</summary>
    public const string DefaultSwornStatement = "Certifié sur l'honneur que les informations ci-dessus sont exactes.";

    /// <summary>The setting of a kind, or <see langword="null"/> when the municipality does not use it.</summary>
    public FicheSetting? Setting(FicheKind kind) => Fiches.FirstOrDefault(f => f.Kind == kind);

    /// <summary>The documents asked with a kind of fiche.</summary>
    public IEnumerable<RequiredDocument> DocumentsOf(FicheKind kind) => Documents.Where(d => d.Fiche == kind);

    /// <summary>The name families see of a kind ("Fiche santé").</summary>
    public string NameOf(FicheKind kind) => Setting(kind)?.Name ?? DossierConfiguration.DefaultName(kind);
}

/// <summary>The family file's rules of every tenant, by tenant.</summary>
public sealed class DossierSettings
{
    private readonly IReadOnlyDictionary<TenantId, DossierRules> _rules;

    internal DossierSettings(IReadOnlyDictionary<TenantId, DossierRules> rules) => _rules = rules;

    /// <summary>The rules of a tenant; throws when the tenant is not configured.</summary>
    public DossierRules this[TenantId tenant] =>
        _rules.TryGetValue(tenant, out var rules) ? rules : throw new KeyNotFoundException($"Tenant '{tenant}' is not configured (Portail:Tenants:*:Id).");
}

/// <summary>
/// Reads and checks <c>Portail:Tenants:N:Dossier</c> (R-DOS-1, R-DOS-5, R-DOS-6, R-DOS-9, R-DOS-12):
/// every error names the setting at fault; an absent section gives the guides' defaults.
/// </summary>
public static class DossierConfiguration
{
    /// <summary>Reads the rules of every tenant; answers the errors, each naming its setting (empty when all is well).</summary>
    public static IReadOnlyList<string> TryLoad(PortailOptions options, string sectionPath, out DossierSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var rules = new Dictionary<TenantId, DossierRules>();
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var tenant = options.Tenants[i];
            var loaded = Load(tenant.Dossier ?? new DossierOptions(), tenant.Structures.Select(s => s.Id ?? string.Empty).ToList(), $"{sectionPath}:Tenants:{i}:Dossier", errors);
            if (tenant.Id is { Length: > 0 } id)
            {
                rules[new TenantId(id)] = loaded;
            }
        }

        settings = errors.Count == 0 ? new DossierSettings(rules) : null;
        return [.. errors.Select(e => $"{e}.")];
    }

    /// <summary>Reads the rules of every tenant, or throws naming every faulty setting.</summary>
    public static DossierSettings Load(PortailOptions options, string sectionPath)
    {
        var errors = TryLoad(options, sectionPath, out var settings);
        return settings ?? throw new InvalidOperationException($"The Dossier configuration is invalid: {string.Join("; ", errors)}");
    }

    internal static string DefaultName(FicheKind kind) => kind switch
    {
        FicheKind.Holder => "Fiche responsable compte famille",
        FicheKind.OtherGuardian => "Fiche autre responsable",
        FicheKind.Insurance => "Assurance scolaire et extra-scolaire",
        FicheKind.Authorisations => "Fiche d'autorisations parentales",
        FicheKind.Contacts => "Fiche de contacts",
        FicheKind.Health => "Fiche santé",
        _ => "Règlement intérieur",
    };

    private static readonly AuthorisationQuestion[] DefaultQuestions =
    [
        new("droit-image", "J'autorise la prise de photographies de mon enfant et leur publication (droit à l'image et à publication)."),
        new("soins-urgence", "J'autorise le service à faire soigner mon enfant et à prendre les mesures médicales d'urgence nécessaires."),
    ];

    private static readonly RequiredDocument[] DefaultDocuments =
    [
        new("quotient", FicheKind.Holder, "Justificatif de quotient familial CAF ou MSA, ou à défaut dernier avis d'imposition", DocumentRequirement.Optional),
        new("jugement", FicheKind.Holder, "Jugement de divorce (autorité parentale et garde des enfants)", DocumentRequirement.Optional),
        new("attestation-assurance", FicheKind.Insurance, "Attestation d'assurance de l'année scolaire", DocumentRequirement.Required),
        new("vaccinations", FicheKind.Health, "Pages de vaccination du carnet de santé ou certificat de contre-indication", DocumentRequirement.Optional),
        new("pai-ordonnance", FicheKind.Health, "Ordonnance du médecin pour le PAI", DocumentRequirement.IfPai),
        new("pai-photo", FicheKind.Health, "Photo d'identité de l'enfant pour le PAI", DocumentRequirement.IfPai),
    ];

    private static DossierRules Load(DossierOptions o, IReadOnlyList<string> structures, string path, List<string> errors)
    {
        var fiches = new List<FicheSetting>();
        for (var i = 0; i < o.Fiches.Count; i++)
        {
            var f = o.Fiches[i];
            if (Kind(f.Kind, $"{path}:Fiches:{i}:Kind", errors) is not { } kind)
            {
                continue;
            }

            if (fiches.Any(x => x.Kind == kind))
            {
                errors.Add($"{path}:Fiches:{i}:Kind '{f.Kind}' is listed twice; list each kind once");
                continue;
            }

            fiches.Add(new FicheSetting(kind, string.IsNullOrWhiteSpace(f.Name) ? DefaultName(kind) : f.Name.Trim(), f.Required));
        }

        if (o.Fiches.Count == 0)
        {
            fiches.AddRange(Enum.GetValues<FicheKind>().Select(k => new FicheSetting(k, DefaultName(k), true)));
        }

        var questions = new List<AuthorisationQuestion>();
        for (var i = 0; i < o.Authorisations.Count; i++)
        {
            var a = o.Authorisations[i];
            var id = Code(a.Id, $"{path}:Authorisations:{i}:Id", errors);
            if (string.IsNullOrWhiteSpace(a.Question))
            {
                errors.Add($"{path}:Authorisations:{i}:Question is required (the question families read)");
            }
            else if (id is not null && questions.Any(q => q.Id == id))
            {
                errors.Add($"{path}:Authorisations:{i}:Id '{id}' is already used by another question");
            }
            else if (id is not null)
            {
                questions.Add(new AuthorisationQuestion(id, a.Question.Trim()));
            }
        }

        var documents = new List<RequiredDocument>();
        for (var i = 0; i < o.Documents.Count; i++)
        {
            var d = o.Documents[i];
            var dp = $"{path}:Documents:{i}";
            var id = Code(d.Id, $"{dp}:Id", errors);
            var kind = Kind(d.Fiche, $"{dp}:Fiche", errors);
            var requirement = Enum.TryParse<DocumentRequirement>(d.Requirement, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : (DocumentRequirement?)null;
            if (requirement is null)
            {
                errors.Add($"{dp}:Requirement '{d.Requirement}' is not one of {string.Join(", ", Enum.GetNames<DocumentRequirement>())}");
            }
            else if (requirement == DocumentRequirement.IfPai && kind is not null and not FicheKind.Health)
            {
                errors.Add($"{dp}:Requirement IfPai applies only to documents of the Health fiche; found Fiche '{d.Fiche}'");
            }

            if (string.IsNullOrWhiteSpace(d.Label))
            {
                errors.Add($"{dp}:Label is required (the name families read)");
            }
            else if (id is not null && documents.Any(x => x.Id == id))
            {
                errors.Add($"{dp}:Id '{id}' is already used by another document");
            }
            else if (id is not null && kind is { } k && requirement is { } req)
            {
                documents.Add(new RequiredDocument(id, k, d.Label.Trim(), req));
            }
        }

        var rules = new Dictionary<StructureId, string>();
        for (var i = 0; i < o.InternalRules.Count; i++)
        {
            var r = o.InternalRules[i];
            var rp = $"{path}:InternalRules:{i}";
            if (r.Structure is null || !structures.Contains(r.Structure))
            {
                errors.Add($"{rp}:Structure '{r.Structure}' is not a configured structure; known: {string.Join(", ", structures)}");
            }
            else if (string.IsNullOrWhiteSpace(r.Text))
            {
                errors.Add($"{rp}:Text is required (the internal rules families acknowledge)");
            }
            else if (!rules.TryAdd(new StructureId(r.Structure), r.Text.Trim()))
            {
                errors.Add($"{rp}:Structure '{r.Structure}' has internal rules already");
            }
        }

        if (o.InternalRules.Count == 0)
        {
            foreach (var s in structures.Where(s => s.Length > 0).Distinct())
            {
                rules[new StructureId(s)] = "Le règlement intérieur de la structure est disponible auprès du service et sur le site de la commune.";
            }
        }

        DossierCampaign? campaign = null;
        if (o.Campaign is { } c)
        {
            var start = Date(c.Start, $"{path}:Campaign:Start", errors);
            var deadline = Date(c.Deadline, $"{path}:Campaign:Deadline", errors);
            if (start is { } s && deadline is { } e)
            {
                if (e < s)
                {
                    errors.Add($"{path}:Campaign:Deadline must not be before Start ({c.Start}); found {c.Deadline}");
                }
                else
                {
                    campaign = new DossierCampaign(s, e);
                }
            }
        }

        return new DossierRules(
            fiches,
            o.Authorisations.Count == 0 ? DefaultQuestions : questions,
            o.Documents.Count == 0 ? DefaultDocuments : documents,
            rules,
            string.IsNullOrWhiteSpace(o.SwornStatement) ? DossierRules.DefaultSwornStatement : o.SwornStatement.Trim(),
            Names(o.Insurers, $"{path}:Insurers", errors),
            Names(o.Doctors, $"{path}:Doctors", errors),
            campaign);
    }

    private static List<string> Names(List<string> names, string path, List<string> errors)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Length > ReferenceEntry.MaxLength)
            {
                errors.Add($"{path}:{i} must be a name of 1 to {ReferenceEntry.MaxLength} characters; found '{names[i]}'");
            }
        }

        return [.. names.Select(n => n.Trim())];
    }

    private static FicheKind? Kind(string? value, string path, List<string> errors)
    {
        if (Enum.TryParse<FicheKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _))
        {
            return kind;
        }

        errors.Add($"{path} '{value}' is not one of {string.Join(", ", Enum.GetNames<FicheKind>())}");
        return null;
    }

    private static string? Code(string? value, string path, List<string> errors)
    {
        if (value is { Length: > 0 and <= Identifier.MaxLength } && value.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
        {
            return value;
        }

        errors.Add($"{path} '{value}' must be a code of 1 to {Identifier.MaxLength} letters, digits, '-' or '_'");
        return null;
    }

    private static LocalDate? Date(string? value, string path, List<string> errors)
    {
        var parsed = LocalDatePattern.Iso.Parse(value ?? string.Empty);
        if (parsed.Success)
        {
            return parsed.Value;
        }

        errors.Add($"{path} '{value}' is not a date in the form yyyy-MM-dd (e.g. 2023-08-16)");
        return null;
    }
}
