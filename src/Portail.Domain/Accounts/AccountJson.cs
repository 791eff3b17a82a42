using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Portail.Accounts;

/// <summary>
/// The JSON the SQL stores keep an account's lists in (consents, other guardians, shared children,
/// grants), written once so that every store reads what another wrote: codes, not enum names
/// (<c>rgpd</c>, <c>cgu</c>; <c>reader</c>, <c>clerk</c>, <c>manager</c>), instants as ISO text.
/// </summary>
public static class AccountJson
{
    /// <summary>The code of a document, as kept (<c>rgpd</c>, <c>cgu</c>).</summary>
    public static string Code(ConsentDocument document) => document == ConsentDocument.Rgpd ? "rgpd" : "cgu";

    /// <summary>Consents as a JSON array.</summary>
    public static string Write(IReadOnlyList<ConsentRecord> consents)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return JsonSerializer.Serialize(consents.Select(One).ToList(), AccountJsonContext.Default.ListConsentJson);
    }

    /// <summary>One consent as a JSON object (an item of <see cref="Write(IReadOnlyList{ConsentRecord})"/>'s array).</summary>
    public static string Write(ConsentRecord consent) => JsonSerializer.Serialize(One(consent), AccountJsonContext.Default.ConsentJson);

    /// <summary>Guardians as a JSON array.</summary>
    public static string Write(IReadOnlyList<Guardian> guardians)
    {
        ArgumentNullException.ThrowIfNull(guardians);
        return JsonSerializer.Serialize(guardians.Select(g => new GuardianJson(g.Civility, g.LastName, g.FirstName, g.Relationship)).ToList(), AccountJsonContext.Default.ListGuardianJson);
    }

    /// <summary>Child ids as a JSON array of strings.</summary>
    public static string Write(IReadOnlyList<ChildId> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        return JsonSerializer.Serialize(children.Select(c => c.Value).ToList(), AccountJsonContext.Default.ListString);
    }

    /// <summary>Grants as a JSON array.</summary>
    public static string Write(IReadOnlyList<AgentGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        return JsonSerializer.Serialize(grants.Select(g => new GrantJson(g.Structure.Value, g.Role.ToString().ToLowerInvariant())).ToList(), AccountJsonContext.Default.ListGrantJson);
    }

    /// <summary>Reads what <see cref="Write(IReadOnlyList{ConsentRecord})"/> wrote.</summary>
    public static IReadOnlyList<ConsentRecord> ReadConsents(string json) =>
        Read(json, AccountJsonContext.Default.ListConsentJson)
            .Select(c => new ConsentRecord(c.Document == "rgpd" ? ConsentDocument.Rgpd : c.Document == "cgu" ? ConsentDocument.Cgu : throw Unknown("document", c.Document), c.Version, InstantPattern.ExtendedIso.Parse(c.AcceptedAt).GetValueOrThrow()))
            .ToList();

    /// <summary>Reads what <see cref="Write(IReadOnlyList{Guardian})"/> wrote.</summary>
    public static IReadOnlyList<Guardian> ReadGuardians(string json) =>
        Read(json, AccountJsonContext.Default.ListGuardianJson).Select(g => new Guardian(g.Civility, g.LastName, g.FirstName, g.Relationship)).ToList();

    /// <summary>Reads what <see cref="Write(IReadOnlyList{ChildId})"/> wrote.</summary>
    public static IReadOnlyList<ChildId> ReadChildren(string json) => Read(json, AccountJsonContext.Default.ListString).Select(c => new ChildId(c)).ToList();

    /// <summary>Reads what <see cref="Write(IReadOnlyList{AgentGrant})"/> wrote.</summary>
    public static IReadOnlyList<AgentGrant> ReadGrants(string json) =>
        Read(json, AccountJsonContext.Default.ListGrantJson)
            .Select(g => new AgentGrant(new StructureId(g.Structure), Enum.TryParse<AgentRole>(g.Role, ignoreCase: true, out var role) ? role : throw Unknown("role", g.Role)))
            .ToList();

    private static ConsentJson One(ConsentRecord c) => new(Code(c.Document), c.Version, InstantPattern.ExtendedIso.Format(c.AcceptedAt));

    private static List<T> Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> type) => JsonSerializer.Deserialize(json, type) ?? [];

    private static InvalidDataException Unknown(string what, string code) => new($"An account holds an unknown {what} '{code}': the store was written by a newer Portail, or changed by hand.");
}

internal sealed record ConsentJson(string Document, string Version, string AcceptedAt);

internal sealed record GuardianJson(string Civility, string LastName, string FirstName, string Relationship);

internal sealed record GrantJson(string Structure, string Role);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<ConsentJson>))]
[JsonSerializable(typeof(ConsentJson))]
[JsonSerializable(typeof(List<GuardianJson>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<GrantJson>))]
internal sealed partial class AccountJsonContext : JsonSerializerContext;
