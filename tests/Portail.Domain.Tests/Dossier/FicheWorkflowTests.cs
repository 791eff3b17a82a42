using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Portail.Dossier;

namespace Portail.Domain.Tests.Dossier;

/// <summary>The review workflow of the fiches (R-DOS-2..5, R-DOS-8): the rules as examples, then as a model-based property.</summary>
public sealed class FicheWorkflowTests
{
    private static FicheState Next(FicheState from, FicheAction action, FicheActor actor, string? reason = null, IReadOnlyList<string>? missing = null) =>
        FicheWorkflow.Next(from, action, actor, reason, missing).AsT0;

    private static string Refused(FicheState from, FicheAction action, FicheActor actor, string? reason = null, IReadOnlyList<string>? missing = null) =>
        FicheWorkflow.Next(from, action, actor, reason, missing).AsT1.Message;

    [Fact]
    public void R_DOS_3_a_draft_is_saved_without_checks_and_a_complete_fiche_is_submitted_and_locked()
    {
        Assert.Equal(FicheState.Draft, Next(FicheState.ToFill, FicheAction.SaveDraft, FicheActor.Family));
        Assert.Equal(
            "La fiche ne peut pas être transmise : il manque le numéro de contrat, l'attestation d'assurance. Complétez-la, ou enregistrez-la en brouillon.",
            Refused(FicheState.Draft, FicheAction.Submit, FicheActor.Family, missing: ["le numéro de contrat", "l'attestation d'assurance"]));
        var submitted = Next(FicheState.Draft, FicheAction.Submit, FicheActor.Family);

        Assert.Equal(FicheState.Submitted, submitted);
        Assert.Equal("La fiche est transmise : elle attend la réponse du service et ne peut plus être modifiée.", Refused(submitted, FicheAction.SaveDraft, FicheActor.Family));
        Assert.False(FicheWorkflow.IsEditable(submitted));
    }

    [Fact]
    public void R_DOS_4_an_agent_validates_or_rejects_with_a_reason_and_a_rejected_fiche_is_corrected_and_submitted_again()
    {
        Assert.Equal("Seul un agent du service valide ou rejette une fiche.", Refused(FicheState.Submitted, FicheAction.Validate, FicheActor.Family));
        Assert.Equal("Indiquez le motif du rejet : la famille le lira pour corriger sa fiche.", Refused(FicheState.Submitted, FicheAction.Reject, FicheActor.Agent, " "));
        var rejected = Next(FicheState.Submitted, FicheAction.Reject, FicheActor.Agent, "L'attestation d'assurance est illisible.");

        Assert.Equal(FicheState.Rejected, rejected);
        Assert.Equal(FicheState.Submitted, Next(Next(rejected, FicheAction.SaveDraft, FicheActor.Family), FicheAction.Submit, FicheActor.Family));
        Assert.Equal(FicheState.Validated, Next(FicheState.Submitted, FicheAction.Validate, FicheActor.Agent));
        Assert.Equal("La fiche est « en cours de saisie » : seule une fiche transmise peut être validée ou rejetée.", Refused(FicheState.Draft, FicheAction.Validate, FicheActor.Agent));
        Assert.Equal("La fiche est validée : elle ne peut plus être modifiée. Si quelque chose a changé, demandez au service de la rouvrir.", Refused(FicheState.Validated, FicheAction.Submit, FicheActor.Family));
    }

    [Fact]
    public void R_DOS_5_R_DOS_8_the_campaign_or_an_expired_insurance_sends_a_validated_fiche_back_to_update_and_it_is_submitted_again()
    {
        var toUpdate = Next(FicheState.Validated, FicheAction.RequireUpdate, FicheActor.Agent);

        Assert.Equal(FicheState.ToUpdate, toUpdate);
        Assert.True(FicheWorkflow.IsEditable(toUpdate));
        Assert.Equal(FicheState.Submitted, Next(toUpdate, FicheAction.Submit, FicheActor.Family));
        Assert.Equal("La fiche est « à saisir » : elle n'a rien à mettre à jour, la famille doit d'abord la transmettre.", Refused(FicheState.ToFill, FicheAction.RequireUpdate, FicheActor.Agent));
        Assert.Equal("Seul le service demande la mise à jour d'une fiche.", Refused(FicheState.Validated, FicheAction.RequireUpdate, FicheActor.Family));
    }

