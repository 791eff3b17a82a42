using Portail.Families;
using static Portail.Adapters.Postgres.PostgresCommands;

namespace Portail.Adapters.Postgres;

/// <summary>
/// Children in PostgreSQL (<c>child</c>), one row per tenant and child id, and the families' contacts
/// (<c>family_contact</c>). A child keeps its place in its family's order when saved again, and goes
/// to the end of the new family's when it moves.
/// </summary>
internal sealed class PostgresFamilyDirectory : IFamilyDirectory
{
    private readonly PostgresDatabase _database;
    private readonly string _read;
    private readonly string _find;
    private readonly string _save;
    private readonly string _contact;
    private readonly string _contacts;
    private readonly string _saveContact;

    public PostgresFamilyDirectory(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var s = database.Schema;
        _read = $"SELECT child, family, last_name, first_name, birth_date, school, enrolments FROM {s}.child WHERE tenant = $1 AND family = $2 ORDER BY position";
        _find = $"SELECT child, family, last_name, first_name, birth_date, school, enrolments FROM {s}.child WHERE tenant = $1 AND child = ANY($2::text[])";
        _save = $"""
            INSERT INTO {s}.child AS c (tenant, child, family, last_name, first_name, birth_date, school, enrolments)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (tenant, child) DO UPDATE SET
                family = excluded.family, last_name = excluded.last_name, first_name = excluded.first_name,
                birth_date = excluded.birth_date, school = excluded.school, enrolments = excluded.enrolments,
                position = CASE WHEN c.family = excluded.family THEN c.position ELSE excluded.position END
            """;
        _contact = ContactsQuery(s, "family = ANY($2::text[])");
        _contacts = ContactsQuery(s, "true ORDER BY family");
        _saveContact = $"""
            INSERT INTO {s}.family_contact (tenant, family, civility, last_name, first_name, emails) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant, family) DO UPDATE SET civility = excluded.civility, last_name = excluded.last_name, first_name = excluded.first_name, emails = excluded.emails
            """;
    }

    /// <summary>The query of the contacts of a tenant (<c>$1</c>) whose family matches <paramref name="families"/>, read by <see cref="ReadContact"/>.</summary>
    public static string ContactsQuery(string schema, string families) =>
        $"SELECT family, civility, last_name, first_name, emails FROM {schema}.family_contact WHERE tenant = $1 AND {families}";

    /// <summary>Reads a row of <see cref="ContactsQuery"/>.</summary>
    public static FamilyContact ReadContact(Npgsql.NpgsqlDataReader r) =>
        new(new FamilyId(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4));

    /// <inheritdoc />
    public async ValueTask<FamilyContact?> GetContactAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        var f = PostgresValues.Id(family.Value, "family");
        var rows = await _database.QueryAsync(_contact, ReadContact, cancellationToken, Value(t), Value(new[] { f })).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FamilyContact>> ListContactsAsync(TenantId tenant, CancellationToken cancellationToken = default) =>
        await _database.QueryAsync(_contacts, ReadContact, cancellationToken, Value(PostgresValues.Tenant(tenant))).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SaveContactAsync(TenantId tenant, FamilyContact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var t = PostgresValues.Tenant(tenant);
        contact.ThrowIfMalformed();
        await _database.ExecuteAsync(
            [Batch(_saveContact, Value(t), Value(contact.Family.Value), Value(contact.Civility), Value(contact.LastName), Value(contact.FirstName), Value(contact.Emails.ToArray()))],
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Child>> GetChildrenAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default)
    {
        var t = PostgresValues.Tenant(tenant);
        var f = PostgresValues.Id(family.Value, "family");
        return await _database.QueryAsync(_read, ReadChild, cancellationToken, Value(t), Value(f)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Child>> FindChildrenAsync(TenantId tenant, IReadOnlyCollection<ChildId> children, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        var t = PostgresValues.Tenant(tenant);
        var ids = children.Select(c => PostgresValues.Id(c.Value, "children")).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var found = (await _database.QueryAsync(_find, ReadChild, cancellationToken, Value(t), Value(ids)).ConfigureAwait(false)).ToDictionary(c => c.Id);
        return [.. ids.Select(id => new ChildId(id)).Where(found.ContainsKey).Select(id => found[id])];
    }

    private static Child ReadChild(Npgsql.NpgsqlDataReader r) => new(
        new ChildId(r.GetString(0)),
        new FamilyId(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        PostgresValues.Date(r.GetFieldValue<DateOnly>(4)),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.GetFieldValue<string[]>(6).Select(a => new ActivityId(a)).ToHashSet());

    /// <inheritdoc />
    public async ValueTask SaveChildAsync(TenantId tenant, Child child, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        var t = PostgresValues.Tenant(tenant);
        var id = PostgresValues.Id(child.Id.Value, "child.Id");
        var family = PostgresValues.Id(child.Family.Value, "child.Family");
        var lastName = PostgresValues.Text(child.LastName, "child.LastName", PostgresSchema.NameLength, required: true)!;
        var firstName = PostgresValues.Text(child.FirstName, "child.FirstName", PostgresSchema.NameLength, required: true)!;
        var school = PostgresValues.Text(child.School, "child.School", PostgresSchema.SchoolLength, required: false);
        var enrolments = (child.Enrolments ?? new HashSet<ActivityId>()).Select(a => PostgresValues.Id(a.Value, "child.Enrolments")).Order(StringComparer.Ordinal).ToArray();

        await _database.ExecuteAsync(
            [Batch(_save, Value(t), Value(id), Value(family), Value(lastName), Value(firstName), Value(PostgresValues.ToDb(child.BirthDate)), Nullable(school, NpgsqlTypes.NpgsqlDbType.Varchar), Value(enrolments))],
            cancellationToken).ConfigureAwait(false);
    }
}
