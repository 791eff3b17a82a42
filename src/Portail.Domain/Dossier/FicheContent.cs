using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Portail.Dossier;

/// <summary>What a fiche holds; one record per kind (R-DOS-7..12). Stored as JSON (<see cref="DossierJson"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(GuardianFiche), "guardian")]
[JsonDerivedType(typeof(InsuranceFiche), "insurance")]
[JsonDerivedType(typeof(AuthorisationsFiche), "authorisations")]
[JsonDerivedType(typeof(ContactsFiche), "contacts")]
[JsonDerivedType(typeof(HealthFiche), "health")]
[JsonDerivedType(typeof(InternalRulesFiche), "internal-rules")]
public abstract record FicheContent
{
    /// <summary>Whether this content fits a fiche of <paramref name="kind"/>.</summary>
    public abstract bool Fits(FicheKind kind);
}

/// <summary>A postal address (R-DOS-7).</summary>
/// <param name="Complement">"Bât. A".</param>
/// <param name="Number">The number in the street.</param>
/// <param name="Street">The street's name (mandatory).</param>
/// <param name="Locality">Locality, lieu-dit, BP.</param>
/// <param name="Postcode">Postcode (mandatory).</param>
/// <param name="City">City (mandatory).</param>
public sealed record PostalAddress(string Complement = "", string Number = "", string Street = "", string Locality = "", string Postcode = "", string City = "");

/// <summary>Who pays the family benefits (allocataire).</summary>
public enum Allocataire
{
    /// <summary>Not given.</summary>
    None,

    /// <summary>CAF.</summary>
    Caf,

    /// <summary>MSA.</summary>
    Msa,

    /// <summary>Another scheme.</summary>
    Other,
}

/// <summary>A child attached to a guardian, as the holder's fiche lists them (R-DOS-7).</summary>
/// <param name="Child">The child.</param>
/// <param name="Relationship">"Mère", "Père"…</param>
/// <param name="ParentsSituation">"Mariés", "Célibataire", "Concubinage"…</param>
/// <param name="EmergencyContact">To be called in an emergency.</param>
/// <param name="Residence">The child lives with this guardian.</param>
/// <param name="ParentalAuthority">This guardian holds parental authority.</param>
/// <param name="CafAffiliation">The child is counted in this guardian's CAF file.</param>
public sealed record AttachedChild(ChildId Child, string Relationship, string ParentsSituation, bool EmergencyContact, bool Residence, bool ParentalAuthority, bool CafAffiliation);

/// <summary>
/// The holder's fiche, or an other guardian's (R-DOS-7). Mandatory: civility, last and first name,
/// street, postcode, city, one phone, e-mail; the allocataire number when an allocataire is chosen; the
/// quotient's year when a quotient is given (a quotient is valid from 1 January to 31 December of that year).
/// </summary>
/// <param name="Civility">"M.", "Mme".</param>
/// <param name="LastName">Last name.</param>
/// <param name="FirstName">First name.</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="Address">Address.</param>
/// <param name="HomePhone">Home phone.</param>
/// <param name="MobilePhone">Mobile phone.</param>
/// <param name="WorkPhone">Work phone.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Allocataire">CAF, MSA, other.</param>
/// <param name="AllocataireNumber">The allocataire number.</param>
/// <param name="Quotient">The family quotient in euros (holder only), or <see langword="null"/>.</param>
/// <param name="QuotientYear">The calendar year the quotient is valid for.</param>
/// <param name="Profession">Profession.</param>
/// <param name="Employer">Employer.</param>
/// <param name="Children">The children attached.</param>
public sealed record GuardianFiche(
    string Civility = "",
    string LastName = "",
    string FirstName = "",
    LocalDate? BirthDate = null,
    PostalAddress? Address = null,
    string HomePhone = "",
    string MobilePhone = "",
    string WorkPhone = "",
    string Email = "",
    Allocataire Allocataire = Allocataire.None,
    string AllocataireNumber = "",
    decimal? Quotient = null,
    int? QuotientYear = null,
    string Profession = "",
    string Employer = "",
    IReadOnlyList<AttachedChild>? Children = null) : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind is FicheKind.Holder or FicheKind.OtherGuardian;
}

