namespace Portail.Dossier;

/// <summary>The kinds of fiche of the family file (R-DOS-1); which ones exist is the municipality's setting.</summary>
public enum FicheKind
{
    /// <summary>"Fiche responsable compte famille": the holder (R-DOS-7).</summary>
    Holder,

    /// <summary>"Fiche autre responsable": one per other guardian.</summary>
    OtherGuardian,

    /// <summary>"Assurance scolaire et extra-scolaire", per child (R-DOS-8).</summary>
    Insurance,

    /// <summary>"Autorisations parentales", per child (R-DOS-9).</summary>
    Authorisations,

    /// <summary>"Contacts", per child (R-DOS-10).</summary>
    Contacts,

    /// <summary>"Santé" (fiche sanitaire), per child (R-DOS-11).</summary>
    Health,

    /// <summary>"Règlement intérieur", per child and structure attended (R-DOS-12).</summary>
    InternalRules,
}

/// <summary>One fiche of a family file: its kind, whom it is about (a child, a guardian), the structure for internal rules.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Subject">The child's or the other guardian's id; empty for the holder.</param>
/// <param name="Structure">For <see cref="FicheKind.InternalRules"/>: the structure; otherwise empty.</param>
public readonly record struct FicheKey(FicheKind Kind, string Subject = "", string Structure = "");

/// <summary>A fiche and where it stands.</summary>
/// <param name="Key">Which fiche.</param>
/// <param name="State">Its state.</param>
/// <param name="Required">Whether the file needs it validated before the family may book.</param>
public sealed record FicheStatus(FicheKey Key, FicheState State, bool Required = true);

/// <summary>
/// The family file at a glance (R-DOS-2, R-DOS-5): the count of fiches in each state, as the family
/// sees it while it works, and the gate of the booking windows (R-WIN-6): the file is validated when
/// every required fiche is.
/// </summary>
public sealed class FamilyFile
{
    /// <summary>Summarises <paramref name="fiches"/>.</summary>
    public FamilyFile(IReadOnlyList<FicheStatus> fiches)
    {
        ArgumentNullException.ThrowIfNull(fiches);
        Fiches = fiches;
        Counts = Enum.GetValues<FicheState>().ToDictionary(s => s, s => fiches.Count(f => f.State == s));
    }

    /// <summary>The fiches.</summary>
    public IReadOnlyList<FicheStatus> Fiches { get; }

    /// <summary>How many fiches are in each state (every state listed, zero included).</summary>
    public IReadOnlyDictionary<FicheState, int> Counts { get; }

    /// <summary>Whether every required fiche is validated: the family may book (R-WIN-6, R-DOS-5).</summary>
    public bool IsValidated => Fiches.Where(f => f.Required).All(f => f.State == FicheState.Validated);
}
