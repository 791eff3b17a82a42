using System.Text.Json;
using Portail.Families;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The children of families in SQLite (<c>child</c>), and their contacts (<c>family_contact</c>). A
/// child keeps its place in its family's order when saved again, and goes to the end of its new
/// family's when it moves.
/// </summary>
internal sealed class SqliteFamilyDirectory(SqliteDatabase database) : IFamilyDirectory
{
    /// <inheritdoc />
    public async ValueTask<FamilyContact?> GetContactAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        return (await database.ReadAsync(s => Contacts(s, t, [f]), cancellationToken).ConfigureAwait(false)).GetValueOrDefault(family);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FamilyContact>> ListContactsAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        return await database.ReadAsync(
            s => s.Query(
                "SELECT family, civility, last_name, first_name, emails FROM family_contact WHERE tenant = $tenant ORDER BY family",
                ReadContact,
                ("$tenant", t)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask SaveContactAsync(TenantId tenant, FamilyContact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        contact.ThrowIfMalformed();
        await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO family_contact (tenant, family, civility, last_name, first_name, emails) VALUES ($tenant, $family, $civility, $last_name, $first_name, $emails) "
                + "ON CONFLICT (tenant, family) DO UPDATE SET civility = excluded.civility, last_name = excluded.last_name, first_name = excluded.first_name, emails = excluded.emails",
                ("$tenant", t),
                ("$family", contact.Family.Value),
                ("$civility", contact.Civility),
                ("$last_name", contact.LastName),
                ("$first_name", contact.FirstName),
                ("$emails", JsonSerializer.Serialize(contact.Emails.ToArray(), SqliteJson.Default.StringArray))),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The contacts of those of <paramref name="families"/> that have one, read in the session's transaction (also the nightly transmission's).</summary>
    public static Dictionary<FamilyId, FamilyContact> Contacts(SqliteSession s, string tenant, IEnumerable<string> families) =>
        s.Query(
            "SELECT family, civility, last_name, first_name, emails FROM family_contact WHERE tenant = $tenant AND family IN (SELECT value FROM json_each($families))",
            ReadContact,
            ("$tenant", tenant),
            ("$families", JsonSerializer.Serialize(families.Distinct().ToArray(), SqliteJson.Default.StringArray)))
        .ToDictionary(c => c.Family);

    private static FamilyContact ReadContact(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(new FamilyId(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), JsonSerializer.Deserialize(r.GetString(4), SqliteJson.Default.StringArray) ?? []);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Child>> GetChildrenAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var f = SqliteValues.Id(family.Value, nameof(family));
        return await database.ReadAsync(s => s.Query($"{ChildColumns} WHERE tenant = $tenant AND family = $family ORDER BY position", ReadChild, ("$tenant", t), ("$family", f)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Child>> FindChildrenAsync(TenantId tenant, IReadOnlyCollection<ChildId> children, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var ids = children.Select(c => SqliteValues.Id(c.Value, nameof(children))).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var found = (await database.ReadAsync(
            s => s.Query($"{ChildColumns} WHERE tenant = $tenant AND id IN (SELECT value FROM json_each($ids))", ReadChild, ("$tenant", t), ("$ids", JsonSerializer.Serialize(ids, SqliteJson.Default.StringArray))),
            cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        return [.. ids.Select(id => new ChildId(id)).Where(found.ContainsKey).Select(id => found[id])];
    }

    private const string ChildColumns = "SELECT id, family, last_name, first_name, birth_date, school, enrolments FROM child";

    private static Child ReadChild(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        new ChildId(r.GetString(0)),
        new FamilyId(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        SqliteValues.Date(r.GetString(4)),
        r.IsDBNull(5) ? null : r.GetString(5),
        (JsonSerializer.Deserialize(r.GetString(6), SqliteJson.Default.StringArray) ?? []).Select(a => new ActivityId(a)).ToHashSet());

    /// <inheritdoc />
    public async ValueTask SaveChildAsync(TenantId tenant, Child child, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        var t = SqliteValues.Id(tenant.Value, nameof(tenant));
        var id = SqliteValues.Id(child.Id.Value, "child.Id");
        var family = SqliteValues.Id(child.Family.Value, "child.Family");
        var lastName = SqliteValues.Text(child.LastName, "child.LastName", SqliteValues.MaxTextLength) ?? throw new ArgumentException("child.LastName is null.", nameof(child));
        var firstName = SqliteValues.Text(child.FirstName, "child.FirstName", SqliteValues.MaxTextLength) ?? throw new ArgumentException("child.FirstName is null.", nameof(child));
        var school = SqliteValues.Text(child.School, "child.School", SqliteValues.MaxTextLength);
        var birthDate = SqliteValues.Date(child.BirthDate, "child.BirthDate");
        var enrolments = (child.Enrolments ?? throw new ArgumentException("child.Enrolments is null: give an empty set.", nameof(child)))
            .Select(a => SqliteValues.Id(a.Value, "child.Enrolments")).Order(StringComparer.Ordinal).ToArray();

        await database.WriteAsync(
            s => s.Execute(
                "INSERT INTO child (tenant, id, family, position, last_name, first_name, birth_date, school, enrolments) "
                + "VALUES ($tenant, $id, $family, (SELECT coalesce(max(position), 0) + 1 FROM child WHERE tenant = $tenant), $last_name, $first_name, $birth_date, $school, $enrolments) "
                + "ON CONFLICT (tenant, id) DO UPDATE SET position = CASE WHEN family = excluded.family THEN position ELSE excluded.position END, "
                + "family = excluded.family, last_name = excluded.last_name, first_name = excluded.first_name, birth_date = excluded.birth_date, "
                + "school = excluded.school, enrolments = excluded.enrolments",
                ("$tenant", t),
                ("$id", id),
                ("$family", family),
                ("$last_name", lastName),
                ("$first_name", firstName),
                ("$birth_date", SqliteValues.Text(birthDate)),
                ("$school", school),
                ("$enrolments", JsonSerializer.Serialize(enrolments, SqliteJson.Default.StringArray))),
            cancellationToken).ConfigureAwait(false);
    }
}
