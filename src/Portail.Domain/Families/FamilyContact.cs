namespace Portail.Families;

/// <summary>
/// Whom the service writes to for a family account (R-ACC-5, R-DOS-7, R-NTF): the holder's civility
/// and name, as the mails greet them ("M. DUPONT Jean-Paul"), and the account's e-mail addresses.
/// Every address receives the booking reports and the service's information; the payment ticket
/// goes to the first only (R-ACC-5).
/// </summary>
/// <param name="Family">The family account.</param>
/// <param name="Civility">"M.", "Mme", "M. et Mme"…, as printed before the name; may be empty.</param>
/// <param name="LastName">The holder's last name, as printed (upper-case in the guides: DUPONT).</param>
/// <param name="FirstName">The holder's first name; may be empty.</param>
/// <param name="Emails">The addresses, in the order the family gave them; empty when the family has none (no mail is then written for it).</param>
public sealed record FamilyContact(FamilyId Family, string Civility, string LastName, string FirstName, IReadOnlyList<string> Emails)
{
    /// <summary>The longest civility kept.</summary>
    public const int MaxCivilityLength = 20;

    /// <summary>The longest last or first name kept.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The longest address kept (RFC 5321's limit of a path).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The most addresses a family may give.</summary>
    public const int MaxEmails = 10;

    /// <summary>The first address (the payment ticket's, R-ACC-5), or <see langword="null"/> when there is none.</summary>
    public string? FirstEmail => Emails.Count > 0 ? Emails[0] : null;

    /// <summary>"M. DUPONT Jean-Paul": civility, last name, first name, the empty ones left out.</summary>
    public string DisplayName => string.Join(' ', new[] { Civility, LastName, FirstName }.Where(p => p.Length > 0));

    /// <summary>
    /// The addresses of a profile's field, as families type them (R-ACC-5): separated by <c>;</c>
    /// (commas and spaces are accepted too), blanks dropped, each kept once (the first time it appears,
    /// compared without case).
    /// </summary>
    /// <param name="text">"jp.dupont@exemple.fr; maison.dupont@exemple.fr", or <see langword="null"/>.</param>
    public static IReadOnlyList<string> ParseEmails(string? text) =>
        (text ?? string.Empty).Split([';', ',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the field when the contact cannot be stored:
    /// an invalid family id (<see cref="Identifier.Check"/>), a missing or over-long name or civility,
    /// a control character, more than <see cref="MaxEmails"/> addresses, or an address that is not
    /// <c>local@domain</c> without spaces. Every store calls it before writing anything.
    /// </summary>
    public void ThrowIfMalformed()
    {
        Identifier.Check(Family.Value, "contact.Family");
        Text(Civility, "contact.Civility", MaxCivilityLength, required: false);
        Text(LastName, "contact.LastName", MaxNameLength, required: true);
        Text(FirstName, "contact.FirstName", MaxNameLength, required: false);
        ArgumentNullException.ThrowIfNull(Emails, "contact.Emails");
        if (Emails.Count > MaxEmails)
        {
            throw new ArgumentException($"contact.Emails holds {Emails.Count} addresses: a family gives at most {MaxEmails}.", "contact.Emails");
        }

        for (var i = 0; i < Emails.Count; i++)
        {
            var email = Emails[i];
            var field = $"contact.Emails[{i}]";
            Text(email, field, MaxEmailLength, required: true);
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Any(char.IsWhiteSpace) || email.IndexOfAny([';', ',', '<', '>', '"']) >= 0)
            {
                throw new ArgumentException($"{field} is \"{email}\", which is not an address of the form name@domain (one '@', no space, no ';' — give several addresses as several items, see ParseEmails).", field);
            }
        }
    }

    private static void Text(string? value, string field, int maxLength, bool required)
    {
        if (value is null || (required && value.Trim().Length == 0))
        {
            throw new ArgumentException($"{field} is {(value is null ? "null" : "empty")}: {(required ? "it is required" : "give an empty text when there is none")}.", field);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{field} is {value.Length} characters long: at most {maxLength} are kept.", field);
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} holds a control character.", field);
        }
    }
}
