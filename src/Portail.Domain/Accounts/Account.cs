using NodaTime;

namespace Portail.Accounts;

/// <summary>The login id (identifiant) of an account, unique in its tenant; it does not change from year to year (R-ACC-1).</summary>
/// <param name="Value">The id as the service gave it (<see cref="Identifier.Check"/> applies), compared exactly.</param>
public readonly record struct LoginId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Who an account is for.</summary>
public enum AccountKind
{
    /// <summary>A family account (Compte Famille): the holder, for their family (R-ACC-1).</summary>
    Family,

    /// <summary>An agent of the service, with roles on the structures they are granted (R-ACC-7).</summary>
    Agent,
}

/// <summary>What an agent may do in a structure (R-ACC-7); each role includes the ones before it.</summary>
public enum AgentRole
{
    /// <summary>Reads the structure's data (bookings, wallets, fiches).</summary>
    Reader = 1,

    /// <summary>Also changes it: answers requests, reviews fiches, records payments.</summary>
    Clerk = 2,

    /// <summary>Also manages the structure's settings and its agents.</summary>
    Manager = 3,

    /// <summary>
    /// Also reads and reviews the children's health data — the fiche santé and its documents, PAI
    /// included (R-DOS-11) — which no other role sees; every such read is logged.
    /// </summary>
    Health = 4,
}

/// <summary>A structure an agent is granted, with their role there (R-ACC-7).</summary>
/// <param name="Structure">The structure (régie).</param>
/// <param name="Role">What they may do in it.</param>
public sealed record AgentGrant(StructureId Structure, AgentRole Role);

/// <summary>Another guardian of the family (Fiche autre responsable, R-DOS-1); the holder is the account's <see cref="Families.FamilyContact"/>.</summary>
/// <param name="Civility">"M.", "Mme"…; may be empty.</param>
/// <param name="LastName">Last name.</param>
/// <param name="FirstName">First name; may be empty.</param>
/// <param name="Relationship">"Père", "Mère", "Tuteur"…; may be empty.</param>
public sealed record Guardian(string Civility, string LastName, string FirstName, string Relationship);

/// <summary>A document an account holder accepted (R-ACC-3), with the version they read and when.</summary>
/// <param name="Document">Which document: <see cref="ConsentDocument.Rgpd"/> or <see cref="ConsentDocument.Cgu"/>.</param>
/// <param name="Version">The version accepted, as configured.</param>
/// <param name="AcceptedAt">When.</param>
public sealed record ConsentRecord(ConsentDocument Document, string Version, Instant AcceptedAt);

/// <summary>The documents a holder must accept before entering (R-ACC-3).</summary>
public enum ConsentDocument
{
    /// <summary>The RGPD notice (how personal data is processed).</summary>
    Rgpd = 1,

    /// <summary>The CGU: conditions générales d'utilisation du portail.</summary>
    Cgu = 2,
}