    [Fact]
    public void R_DOS_5_a_paper_file_is_entered_and_validated_by_an_agent()
    {
        var entered = Next(Next(FicheState.ToFill, FicheAction.SaveDraft, FicheActor.Agent), FicheAction.Submit, FicheActor.Agent);
        Assert.Equal(FicheState.Validated, Next(entered, FicheAction.Validate, FicheActor.Agent));
    }

    [Fact]
    public void R_DOS_2_the_file_counts_its_fiches_per_state_and_is_validated_when_every_required_fiche_is()
    {
        var file = new FamilyFile([
            new FicheStatus(new FicheKey(FicheKind.Holder), FicheState.Validated),
            new FicheStatus(new FicheKey(FicheKind.Insurance, "lenny"), FicheState.Submitted),
            new FicheStatus(new FicheKey(FicheKind.OtherGuardian, "mme-dupont"), FicheState.ToFill, Required: false),
        ]);

        Assert.Equal((1, 1, 1, 0), (file.Counts[FicheState.Validated], file.Counts[FicheState.Submitted], file.Counts[FicheState.ToFill], file.Counts[FicheState.Rejected]));
        Assert.False(file.IsValidated);
        Assert.True(new FamilyFile([file.Fiches[0], file.Fiches[1] with { State = FicheState.Validated }, file.Fiches[2]]).IsValidated);
    }

    // The rules again, written independently as a table: what each action by each actor may lead to.
    private static FicheState? Expected(FicheState from, FicheAction action, FicheActor actor, bool complete, bool withReason)
    {
        var editable = from is FicheState.ToFill or FicheState.Draft or FicheState.Rejected or FicheState.ToUpdate;
        return (action, actor) switch
        {
            (FicheAction.SaveDraft, _) when editable => FicheState.Draft,
            (FicheAction.Submit, _) when editable && complete => FicheState.Submitted,
            (FicheAction.Validate, FicheActor.Agent) when from == FicheState.Submitted => FicheState.Validated,
            (FicheAction.Reject, FicheActor.Agent) when from == FicheState.Submitted && withReason => FicheState.Rejected,
            (FicheAction.RequireUpdate, FicheActor.Agent) when from is FicheState.Submitted or FicheState.Rejected or FicheState.Validated => FicheState.ToUpdate,
            _ => null,
        };
    }

    /// <summary>
    /// Model-based (R-DOS-2..5): random sequences of family and agent actions on a file of five fiches,
    /// three required. After every step: the workflow agrees with the independent table (a refusal
    /// exactly when the table has no transition, and then nothing changed); the family never changed
    /// a transmitted or validated fiche; the counts add up to the fiches; the gate is open exactly when
    /// the required fiches are validated.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property R_DOS_2_to_5_a_random_life_of_a_file_never_reaches_a_forbidden_state()
    {
        var step = from fiche in Gen.Choose(0, 4)
                   from action in Gen.Elements(Enum.GetValues<FicheAction>())
                   from actor in Gen.Elements(FicheActor.Family, FicheActor.Agent)
                   from complete in Gen.Elements(true, true, false)
                   from withReason in Gen.Elements(true, false)
                   select (fiche, action, actor, complete, withReason);
        return Prop.ForAll(Gen.ListOf(step).Select(s => s.ToList()).ToArbitrary(), steps =>
        {
            var states = Enumerable.Repeat(FicheState.ToFill, 5).ToArray();
            bool[] required = [true, true, true, false, false];
            foreach (var (fiche, action, actor, complete, withReason) in steps)
            {
                var before = states[fiche];
                var outcome = FicheWorkflow.Next(before, action, actor, withReason ? "Pièce illisible" : null, complete ? [] : ["l'attestation"]);
                var expected = Expected(before, action, actor, complete, withReason);
                if (outcome.TryPickT0(out var after, out _))
                {
                    if (after != expected)
                    {
                        return false;
                    }

                    states[fiche] = after;
                }
                else if (expected is not null)
                {
                    return false;
                }

                var familyChangedALockedFiche = actor == FicheActor.Family && before is FicheState.Submitted or FicheState.Validated && states[fiche] != before;
                var file = new FamilyFile([.. states.Select((s, i) => new FicheStatus(new FicheKey(FicheKind.Health, $"enfant-{i}"), s, required[i]))]);
                if (familyChangedALockedFiche
                    || file.Counts.Values.Sum() != states.Length
                    || file.IsValidated != states.Where((_, i) => required[i]).All(s => s == FicheState.Validated))
                {
                    return false;
                }
            }

            return true;
        });
    }
}
