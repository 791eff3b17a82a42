using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portail.Accounts;

/// <summary>What checking a password against a stored hash found.</summary>
internal enum PasswordCheck
{
    /// <summary>Not the password (or not a hash this version reads).</summary>
    Wrong,

    /// <summary>The password, hashed at the configured cost.</summary>
    Right,

    /// <summary>The password, hashed at a lower cost than configured: hash it again.</summary>
    RightButWeak,
}

/// <summary>
/// Slow salted password hashes (R-ACC-2) with the BCL's PBKDF2-HMAC-SHA512
/// (<see cref="Rfc2898DeriveBytes.Pbkdf2(byte[], byte[], int, HashAlgorithmName, int)"/>), in a
/// versioned text format that carries its cost, so that raising the cost later rehashes each
/// password at its owner's next sign-in: <c>pbkdf2-sha512$v1$210000$&lt;salt&gt;$&lt;hash&gt;</c>
/// (16-byte salt, 64-byte hash, both base64). Comparison is in constant time
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>).
/// </summary>
internal static class PasswordHashing
{
    /// <summary>OWASP's floor for PBKDF2-HMAC-SHA512 (2023): the default cost.</summary>
    public const int DefaultIterations = 210_000;

    /// <summary>The longest password hashed: longer ones are refused unhashed (no work for an attacker's megabyte).</summary>
    public const int MaxPasswordLength = 1024;

    private const string Prefix = "pbkdf2-sha512$v1$";
    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    /// <summary>The hash of a new password at <paramref name="iterations"/>.</summary>
    public static string Hash(string password, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="stored"/>, and whether it was hashed below <paramref name="iterations"/>.</summary>
    public static PasswordCheck Verify(string password, string stored, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(stored, out var cost, out var salt, out var expected) || password.Length > MaxPasswordLength)
        {
            return PasswordCheck.Wrong;
        }

        var actual = Derive(password, salt, cost);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordCheck.Wrong;
        }

        return cost < iterations ? PasswordCheck.RightButWeak : PasswordCheck.Right;
    }

    /// <summary>The cost a stored hash was made at, or <see langword="null"/> when it is not of this format.</summary>
    public static int? IterationsOf(string stored) => TryParse(stored, out var cost, out _, out _) ? cost : null;

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = stored[Prefix.Length..].Split('$');
        try
        {
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
            {
                return false;
            }

            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
            return salt.Length == SaltBytes && hash.Length == HashBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
