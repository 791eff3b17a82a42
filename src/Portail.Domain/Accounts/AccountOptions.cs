using Microsoft.Extensions.Options;

namespace Portail.Accounts;

/// <summary>The <c>Portail:Accounts</c> settings (R-ACC-1..5), validated at start-up with errors naming the setting.</summary>
public sealed class AccountOptions
{
    /// <summary>The policy new passwords must meet (R-ACC-2).</summary>
    public PasswordPolicyOptions PasswordPolicy { get; set; } = new();

    /// <summary>The PBKDF2-HMAC-SHA512 cost of new hashes; raising it rehashes each password at its owner's next sign-in.</summary>
    /// <value>210,000 (OWASP 2023); at least that.</value>
    public int HashIterations { get; set; } = PasswordHashing.DefaultIterations;

    /// <summary>How failed sign-ins slow down and lock (R-ACC-2).</summary>
    public ThrottleOptions Throttle { get; set; } = new();

    /// <summary>How long a reset link works (R-ACC-4).</summary>
    /// <value>1 hour; from 5 minutes to 24 hours.</value>
    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many reset mails one login id may cause per hour; further requests get the same answer and send nothing.</summary>
    /// <value>5.</value>
    public int MaxResetMailsPerHour { get; set; } = 5;

    /// <summary>The versions of the documents holders accept (R-ACC-3); a new version asks for acceptance again.</summary>
    public ConsentOptions Consent { get; set; } = new();

    /// <summary>For the host's session cookie: a session ends after this long without a request (R-ACC-7, sign-out on leaving).</summary>
    /// <value>20 minutes; from 1 minute to 12 hours.</value>
    public TimeSpan SessionSlidingExpiration { get; set; } = TimeSpan.FromMinutes(20);
}

/// <summary>The password policy: <c>Portail:Accounts:PasswordPolicy</c> (R-ACC-2). The defaults are the guide's screen.</summary>
public sealed class PasswordPolicyOptions
{
    /// <summary>The fewest characters.</summary>
    /// <value>8; at least 8.</value>
    public int MinLength { get; set; } = 8;

    /// <summary>The most characters.</summary>
    /// <value>30; at most 128.</value>
    public int MaxLength { get; set; } = 30;

    /// <summary>Whether a lower-case letter is required.</summary>
    /// <value>true.</value>
    public bool RequireLowercase { get; set; } = true;

    /// <summary>Whether an upper-case letter is required.</summary>
    /// <value>true.</value>
    public bool RequireUppercase { get; set; } = true;

    /// <summary>Whether a digit is required.</summary>
    /// <value>true.</value>
    public bool RequireDigit { get; set; } = true;

    /// <summary>Whether the 30,000 most common passwords (known from breaches) are refused.</summary>
    /// <value>true.</value>
    public bool RefuseCommon { get; set; } = true;
}

/// <summary>
/// Failed sign-ins: <c>Portail:Accounts:Throttle</c> (R-ACC-2). After <see cref="FreeFailures"/>
/// failures each attempt must wait a delay that doubles; at <see cref="MaxFailures"/> the account
/// is locked for <see cref="LockDuration"/>, then the count starts again. A lock always ends (and a
/// password reset ends it at once). Failures are also counted per network address. The defaults
/// keep within CNIL's recommendation (no more than 25 attempts per 24 hours): with the lock at
/// least as long as the window, any 24 hours see at most 2 × <see cref="MaxFailures"/> = 20.
/// Attempts made while a delay runs count as failures without the password being checked.
/// </summary>
public sealed class ThrottleOptions
{
    /// <summary>Failures allowed without delay.</summary>
    /// <value>3.</value>
    public int FreeFailures { get; set; } = 3;

    /// <summary>The delay after the first failure beyond <see cref="FreeFailures"/>; doubled at each further one.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest delay.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The failures, counted from the first in <see cref="FailureWindow"/>, that lock the account.</summary>
    /// <value>10; from 3 to 25.</value>
    public int MaxFailures { get; set; } = 10;