/// <summary>
/// An account of a tenant (R-ACC-1, R-ACC-6, R-ACC-7). A family account acts for one
/// <see cref="Family"/>: its bookings, wallet, payments and quotient are that family's. Separated
/// parents (R-ACC-6) have two accounts, each with a family of its own; the children live in one of
/// them and are listed in the other's <see cref="SharedChildren"/> (README, "Separated parents").
/// </summary>
/// <param name="Login">The login id.</param>
/// <param name="Kind">Family or agent.</param>
/// <param name="Family">The family the account acts for; <see langword="null"/> for an agent.</param>
/// <param name="PasswordHash">The password's slow salted hash (<see cref="PasswordHashing"/>'s format); never the password.</param>
/// <param name="MustChangePassword">Whether the password is a temporary one the holder must replace at the next sign-in (R-ACC-2).</param>
/// <param name="PasswordChangedAt">When the password was last set.</param>
/// <param name="Consents">The latest acceptance of each document (R-ACC-3).</param>
/// <param name="OtherGuardians">The family's other guardians (R-DOS-1); empty for an agent.</param>
/// <param name="SharedChildren">Children of another family account this account may also book for (R-ACC-6); empty otherwise.</param>
/// <param name="Grants">The structures an agent is granted (R-ACC-7); empty for a family.</param>
public sealed record Account(
    LoginId Login,
    AccountKind Kind,
    FamilyId? Family,
    string PasswordHash,
    bool MustChangePassword,
    Instant PasswordChangedAt,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<Guardian> OtherGuardians,
    IReadOnlyList<ChildId> SharedChildren,
    IReadOnlyList<AgentGrant> Grants)
{
    /// <summary>The longest password hash kept.</summary>
    public const int MaxHashLength = 512;

    /// <summary>The longest name, civility, relationship or consent version kept.</summary>
    public const int MaxTextLength = 100;

    /// <summary>The most guardians, shared children or grants an account holds.</summary>
    public const int MaxItems = 50;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the account cannot be stored:
    /// an invalid login, family, child or structure id (<see cref="Identifier.Check"/>), a family
    /// account without a family or an agent with one, a family with grants or an agent with
    /// guardians or children, a missing or over-long hash, an over-long or control-character text,
    /// more than <see cref="MaxItems"/> items. Every store calls it before writing anything.
    /// </summary>
    public void ThrowIfMalformed()
    {
        Identifier.Check(Login.Value, "account.Login");
        if (Kind is not (AccountKind.Family or AccountKind.Agent))
        {
            throw new ArgumentException($"account.Kind is {Kind}: Family or Agent.", "account.Kind");
        }

        if (Kind == AccountKind.Family)
        {
            Identifier.Check(Family?.Value, "account.Family");
            if (Grants.Count > 0)
            {
                throw new ArgumentException("account.Grants: a family account is granted no structure (only agents are).", "account.Grants");
            }
        }
        else if (Family is not null || OtherGuardians.Count > 0 || SharedChildren.Count > 0)
        {
            throw new ArgumentException("account.Family: an agent account has no family, guardians or children.", "account.Family");
        }

        AccountStoreCheck.ThrowIfMalformedPasswordHash(PasswordHash, "account.PasswordHash");

        ThrowIfMalformedDetails(OtherGuardians, SharedChildren, Grants);
        ArgumentNullException.ThrowIfNull(Consents, "account.Consents");
        for (var i = 0; i < Consents.Count; i++)
        {
            ThrowIfMalformedConsent(Consents[i], $"account.Consents[{i}]");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field for guardians, children or grants no store keeps.</summary>
#pragma warning disable CA2208 // the fields are named as the account's, as every caller knows them
    public static void ThrowIfMalformedDetails(IReadOnlyList<Guardian> otherGuardians, IReadOnlyList<ChildId> sharedChildren, IReadOnlyList<AgentGrant> grants)
    {
        Count(otherGuardians, "account.OtherGuardians");
        Count(sharedChildren, "account.SharedChildren");
        Count(grants, "account.Grants");
        for (var i = 0; i < otherGuardians.Count; i++)
        {
            var g = otherGuardians[i] ?? throw new ArgumentException($"account.OtherGuardians[{i}] is null.", "account.OtherGuardians");
            var field = $"account.OtherGuardians[{i}]";
            Text(g.Civility, field + ".Civility", required: false);
            Text(g.LastName, field + ".LastName", required: true);
            Text(g.FirstName, field + ".FirstName", required: false);
            Text(g.Relationship, field + ".Relationship", required: false);
        }

        for (var i = 0; i < sharedChildren.Count; i++)
        {
            Identifier.Check(sharedChildren[i].Value, $"account.SharedChildren[{i}]");
        }

        for (var i = 0; i < grants.Count; i++)
        {
            var grant = grants[i] ?? throw new ArgumentException($"account.Grants[{i}] is null.", "account.Grants");
            Identifier.Check(grant.Structure.Value, $"account.Grants[{i}].Structure");
            if (!Enum.IsDefined(grant.Role))
            {
                throw new ArgumentException($"account.Grants[{i}].Role is {grant.Role}: Reader, Clerk or Manager.", $"account.Grants[{i}].Role");
            }
        }

        if (grants.Select(g => g.Structure).Distinct().Count() != grants.Count)
        {
            throw new ArgumentException("account.Grants names a structure twice: one role per structure.", "account.Grants");
        }
    }

#pragma warning restore CA2208

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field for a consent no store keeps.</summary>
    public static void ThrowIfMalformedConsent(ConsentRecord consent, string field)
    {
        ArgumentNullException.ThrowIfNull(consent, field);
        if (!Enum.IsDefined(consent.Document))
        {
            throw new ArgumentException($"{field}.Document is {consent.Document}: Rgpd or Cgu.", field + ".Document");
        }

        Text(consent.Version, field + ".Version", required: true);
    }

    private static void Count<T>(IReadOnlyList<T> items, string field)
    {
        ArgumentNullException.ThrowIfNull(items, field);
        if (items.Count > MaxItems)
        {
            throw new ArgumentException($"{field} holds {items.Count} items: at most {MaxItems}.", field);
        }
    }

    private static void Text(string? value, string field, bool required)
    {
        if (value is null || (required && value.Trim().Length == 0))
        {
            throw new ArgumentException($"{field} is {(value is null ? "null" : "empty")}: {(required ? "it is required" : "give an empty text when there is none")}.", field);
        }

        if (value.Length > MaxTextLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} must be at most {MaxTextLength} printable characters.", field);
        }
    }
}
