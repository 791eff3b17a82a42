using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using Portail.Dossier;
using Portail.Families;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The address of a fiche (R-DOS-1): <c>/dossier/fiche?type=sante&amp;sujet=lenny</c>, with <c>lieu=</c> the
/// structure of an internal rules fiche. Only the kind, the subject and the structure travel in the
/// URL: the family always comes from the signed-in account.
/// </summary>
internal static class FicheAddress
{
    private static readonly (FicheKind Kind, string Code)[] Codes =
    [
        (FicheKind.Holder, "responsable"), (FicheKind.OtherGuardian, "autre-responsable"), (FicheKind.Insurance, "assurance"),
        (FicheKind.Authorisations, "autorisations"), (FicheKind.Contacts, "contacts"), (FicheKind.Health, "sante"), (FicheKind.InternalRules, "reglement"),
    ];

    /// <summary>The route values of a fiche, for <c>Url.Page("/DossierFiche", …)</c>.</summary>
    public static RouteValueDictionary Route(FicheKey key) => new()
    {
        ["type"] = Codes.First(c => c.Kind == key.Kind).Code,
        ["sujet"] = key.Subject.Length == 0 ? null : key.Subject,
        ["lieu"] = key.Structure.Length == 0 ? null : key.Structure,
    };

    /// <summary>The fiche a query names, or <see langword="null"/> when the kind is unknown.</summary>
    public static FicheKey? Parse(string? type, string? subject, string? structure) =>
        Codes.FirstOrDefault(c => c.Code == type) is { Code: not null } found ? new FicheKey(found.Kind, subject ?? string.Empty, structure ?? string.Empty) : null;
}

/// <summary>An input of a fiche's form, as <c>_DossierInput</c> draws it: its label (<c>*</c> when mandatory), value and error.</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">The French label.</param>
/// <param name="Mandatory">Marked <c>*</c>.</param>
/// <param name="Value">The value shown.</param>
/// <param name="Error">Why the value was not accepted, shown next to it.</param>
/// <param name="Type">The input's type (text, date, email, tel, number, datetime-local, textarea).</param>
/// <param name="List">The id of a <c>datalist</c> of suggestions.</param>
/// <param name="Options">The choices of a <c>select</c> (value, label).</param>
public sealed record DossierInput(string Name, string Label, bool Mandatory, string Value, string? Error, string Type = "text", string? List = null, IReadOnlyList<(string Value, string Label)>? Options = null)
{
    /// <summary>The element's id, made of its name.</summary>
    public string Id => IdOf(Name);

    /// <summary>An HTML id made of a form field's name.</summary>
    public static string IdOf(string name) => "f-" + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}

/// <summary>
/// A fiche's form as flat text fields (R-DOS-7..12): from a fiche's content to fields, and from the posted
/// fields back to a content. Repeated parts use indexed names: <c>Child.{id}.Relationship</c>,
/// <c>Vaccine.{n}</c>, <c>Answer.{question}</c>, <c>Link.{contact}</c>. Boxes post <c>true</c>. The insurer's
/// and doctor's names are shown; the page resolves them to the referential's ids (<c>Insurer.Id</c>, <c>Doctor.Id</c>).
/// </summary>
public sealed class DossierFields
{
    /// <summary>How many vaccination rows the form offers beyond those entered.</summary>
    public const int BlankVaccinations = 2;

    private static readonly LocalDatePattern Date = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern DateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private readonly Dictionary<string, string> _values;

    private DossierFields(Dictionary<string, string> values) => _values = values;

    /// <summary>A field's value, empty when absent.</summary>
    public string this[string name]
    {
        get => _values.GetValueOrDefault(name) ?? string.Empty;
        set => _values[name] = value;
    }

    /// <summary>Whether a box is ticked.</summary>
    public bool Checked(string name) => this[name] == "true";

    /// <summary>How many vaccination rows to show.</summary>
    public int VaccinationRows => Enumerable.Range(0, 50).TakeWhile(i => _values.ContainsKey($"Vaccine.{i}")).Count() + BlankVaccinations;

    /// <summary>A date and time as a <c>datetime-local</c> input holds it.</summary>
    public static string Format(LocalDateTime value) => DateTime.Format(value);