    /// <summary>How long failures are counted from the first.</summary>
    /// <value>24 hours.</value>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a lock lasts; never for good.</summary>
    /// <value>24 hours; from 1 minute to 7 days.</value>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Failures from one network address, of any login, that block it for <see cref="AddressLockDuration"/>.</summary>
    /// <value>100.</value>
    public int MaxFailuresPerAddress { get; set; } = 100;

    /// <summary>How long an address's failures are counted from the first.</summary>
    /// <value>1 hour.</value>
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an address is blocked.</summary>
    /// <value>1 hour; from 1 minute to 7 days.</value>
    public TimeSpan AddressLockDuration { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The current versions of the documents to accept: <c>Portail:Accounts:Consent</c> (R-ACC-3).</summary>
public sealed class ConsentOptions
{
    /// <summary>The version of the RGPD notice (e.g. its date, <c>2023-09</c>).</summary>
    /// <value>1.</value>
    public string RgpdVersion { get; set; } = "1";

    /// <summary>The version of the CGU.</summary>
    /// <value>1.</value>
    public string CguVersion { get; set; } = "1";

    /// <summary>The configured version of a document.</summary>
    public string VersionOf(ConsentDocument document) => document == ConsentDocument.Rgpd ? RgpdVersion : CguVersion;
}

/// <summary>Checks <see cref="AccountOptions"/> at start-up; each error names the setting.</summary>
internal sealed class AccountOptionsValidation(string path) : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var errors = new List<string>();
        void Between(TimeSpan value, TimeSpan min, TimeSpan max, string setting)
        {
            if (value < min || value > max)
            {
                errors.Add($"{path}:{setting} is {value}: from {min} to {max}.");
            }
        }

        void Range(int value, int min, int max, string setting)
        {
            if (value < min || value > max)
            {
                errors.Add($"{path}:{setting} is {value}: from {min} to {max}.");
            }
        }

        var policy = options.PasswordPolicy;
        Range(policy.MinLength, 8, 128, "PasswordPolicy:MinLength");
        Range(policy.MaxLength, Math.Max(8, policy.MinLength), 128, "PasswordPolicy:MaxLength");
        Range(options.HashIterations, PasswordHashing.DefaultIterations, 10_000_000, "HashIterations");
        Between(options.ResetLinkLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromHours(24), "ResetLinkLifetime");
        Range(options.MaxResetMailsPerHour, 1, 100, "MaxResetMailsPerHour");
        Between(options.SessionSlidingExpiration, TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "SessionSlidingExpiration");
        var t = options.Throttle;
        Range(t.FreeFailures, 0, Math.Max(0, t.MaxFailures - 1), "Throttle:FreeFailures");
        Range(t.MaxFailures, 3, 25, "Throttle:MaxFailures");
        Between(t.FirstDelay, TimeSpan.Zero, TimeSpan.FromHours(1), "Throttle:FirstDelay");
        Between(t.MaxDelay, t.FirstDelay, TimeSpan.FromHours(1), "Throttle:MaxDelay");
        Between(t.FailureWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), "Throttle:FailureWindow");
        Between(t.LockDuration, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), "Throttle:LockDuration");
        Range(t.MaxFailuresPerAddress, 3, 100_000, "Throttle:MaxFailuresPerAddress");
        Between(t.AddressWindow, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), "Throttle:AddressWindow");
        Between(t.AddressLockDuration, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), "Throttle:AddressLockDuration");
        foreach (var (version, setting) in new[] { (options.Consent.RgpdVersion, "Consent:RgpdVersion"), (options.Consent.CguVersion, "Consent:CguVersion") })
        {
            if (string.IsNullOrWhiteSpace(version) || version.Length > Account.MaxTextLength || version.Any(char.IsControl))
            {
                errors.Add($"{path}:{setting} is \"{version}\": give the document's version, 1 to {Account.MaxTextLength} printable characters (e.g. its date, 2023-09).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