/// <summary>The insurance fiche (R-DOS-8): the insurer (from the referential), the contract number, the expiry date; all mandatory.</summary>
/// <param name="Insurer">The insurer's id in the referential (<see cref="ReferenceEntry.Id"/>).</param>
/// <param name="ContractNumber">The contract number.</param>
/// <param name="Expiry">The last day covered; once passed, the fiche goes back to à mettre à jour.</param>
public sealed record InsuranceFiche(string Insurer = "", string ContractNumber = "", LocalDate? Expiry = null) : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind == FicheKind.Insurance;
}

/// <summary>The authorisations fiche (R-DOS-9): a yes or no per question; a question not answered counts as yes (preselected).</summary>
/// <param name="Answers">The answers by question id.</param>
public sealed record AuthorisationsFiche(IReadOnlyDictionary<string, bool>? Answers = null) : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind == FicheKind.Authorisations;

    /// <summary>The answer to a question: yes unless answered no.</summary>
    public bool Answer(string question) => Answers?.GetValueOrDefault(question, true) ?? true;
}

/// <summary>One contact linked to the child (R-DOS-10); the relationship is mandatory.</summary>
/// <param name="Contact">The family's contact id.</param>
/// <param name="Relationship">"Grand-mère", "Voisin".</param>
/// <param name="MayCollect">Allowed to collect the child.</param>
/// <param name="EmergencyCall">To be called in an emergency.</param>
public sealed record ContactLinkEntry(string Contact, string Relationship, bool MayCollect, bool EmergencyCall);

/// <summary>The contacts fiche of a child (R-DOS-10): the family's contacts linked to this child.</summary>
/// <param name="Links">The links.</param>
public sealed record ContactsFiche(IReadOnlyList<ContactLinkEntry>? Links = null) : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind == FicheKind.Contacts;
}

/// <summary>Whether the child needs a PAI (R-DOS-11).</summary>
public enum PaiNeed
{
    /// <summary>No PAI.</summary>
    None,

    /// <summary>A PAI to set up.</summary>
    ToSetUp,

    /// <summary>A PAI to renew.</summary>
    ToRenew,
}

/// <summary>A vaccination and its last date.</summary>
/// <param name="Vaccine">"DT Polio".</param>
/// <param name="LastDate">The last injection.</param>
public sealed record Vaccination(string Vaccine, LocalDate? LastDate);

/// <summary>The health fiche (R-DOS-11). Mandatory: at least one vaccination with its date, the attending doctor.</summary>
/// <param name="Vaccinations">The vaccinations.</param>
/// <param name="Pathologies">Pathologies.</param>
/// <param name="Allergies">Allergies.</param>
/// <param name="Pai">Whether a PAI is to set up or renew (its documents are then required).</param>
/// <param name="Diet">Dietary requirements.</param>
/// <param name="Doctor">The attending doctor's id in the referential (<see cref="ReferenceEntry.Id"/>).</param>
/// <param name="Recommendations">Free recommendations.</param>
public sealed record HealthFiche(
    IReadOnlyList<Vaccination>? Vaccinations = null,
    string Pathologies = "",
    string Allergies = "",
    PaiNeed Pai = PaiNeed.None,
    string Diet = "",
    string Doctor = "",
    string Recommendations = "") : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind == FicheKind.Health;
}

/// <summary>The internal rules fiche of a child and a structure (R-DOS-12): the box, signed with name, place, date and time; all mandatory.</summary>
/// <param name="Acknowledged">"J'ai pris connaissance du règlement intérieur et j'ai informé mon enfant de ce règlement".</param>
/// <param name="SignedName">The signatory's name.</param>
/// <param name="SignedPlace">Where it was signed.</param>
/// <param name="SignedAt">When, in the tenant's zone.</param>
public sealed record InternalRulesFiche(bool Acknowledged = false, string SignedName = "", string SignedPlace = "", LocalDateTime? SignedAt = null) : FicheContent
{
    /// <inheritdoc />
    public override bool Fits(FicheKind kind) => kind == FicheKind.InternalRules;
}

