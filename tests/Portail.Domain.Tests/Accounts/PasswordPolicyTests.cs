using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Portail.Accounts;

namespace Portail.Domain.Tests.Accounts;

/// <summary>Candidate passwords: random text over letters (accented too), digits, symbols and the odd control character, and common passwords with their case changed and digits added.</summary>
public static class PasswordArbitraries
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzéèçàABCDEFGHIJKLMNOPQRSTUVWXYZÉÀ0123456789!@#$%&*-_+= ?;€";

    public static Arbitrary<string> Passwords()
    {
        var random = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet.ToCharArray()), n)).Select(c => new string(c));
        var withControl = random.Select(p => p + "\t");
        var common = Gen.Elements("password1", "azerty123", "qwerty123", "motdepasse", "iloveyou1", "soleil2023", "password")
            .SelectMany(p => Gen.Elements(p, char.ToUpperInvariant(p[0]) + p[1..], p.ToUpperInvariant(), p + "1", "Azerty123"));
        return Gen.Frequency((6, random), (1, withControl), (2, common)).ToArbitrary();
    }
}

/// <summary>The password policy (R-ACC-2): the guide's defaults, the common passwords, French reasons naming each rule.</summary>
[Properties(Arbitrary = [typeof(PasswordArbitraries)], MaxTest = 3000)]
public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(new PasswordPolicyOptions());
    private static readonly LoginId Login = new("Dupont2023A");

    // The oracle: each rule of the guide's screen, written independently of the policy's code.
    private static HashSet<PasswordRule> Broken(string password)
    {
        var rules = new HashSet<PasswordRule>();
        var length = System.Globalization.StringInfo.ParseCombiningCharacters(password).Length;
        if (length < 8)
        {
            rules.Add(PasswordRule.MinLength);
        }

        if (length > 30)
        {
            rules.Add(PasswordRule.MaxLength);
        }

        if (!password.Any(c => c != char.ToUpperInvariant(c)))
        {
            rules.Add(PasswordRule.Lowercase);
        }

        if (!password.Any(c => c != char.ToLowerInvariant(c)))
        {
            rules.Add(PasswordRule.Uppercase);
        }

        if (!password.Any(c => c is >= '0' and <= '9'))
        {
            rules.Add(PasswordRule.Digit);
        }

        if (password.Contains('\t', StringComparison.Ordinal))
        {
            rules.Add(PasswordRule.Printable);
        }

        if (CommonPasswords.Contains(password))
        {
            rules.Add(PasswordRule.Common);
        }

        if (string.Equals(password, Login.Value, StringComparison.OrdinalIgnoreCase))
        {
            rules.Add(PasswordRule.SameAsLogin);
        }

        return rules;
    }

    /// <summary>R-ACC-2: every accepted password has 8 to 30 characters, a lower-case and an upper-case letter and a digit, and is not a common one.</summary>
    [Property]
    public void R_ACC_2_every_accepted_password_meets_the_policy(string password)
    {
        if (Policy.Check(password, Login).Count == 0)
        {
            Assert.Empty(Broken(password));
        }
    }

    /// <summary>R-ACC-2: every refusal names exactly the rules the password breaks, each with a French sentence.</summary>
    [Property]
    public void R_ACC_2_every_refusal_names_the_rule_it_broke(string password)
    {
        var problems = Policy.Check(password, Login);
        Assert.Equal(Broken(password).Order(), problems.Select(p => p.Rule).Order());
        Assert.All(problems, p => Assert.Matches("^(Le|Ce) .+\\.$", p.Message));
    }

    /// <summary>R-ACC-2: the guide's example rules, and the breached list of at least 10,000 passwords compared without case.</summary>
    [Fact]
    public void R_ACC_2_the_defaults_are_the_guides_screen_plus_the_common_passwords()
    {
        Assert.True(CommonPasswords.Count >= 10_000, $"{CommonPasswords.Count} common passwords");
        Assert.Empty(Policy.Check("Cantine-Lenny-2023", Login));
        Assert.Equal([PasswordRule.Common], Policy.Check("Password1", Login).Select(p => p.Rule));
        Assert.Equal([PasswordRule.Common], Policy.Check("Azerty123", Login).Select(p => p.Rule));
        Assert.Equal([PasswordRule.SameAsLogin], Policy.Check("DUPONT2023a", Login).Select(p => p.Rule));
        Assert.Equal("Le mot de passe doit compter au moins 8 caractères (il en compte 5).", Policy.Check("Ab1!x", Login).Single().Message);
        Assert.Equal(
            ["Au minimum 8 caractères alpha-numériques (symboles autorisés)", "Au moins 1 lettre en minuscule", "Au moins 1 lettre en majuscule", "Au moins 1 chiffre", "Au maximum 30 caractères", "Pas un mot de passe courant ni votre identifiant"],
            Policy.Describe());
    }

    /// <summary>R-ACC-2: the policy is a setting.</summary>
    [Fact]
    public void R_ACC_2_the_policy_is_a_setting()
    {
        var loose = new PasswordPolicy(new PasswordPolicyOptions { MinLength = 12, RequireDigit = false, RequireUppercase = false, RefuseCommon = false });
        Assert.Equal([PasswordRule.MinLength], loose.Check("cantine-len", null).Select(p => p.Rule));
        Assert.Empty(loose.Check("cantine-lenny", null));
    }

    /// <summary>R-ACC-2: hashes are PBKDF2-SHA512 at 210,000 iterations by default, salted, in a versioned format carrying the cost; any other text never matches.</summary>
    [Fact]
    public void R_ACC_2_hashes_are_slow_salted_and_carry_their_cost()
    {
        var hash = PasswordHashing.Hash("Cantine-Lenny-2023", PasswordHashing.DefaultIterations);
        Assert.StartsWith("pbkdf2-sha512$v1$210000$", hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, PasswordHashing.Hash("Cantine-Lenny-2023", PasswordHashing.DefaultIterations));
        Assert.DoesNotContain("Cantine", hash, StringComparison.Ordinal);
        Assert.Equal(PasswordCheck.Right, PasswordHashing.Verify("Cantine-Lenny-2023", hash, PasswordHashing.DefaultIterations));
        Assert.Equal(PasswordCheck.RightButWeak, PasswordHashing.Verify("Cantine-Lenny-2023", hash, 300_000));
        Assert.Equal(PasswordCheck.Wrong, PasswordHashing.Verify("cantine-Lenny-2023", hash, PasswordHashing.DefaultIterations));
        Assert.Equal(PasswordCheck.Wrong, PasswordHashing.Verify("x", "Cantine-Lenny-2023", 1));
        Assert.Equal(PasswordCheck.Wrong, PasswordHashing.Verify("x", "pbkdf2-sha512$v1$0$AAAA$AAAA", 1));
        Assert.Equal(210_000, PasswordHashing.IterationsOf(hash));
    }
}