    /// <summary>The fields as posted.</summary>
    public static DossierFields FromForm(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form.Keys.Where(k => k.Length <= 200).ToDictionary(k => k, k => form[k].ToString().Trim(), StringComparer.Ordinal));
    }

    /// <summary>The fields of a fiche's content; <paramref name="nameOf"/> gives an insurer's or doctor's name from its id.</summary>
    public static DossierFields From(FicheContent content, Func<ReferenceKind, string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        var f = new DossierFields(new Dictionary<string, string>(StringComparer.Ordinal));
        switch (content)
        {
            case GuardianFiche g:
                var a = g.Address ?? new PostalAddress();
                (f["Civility"], f["LastName"], f["FirstName"], f["BirthDate"]) = (g.Civility, g.LastName, g.FirstName, g.BirthDate is { } b ? Date.Format(b) : "");
                (f["Address.Complement"], f["Address.Number"], f["Address.Street"], f["Address.Locality"], f["Address.Postcode"], f["Address.City"]) = (a.Complement, a.Number, a.Street, a.Locality, a.Postcode, a.City);
                (f["HomePhone"], f["MobilePhone"], f["WorkPhone"], f["Email"]) = (g.HomePhone, g.MobilePhone, g.WorkPhone, g.Email);
                (f["Allocataire"], f["AllocataireNumber"], f["Profession"], f["Employer"]) = (g.Allocataire.ToString(), g.AllocataireNumber, g.Profession, g.Employer);
                f["Quotient"] = g.Quotient?.ToString(CultureInfo.InvariantCulture) ?? "";
                f["QuotientYear"] = g.QuotientYear?.ToString(CultureInfo.InvariantCulture) ?? "";
                foreach (var c in g.Children ?? [])
                {
                    var p = $"Child.{c.Child.Value}.";
                    (f[p + "Relationship"], f[p + "ParentsSituation"]) = (c.Relationship, c.ParentsSituation);
                    (f[p + "EmergencyContact"], f[p + "Residence"], f[p + "ParentalAuthority"], f[p + "CafAffiliation"]) = (Box(c.EmergencyContact), Box(c.Residence), Box(c.ParentalAuthority), Box(c.CafAffiliation));
                }

                break;
            case InsuranceFiche i:
                (f["Insurer"], f["ContractNumber"], f["Expiry"]) = (i.Insurer.Length == 0 ? "" : nameOf(ReferenceKind.Insurer, i.Insurer), i.ContractNumber, i.Expiry is { } e ? Date.Format(e) : "");
                break;
            case AuthorisationsFiche au:
                foreach (var (question, yes) in au.Answers ?? new Dictionary<string, bool>())
                {
                    f[$"Answer.{question}"] = yes ? "oui" : "non";
                }

                break;
            case ContactsFiche c:
                foreach (var l in c.Links ?? [])
                {
                    var p = $"Link.{l.Contact}";
                    (f[p], f[p + ".Relationship"], f[p + ".MayCollect"], f[p + ".EmergencyCall"]) = ("true", l.Relationship, Box(l.MayCollect), Box(l.EmergencyCall));
                }

                break;
            case HealthFiche h:
                foreach (var (v, n) in (h.Vaccinations ?? []).Select((v, n) => (v, n)))
                {
                    (f[$"Vaccine.{n}"], f[$"Vaccine.{n}.Date"]) = (v.Vaccine, v.LastDate is { } d ? Date.Format(d) : "");
                }

                (f["Pathologies"], f["Allergies"], f["Pai"], f["Diet"], f["Recommendations"]) = (h.Pathologies, h.Allergies, h.Pai.ToString(), h.Diet, h.Recommendations);
                f["Doctor"] = h.Doctor.Length == 0 ? "" : nameOf(ReferenceKind.Doctor, h.Doctor);
                break;
            case InternalRulesFiche r:
                (f["Acknowledged"], f["SignedName"], f["SignedPlace"], f["SignedAt"]) = (Box(r.Acknowledged), r.SignedName, r.SignedPlace, r.SignedAt is { } at ? Format(at) : "");
                break;
        }

        return f;
    }

    /// <summary>
    /// The content of a fiche of <paramref name="kind"/> from these fields, or the fields whose value
    /// cannot be read (a date, a number), each with its French reason. Mandatory fields are the service's
    /// concern: a draft may leave them empty.
    /// </summary>
    /// <param name="kind">The fiche's kind.</param>
    /// <param name="children">The family's children (the holder's table).</param>
    /// <param name="questions">The authorisation questions.</param>
    /// <param name="contacts">The family's contacts (the contacts fiche's links).</param>
    /// <param name="errors">Filled with the fields not read.</param>
    public FicheContent Content(FicheKind kind, IReadOnlyList<Child> children, IReadOnlyList<AuthorisationQuestion> questions, IEnumerable<EmergencyContact> contacts, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        LocalDate? DateOf(string name) => ReadDate(name, errors);
        switch (kind)
        {
            case FicheKind.Holder or FicheKind.OtherGuardian:
                var attached = children.Where(c => this[$"Child.{c.Id.Value}.Relationship"].Length > 0).Select(c =>
                {
                    var p = $"Child.{c.Id.Value}.";
                    return new AttachedChild(c.Id, this[p + "Relationship"], this[p + "ParentsSituation"], Checked(p + "EmergencyContact"), Checked(p + "Residence"), Checked(p + "ParentalAuthority"), Checked(p + "CafAffiliation"));
                });
                return new GuardianFiche(
                    this["Civility"], this["LastName"], this["FirstName"], DateOf("BirthDate"),
                    new PostalAddress(this["Address.Complement"], this["Address.Number"], this["Address.Street"], this["Address.Locality"], this["Address.Postcode"], this["Address.City"]),
                    this["HomePhone"], this["MobilePhone"], this["WorkPhone"], this["Email"],
                    Enum.TryParse<Allocataire>(this["Allocataire"], out var allocataire) && Enum.IsDefined(allocataire) ? allocataire : Allocataire.None,
                    this["AllocataireNumber"],
                    ReadNumber<decimal>("Quotient", errors, s => decimal.TryParse(s.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : (decimal?)null, "un montant en euros, par exemple 650,50"),
                    ReadNumber<int>("QuotientYear", errors, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : (int?)null, "une année sur quatre chiffres, par exemple 2023"),
                    this["Profession"], this["Employer"], [.. attached]);
            case FicheKind.Insurance:
                return new InsuranceFiche(this["Insurer.Id"], this["ContractNumber"], DateOf("Expiry"));
            case FicheKind.Authorisations:
                return new AuthorisationsFiche(questions.ToDictionary(q => q.Id, q => this[$"Answer.{q.Id}"] != "non"));
            case FicheKind.Contacts:
                return new ContactsFiche([.. contacts.Where(c => Checked($"Link.{c.Id}")).Select(c => new ContactLinkEntry(c.Id, this[$"Link.{c.Id}.Relationship"], Checked($"Link.{c.Id}.MayCollect"), Checked($"Link.{c.Id}.EmergencyCall")))]);
            case FicheKind.Health:
                var vaccinations = Enumerable.Range(0, VaccinationRows)
                    .Where(n => this[$"Vaccine.{n}"].Length > 0 || this[$"Vaccine.{n}.Date"].Length > 0)
                    .Select(n => new Vaccination(this[$"Vaccine.{n}"], DateOf($"Vaccine.{n}.Date")));
                return new HealthFiche(
                    [.. vaccinations], this["Pathologies"], this["Allergies"],
                    Enum.TryParse<PaiNeed>(this["Pai"], out var pai) && Enum.IsDefined(pai) ? pai : PaiNeed.None,
                    this["Diet"], this["Doctor.Id"], this["Recommendations"]);
            default:
                LocalDateTime? signed = null;
                if (this["SignedAt"].Length > 0)
                {
                    var parsed = DateTime.Parse(this["SignedAt"]);
                    signed = parsed.Success ? parsed.Value : null;
                    if (!parsed.Success)
                    {
                        errors["SignedAt"] = "Date et heure non reconnues : indiquez-les sous la forme jj/mm/aaaa hh:mm.";
                    }
                }

                return new InternalRulesFiche(Checked("Acknowledged"), this["SignedName"], this["SignedPlace"], signed);
        }
    }

    private static string Box(bool value) => value ? "true" : "";

    private LocalDate? ReadDate(string name, Dictionary<string, string> errors)
    {
        if (this[name].Length == 0)
        {
            return null;
        }

        var parsed = Date.Parse(this[name]);
        if (!parsed.Success)
        {
            errors[name] = "Date non reconnue : indiquez-la sous la forme jj/mm/aaaa.";
        }

        return parsed.Success ? parsed.Value : null;
    }

    private T? ReadNumber<T>(string name, Dictionary<string, string> errors, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (this[name].Length == 0)
        {
            return null;
        }

        var value = parse(this[name]);
        if (value is null)
        {
            errors[name] = $"Valeur non reconnue : indiquez {expected}.";
        }

        return value;
    }
}
