using System.Collections.Frozen;
using System.Text;

namespace Portail.Accounts;

/// <summary>The rules a new password is checked against (R-ACC-2); each refusal names one.</summary>
public enum PasswordRule
{
    /// <summary>Too short (<see cref="PasswordPolicyOptions.MinLength"/>).</summary>
    MinLength,

    /// <summary>Too long (<see cref="PasswordPolicyOptions.MaxLength"/>).</summary>
    MaxLength,

    /// <summary>No lower-case letter.</summary>
    Lowercase,

    /// <summary>No upper-case letter.</summary>
    Uppercase,

    /// <summary>No digit.</summary>
    Digit,

    /// <summary>A control character (line break, tab…).</summary>
    Printable,

    /// <summary>One of the most common passwords, known from breaches.</summary>
    Common,

    /// <summary>The login id itself.</summary>
    SameAsLogin,

    /// <summary>The confirmation differs.</summary>
    Confirmation,

    /// <summary>The same as the current password.</summary>
    SameAsCurrent,

    /// <summary>The current password given to change it is wrong.</summary>
    CurrentPassword,

    /// <summary>The reset link is not valid (used, expired, replaced or unknown: one answer for all, R-ACC-4).</summary>
    ResetLink,
}

/// <summary>One broken rule, with the French sentence the family reads.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Message">What to do, in French.</param>
public sealed record PasswordProblem(PasswordRule Rule, string Message);

/// <summary>Why a password was not accepted: every broken rule, in French (R-ACC-2).</summary>
/// <param name="Problems">At least one.</param>
public sealed record PasswordRefused(IReadOnlyList<PasswordProblem> Problems)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems.Select(p => p.Message));

    /// <summary>The rules broken.</summary>
    public IEnumerable<PasswordRule> Rules => Problems.Select(p => p.Rule);
}

/// <summary>
/// The password policy (R-ACC-2): the guide's screen by default — 8 to 30 characters, a lower-case
/// letter, an upper-case letter, a digit, symbols allowed — plus the refusal of the 30,000 most
/// common passwords (compared without case) and of the login id itself. Lengths count characters
/// (Unicode scalar values), not UTF-16 units.
/// </summary>
public sealed class PasswordPolicy
{
    private readonly PasswordPolicyOptions _options;

    /// <summary>Creates the policy from its (validated) settings.</summary>
    public PasswordPolicy(PasswordPolicyOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The rules as the page lists them, in French ("Au minimum 8 caractères (symboles autorisés)"…).</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string> { $"Au minimum {_options.MinLength} caractères alpha-numériques (symboles autorisés)" };
        if (_options.RequireLowercase)
        {
            lines.Add("Au moins 1 lettre en minuscule");
        }

        if (_options.RequireUppercase)
        {
            lines.Add("Au moins 1 lettre en majuscule");
        }

        if (_options.RequireDigit)
        {
            lines.Add("Au moins 1 chiffre");
        }

        lines.Add($"Au maximum {_options.MaxLength} caractères");
        if (_options.RefuseCommon)
        {
            lines.Add("Pas un mot de passe courant ni votre identifiant");
        }

        return lines;
    }

    /// <summary>Every rule <paramref name="password"/> breaks; empty when it is accepted.</summary>
    /// <param name="password">The new password.</param>
    /// <param name="login">The account's login id, which the password may not be.</param>
    public IReadOnlyList<PasswordProblem> Check(string? password, LoginId? login = null)
    {
        password ??= string.Empty;
        var problems = new List<PasswordProblem>();
        var length = Length(password);
        if (length < _options.MinLength)
        {
            problems.Add(new(PasswordRule.MinLength, $"Le mot de passe doit compter au moins {_options.MinLength} caractères (il en compte {length})."));
        }

        if (length > _options.MaxLength)
        {
            problems.Add(new(PasswordRule.MaxLength, $"Le mot de passe doit compter au plus {_options.MaxLength} caractères (il en compte {length})."));
        }

        if (_options.RequireLowercase && !password.Any(char.IsLower))
        {
            problems.Add(new(PasswordRule.Lowercase, "Le mot de passe doit contenir au moins une lettre en minuscule."));
        }

        if (_options.RequireUppercase && !password.Any(char.IsUpper))
        {
            problems.Add(new(PasswordRule.Uppercase, "Le mot de passe doit contenir au moins une lettre en majuscule."));
        }

        if (_options.RequireDigit && !password.Any(char.IsAsciiDigit))
        {
            problems.Add(new(PasswordRule.Digit, "Le mot de passe doit contenir au moins un chiffre."));
        }

        if (password.Any(char.IsControl))
        {
            problems.Add(new(PasswordRule.Printable, "Le mot de passe ne peut pas contenir de saut de ligne, de tabulation ni d'autre caractère invisible."));
        }

        if (_options.RefuseCommon && CommonPasswords.Contains(password))
        {
            problems.Add(new(PasswordRule.Common, "Ce mot de passe fait partie des plus courants, connus des fuites de données : choisissez-en un autre, moins prévisible."));
        }

        if (login is { } l && password.Length > 0 && string.Equals(password, l.Value, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new(PasswordRule.SameAsLogin, "Le mot de passe ne peut pas être votre identifiant."));
        }

        return problems;
    }

    /// <summary>Characters as a person counts them: Unicode scalar values (an emoji is one).</summary>
    internal static int Length(string password) => password.EnumerateRunes().Count();
}

/// <summary>The most common passwords (R-ACC-2), an embedded list of 30,000 (<c>Accounts/CommonPasswords.txt</c>, from zxcvbn, MIT).</summary>
internal static class CommonPasswords
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => List.Value.Count;

    /// <summary>Whether the password, compared without case, is in the list.</summary>
    public static bool Contains(string password) => List.Value.Contains(password.ToLowerInvariant());

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("Portail.Accounts.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The embedded list Portail.Accounts.CommonPasswords.txt is missing from Portail.Domain: the package is broken.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