/// <summary>A field of a fiche, as a page shows it: its label, and the <c>*</c> of the mandatory ones (R-DOS-3).</summary>
/// <param name="Name">The property of the content record.</param>
/// <param name="Label">The French label.</param>
/// <param name="Mandatory">Marked <c>*</c>.</param>
public sealed record FicheField(string Name, string Label, bool Mandatory);

/// <summary>
/// What each kind of fiche asks (its fields, the mandatory ones marked) and what a fiche still lacks
/// before it can be submitted (R-DOS-3): the mandatory fields, the required documents, the sworn
/// statement, in French, for <see cref="FicheWorkflow.Next"/>.
/// </summary>
public static class FicheFields
{
    /// <summary>The fields of a kind of fiche, in the order of the guides' screens.</summary>
    public static IReadOnlyList<FicheField> Of(FicheKind kind) => kind switch
    {
        FicheKind.Holder or FicheKind.OtherGuardian =>
        [
            new("Civility", "Civilité", true), new("LastName", "Nom", true), new("FirstName", "Prénom", true), new("BirthDate", "Date de naissance", false),
            new("Address.Complement", "Complément d'adresse", false), new("Address.Number", "N° de voie", false), new("Address.Street", "Nom de voie", true),
            new("Address.Locality", "Localité, lieu-dit, BP", false), new("Address.Postcode", "Code postal", true), new("Address.City", "Ville", true),
            new("HomePhone", "Tél. domicile", false), new("MobilePhone", "Tél. mobile", false), new("WorkPhone", "Tél. professionnel", false),
            new("Email", "Courriel", true), new("Allocataire", "Type d'allocataire", false), new("AllocataireNumber", "N° d'allocataire", false),
            new("Quotient", "Quotient familial", false), new("QuotientYear", "Année du quotient familial", false), new("Profession", "Profession", false),
            new("Employer", "Employeur", false), new("Children", "Enfants rattachés", false),
        ],
        FicheKind.Insurance => [new("Insurer", "Compagnie", true), new("ContractNumber", "N° de contrat", true), new("Expiry", "Date d'échéance", true)],
        FicheKind.Authorisations => [new("Answers", "Autorisations (oui par défaut)", true)],
        FicheKind.Contacts => [new("Links", "Personnes à contacter ou autorisées à venir chercher l'enfant", false)],
        FicheKind.Health =>
        [
            new("Vaccinations", "Vaccinations", true), new("Pathologies", "Pathologies", false), new("Allergies", "Allergies", false),
            new("Pai", "PAI à mettre en place ou à reconduire", false), new("Diet", "Exigences alimentaires", false), new("Doctor", "Médecin traitant", true),
            new("Recommendations", "Recommandations", false),
        ],
        _ => [new("Acknowledged", "J'ai pris connaissance du règlement intérieur et j'ai informé mon enfant de ce règlement", true), new("SignedName", "Nom du signataire", true), new("SignedPlace", "Fait à", true), new("SignedAt", "Le (date et heure)", true)],
    };

    /// <summary>
    /// What <paramref name="content"/> still lacks to be submitted as a fiche of <paramref name="kind"/>,
    /// in French ("le nom", "le document « Attestation d'assurance »"); empty when nothing.
    /// </summary>
    /// <param name="kind">The fiche's kind.</param>
    /// <param name="content">What the family entered, or <see langword="null"/> when nothing yet.</param>
    /// <param name="rules">The municipality's rules (documents, questions).</param>
    /// <param name="files">The files attached, by document id.</param>
    /// <param name="known">Whether a referential id (insurer, doctor) exists.</param>
    public static IReadOnlyList<string> Missing(FicheKind kind, FicheContent? content, DossierRules rules, IReadOnlyList<AttachedFile> files, Func<ReferenceKind, string, bool> known)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(known);
        var missing = new List<string>();
        void Need(bool present, string label)
        {
            if (!present)
            {
                missing.Add(label);
            }
        }

