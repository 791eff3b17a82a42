using NodaTime;

namespace Portail.Accounts;

/// <summary>What an agent fills in to create a family account (R-ACC-1).</summary>
/// <param name="Login">The login id given to the family; it never changes.</param>
/// <param name="Family">The family the account acts for (its own one for each separated parent, R-ACC-6).</param>
/// <param name="OtherGuardians">The family's other guardians, if any.</param>
/// <param name="SharedChildren">For a separated parent's second account: the children, recorded in the other parent's family, this account also books for.</param>
public sealed record NewFamilyAccount(LoginId Login, FamilyId Family, IReadOnlyList<Guardian>? OtherGuardians = null, IReadOnlyList<ChildId>? SharedChildren = null);

/// <summary>An account created, with its temporary password to hand to the holder; it is not kept anywhere readable.</summary>
/// <param name="Login">The login id.</param>
/// <param name="TemporaryPassword">The password to deliver; it must be replaced at the first sign-in (R-ACC-2).</param>
public sealed record AccountCreated(LoginId Login, string TemporaryPassword);

/// <summary>Why an account was not created or changed, in French for the agent.</summary>
/// <param name="Message">The reason.</param>
public sealed record AccountRefused(string Message);

/// <summary>Why a sign-in was refused.</summary>
public enum SignInRefusal
{
    /// <summary>Unknown login id or wrong password: one answer for both (no account discovery).</summary>
    WrongCredentials,

    /// <summary>Too soon after the last failures: wait until <see cref="SignInRefused.RetryAt"/>.</summary>
    TooSoon,

    /// <summary>Too many failures: the login is locked until <see cref="SignInRefused.RetryAt"/>.</summary>
    Locked,

    /// <summary>Too many failures from this network address: blocked until <see cref="SignInRefused.RetryAt"/>.</summary>
    AddressBlocked,
}

/// <summary>A refused sign-in, with the French message the page shows.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Message">In French.</param>
/// <param name="RetryAt">When trying again may work, if a delay or lock applies.</param>
public sealed record SignInRefused(SignInRefusal Reason, string Message, Instant? RetryAt);

/// <summary>
/// A successful sign-in. The holder enters only when <see cref="CanEnter"/>: first the temporary
/// password must be replaced (R-ACC-2), then the documents accepted (R-ACC-3).
/// </summary>
/// <param name="Actor">Who signed in.</param>
/// <param name="MustChangePassword">Whether the password is a temporary one, to replace now.</param>
/// <param name="ConsentsDue">The documents to accept (new, or of a new version).</param>
public sealed record SignedIn(Actor Actor, bool MustChangePassword, IReadOnlyList<ConsentDocument> ConsentsDue)
{
    /// <summary>Whether the portal may be entered now.</summary>
    public bool CanEnter => !MustChangePassword && ConsentsDue.Count == 0;
}

/// <summary>A password changed (R-ACC-2, R-ACC-4, R-ACC-5).</summary>
/// <param name="Message">"Le mot de passe a bien été enregistré", as the guide shows.</param>
public sealed record PasswordChanged(string Message);

/// <summary>The answer to a reset request, the same whether or not the login id and address matched (R-ACC-4).</summary>
/// <param name="Message">In French.</param>
public sealed record ResetRequested(string Message);

/// <summary>Why the addresses of the profile were not saved (R-ACC-5): one French sentence per faulty address or problem.</summary>
/// <param name="Problems">The problems.</param>
public sealed record EmailsRefused(IReadOnlyList<string> Problems)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems);
}
