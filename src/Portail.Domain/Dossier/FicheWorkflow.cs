using OneOf;

namespace Portail.Dossier;

/// <summary>Where a fiche of the family file stands (R-DOS-2), with the guides' words.</summary>
public enum FicheState
{
    /// <summary>"à saisir": never filled.</summary>
    ToFill,

    /// <summary>"en cours de saisie": a draft saved without checks.</summary>
    Draft,

    /// <summary>"transmise / en validation": submitted, awaiting the agent; locked for the family.</summary>
    Submitted,

    /// <summary>"rejetée / incomplète": rejected by the agent, with the reason; the family corrects it and submits it again.</summary>
    Rejected,

    /// <summary>"validée": validated by the agent; locked for the family.</summary>
    Validated,

    /// <summary>"à mettre à jour": the yearly campaign opened, the insurance expired, or an agent asked (R-DOS-5, R-DOS-8).</summary>
    ToUpdate,
}

/// <summary>What someone does to a fiche.</summary>
public enum FicheAction
{
    /// <summary>"Enregistrer en brouillon": saves without checks.</summary>
    SaveDraft,

    /// <summary>"Valider et transmettre la fiche": every mandatory field, the required attachments and the sworn statement.</summary>
    Submit,

    /// <summary>The agent validates a submitted fiche.</summary>
    Validate,

    /// <summary>The agent rejects a submitted fiche, with a reason.</summary>
    Reject,

    /// <summary>The fiche must be submitted again: the campaign, an expired insurance, an agent's request.</summary>
    RequireUpdate,
}

/// <summary>Who acts: the family on the portal, or an agent of the service (reviewing, or entering a paper file on the family's behalf).</summary>
public enum FicheActor
{
    /// <summary>The family, on the portal.</summary>
    Family,

    /// <summary>An agent of the service.</summary>
    Agent,
}

/// <summary>Why an action was refused, in French, saying what to do instead; the fiche did not change.</summary>
/// <param name="Message">The reason.</param>
public sealed record FicheRefused(string Message);

/// <summary>
/// The review workflow of a fiche (R-DOS-2..5, R-DOS-8), as one explicit state machine: every
/// transition the rules allow, and a reason for every one they refuse — never a silent no-op.
/// </summary>
/// <remarks>
/// <code>
///   à saisir ─┐            ┌──────────── Reject (agent, reason) ───────────┐
///   en cours ─┼─ SaveDraft ─► en cours    ▼                                  │
///   rejetée ──┤                          rejetée ─┐                          │
///   à mettre ─┘                                    ├─ Submit ─► transmise ─┬─┘
///   à jour       (all four) ────────── Submit ────┘                        └─ Validate (agent) ─► validée
///   transmise, rejetée, validée ── RequireUpdate ──► à mettre à jour
/// </code>
/// The family may change a fiche only while it is à saisir, en cours de saisie, rejetée or à mettre à
/// jour; an agent entering a paper file uses the same transitions, on the family's behalf, and then
/// validates.
/// </remarks>
public static class FicheWorkflow
{
    /// <summary>Whether the fiche's content may be changed (by the family, or by an agent entering a paper file).</summary>
    public static bool IsEditable(FicheState state) => state is FicheState.ToFill or FicheState.Draft or FicheState.Rejected or FicheState.ToUpdate;

    /// <summary>
    /// The state <paramref name="action"/> by <paramref name="actor"/> leads to from <paramref name="from"/>,
    /// or why it is refused. <paramref name="reason"/> is required for <see cref="FicheAction.Reject"/>;
    /// <paramref name="missing"/> lists what a <see cref="FicheAction.Submit"/> still lacks (mandatory
    /// fields, attachments, the sworn statement): a submission with anything missing is refused.
    /// </summary>
    public static OneOf<FicheState, FicheRefused> Next(FicheState from, FicheAction action, FicheActor actor, string? reason = null, IReadOnlyList<string>? missing = null) =>
        action switch
        {
            FicheAction.SaveDraft or FicheAction.Submit when !IsEditable(from) => Locked(from),
            FicheAction.SaveDraft => FicheState.Draft,
            FicheAction.Submit when missing is { Count: > 0 } =>
                new FicheRefused($"La fiche ne peut pas être transmise : il manque {string.Join(", ", missing)}. Complétez-la, ou enregistrez-la en brouillon."),
            FicheAction.Submit => FicheState.Submitted,
            FicheAction.Validate or FicheAction.Reject when actor != FicheActor.Agent =>
                new FicheRefused("Seul un agent du service valide ou rejette une fiche."),
            FicheAction.Validate or FicheAction.Reject when from != FicheState.Submitted =>
                new FicheRefused($"La fiche est « {Label(from)} » : seule une fiche transmise peut être validée ou rejetée."),
            FicheAction.Validate => FicheState.Validated,
            FicheAction.Reject when string.IsNullOrWhiteSpace(reason) =>
                new FicheRefused("Indiquez le motif du rejet : la famille le lira pour corriger sa fiche."),
            FicheAction.Reject => FicheState.Rejected,
            FicheAction.RequireUpdate when actor != FicheActor.Agent =>
                new FicheRefused("Seul le service demande la mise à jour d'une fiche."),
            FicheAction.RequireUpdate when from is FicheState.Submitted or FicheState.Rejected or FicheState.Validated => FicheState.ToUpdate,
            FicheAction.RequireUpdate => new FicheRefused($"La fiche est « {Label(from)} » : elle n'a rien à mettre à jour, la famille doit d'abord la transmettre."),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown fiche action."),
        };

    /// <summary>The state's name in the legend (R-DOS-2).</summary>
    public static string Label(FicheState state) => state switch
    {
        FicheState.ToFill => "à saisir",
        FicheState.Draft => "en cours de saisie",
        FicheState.Submitted => "transmise",
        FicheState.Rejected => "rejetée",
        FicheState.Validated => "validée",
        _ => "à mettre à jour",
    };

    private static FicheRefused Locked(FicheState state) => new(state == FicheState.Submitted
        ? "La fiche est transmise : elle attend la réponse du service et ne peut plus être modifiée."
        : "La fiche est validée : elle ne peut plus être modifiée. Si quelque chose a changé, demandez au service de la rouvrir.");
}