        static bool Has(string? s) => !string.IsNullOrWhiteSpace(s);
        switch (content)
        {
            case GuardianFiche g:
                Need(Has(g.Civility), "la civilité");
                Need(Has(g.LastName), "le nom");
                Need(Has(g.FirstName), "le prénom");
                Need(Has(g.Address?.Street), "le nom de voie");
                Need(Has(g.Address?.Postcode), "le code postal");
                Need(Has(g.Address?.City), "la ville");
                Need(Has(g.HomePhone) || Has(g.MobilePhone) || Has(g.WorkPhone), "un numéro de téléphone");
                Need(Has(g.Email), "le courriel");
                Need(g.Allocataire == Allocataire.None || Has(g.AllocataireNumber), "le numéro d'allocataire");
                Need(g.Quotient is null || g.QuotientYear is not null, "l'année du quotient familial");
                Need(g.Quotient is null or >= 0, "un quotient familial positif");
                break;
            case InsuranceFiche i:
                Need(Has(i.Insurer) && known(ReferenceKind.Insurer, i.Insurer), "la compagnie d'assurance");
                Need(Has(i.ContractNumber), "le numéro de contrat");
                Need(i.Expiry is not null, "la date d'échéance");
                break;
            case AuthorisationsFiche:
                break;
            case ContactsFiche c:
                Need((c.Links ?? []).All(l => Has(l.Relationship)), "le lien de parenté de chaque contact");
                break;
            case HealthFiche h:
                Need((h.Vaccinations ?? []).Any(v => Has(v.Vaccine) && v.LastDate is not null), "au moins une vaccination avec sa date");
                Need(Has(h.Doctor) && known(ReferenceKind.Doctor, h.Doctor), "le médecin traitant");
                break;
            case InternalRulesFiche r:
                Need(r.Acknowledged, "la case « J'ai pris connaissance du règlement intérieur et j'ai informé mon enfant de ce règlement »");
                Need(Has(r.SignedName), "le nom du signataire");
                Need(Has(r.SignedPlace), "le lieu de signature");
                Need(r.SignedAt is not null, "la date et l'heure de signature");
                break;
            case null when kind is FicheKind.Authorisations or FicheKind.Contacts:
                break;
            default:
                missing.Add("les informations de la fiche");
                break;
        }

        var pai = content is HealthFiche { Pai: not PaiNeed.None };
        foreach (var document in rules.DocumentsOf(kind))
        {
            var needed = document.Requirement == DocumentRequirement.Required || (document.Requirement == DocumentRequirement.IfPai && pai);
            Need(!needed || files.Any(f => f.Document == document.Id), $"le document « {document.Label} »");
        }

        return missing;
    }
}

/// <summary>The JSON of fiche contents and attached files as every store writes them: ISO dates, camel-case names; the type may come anywhere in an object (PostgreSQL's jsonb reorders keys).</summary>
public static class DossierJson
{
    /// <summary>The content as JSON.</summary>
    public static string Content(FicheContent content) => JsonSerializer.Serialize(content, DossierJsonContext.Default.FicheContent);

    /// <summary>The content read back.</summary>
    public static FicheContent Content(string json) =>
        JsonSerializer.Deserialize(json, DossierJsonContext.Default.FicheContent) ?? throw new JsonException("A fiche's content is null.");

    /// <summary>The attached files as a JSON array.</summary>
    public static string Files(IReadOnlyList<AttachedFile> files) => JsonSerializer.Serialize(files.ToList(), DossierJsonContext.Default.ListAttachedFile);

    /// <summary>The attached files read back.</summary>
    public static IReadOnlyList<AttachedFile> Files(string json) => JsonSerializer.Deserialize(json, DossierJsonContext.Default.ListAttachedFile) ?? [];

    /// <summary>The family's contacts as a JSON array.</summary>
    public static string Contacts(IReadOnlyList<EmergencyContact> contacts) => JsonSerializer.Serialize(contacts.ToList(), DossierJsonContext.Default.ListEmergencyContact);

    /// <summary>The family's contacts read back.</summary>
    public static IReadOnlyList<EmergencyContact> Contacts(string json) => JsonSerializer.Deserialize(json, DossierJsonContext.Default.ListEmergencyContact) ?? [];

    /// <summary>A kind as stored: <c>holder</c>, <c>other_guardian</c>, <c>insurance</c>, <c>authorisations</c>, <c>contacts</c>, <c>health</c>, <c>internal_rules</c>.</summary>
    public static string Code(FicheKind kind) => kind switch
    {
        FicheKind.Holder => "holder",
        FicheKind.OtherGuardian => "other_guardian",
        FicheKind.Insurance => "insurance",
        FicheKind.Authorisations => "authorisations",
        FicheKind.Contacts => "contacts",
        FicheKind.Health => "health",
        _ => "internal_rules",
    };

    /// <summary>The kind of a stored code.</summary>
    public static FicheKind Kind(string code) =>
        Enum.GetValues<FicheKind>().FirstOrDefault(k => Code(k) == code, (FicheKind)(-1)) is var k && Enum.IsDefined(k) ? k : throw new FormatException($"'{code}' is not a fiche kind's code.");

    /// <summary>A state as stored: <c>to_fill</c>, <c>draft</c>, <c>submitted</c>, <c>rejected</c>, <c>validated</c>, <c>to_update</c>.</summary>
    public static string Code(FicheState state) => state switch
    {
        FicheState.ToFill => "to_fill",
        FicheState.Draft => "draft",
        FicheState.Submitted => "submitted",
        FicheState.Rejected => "rejected",
        FicheState.Validated => "validated",
        _ => "to_update",
    };

    /// <summary>An action as stored: <c>save_draft</c>, <c>submit</c>, <c>validate</c>, <c>reject</c>, <c>require_update</c>.</summary>
    public static string Code(FicheAction action) => action switch
    {
        FicheAction.SaveDraft => "save_draft",
        FicheAction.Submit => "submit",
        FicheAction.Validate => "validate",
        FicheAction.Reject => "reject",
        _ => "require_update",
    };

    /// <summary>The action of a stored code.</summary>
    public static FicheAction Action(string code) =>
        Enum.GetValues<FicheAction>().FirstOrDefault(a => Code(a) == code, (FicheAction)(-1)) is var a && Enum.IsDefined(a) ? a : throw new FormatException($"'{code}' is not a fiche action's code.");

    /// <summary>A referential as stored: <c>insurer</c>, <c>doctor</c>.</summary>
    public static string Code(ReferenceKind kind) => kind == ReferenceKind.Insurer ? "insurer" : "doctor";

    /// <summary>The referential of a stored code.</summary>
    public static ReferenceKind Reference(string code) => code switch
    {
        "insurer" => ReferenceKind.Insurer,
        "doctor" => ReferenceKind.Doctor,
        _ => throw new FormatException($"'{code}' is not a referential's code."),
    };

    /// <summary>The state of a stored code.</summary>
    public static FicheState State(string code) =>
        Enum.GetValues<FicheState>().FirstOrDefault(s => Code(s) == code, (FicheState)(-1)) is var s && Enum.IsDefined(s) ? s : throw new FormatException($"'{code}' is not a fiche state's code.");
}

// NodaTime values as their ISO text, one converter per pattern.
internal abstract class PatternConverter<T>(IPattern<T> pattern) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => pattern.Parse(reader.GetString() ?? string.Empty).GetValueOrThrow();

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(pattern.Format(value));
}

internal sealed class IsoDateConverter() : PatternConverter<LocalDate>(LocalDatePattern.Iso);

internal sealed class IsoDateTimeConverter() : PatternConverter<LocalDateTime>(LocalDateTimePattern.ExtendedIso);

internal sealed class InstantConverter() : PatternConverter<Instant>(InstantPattern.ExtendedIso);

internal sealed class ChildIdConverter : JsonConverter<ChildId>
{
    public override ChildId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, ChildId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    Converters = [typeof(IsoDateConverter), typeof(IsoDateTimeConverter), typeof(InstantConverter), typeof(ChildIdConverter)])]
[JsonSerializable(typeof(FicheContent))]
[JsonSerializable(typeof(List<AttachedFile>))]
[JsonSerializable(typeof(List<EmergencyContact>))]
internal sealed partial class DossierJsonContext : JsonSerializerContext;
