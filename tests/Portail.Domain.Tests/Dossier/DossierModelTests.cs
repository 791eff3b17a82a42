using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Portail.Accounts;
using Portail.Catalog.Configuration;
using Portail.Domain.Tests.Notifications;
using Portail.Dossier;
using Portail.Testing;
using static Portail.Testing.DossierWorld;

namespace Portail.Domain.Tests.Dossier;

/// <summary>
/// Model-based (R-DOS-2..5, R-DOS-8): random sequences of family and agent actions on the nine fiches
/// of a family's file (holder, insurance and authorisations of two children: required; their four
/// internal rules fiches: not required), through <see cref="DossierService"/> on the in-memory store,
/// against an independent model of the rules. After every step: the service did exactly what the model
/// says (a refusal, or a stale version, changes nothing); the family never changed a transmitted or
/// validated fiche; the counts per state equal the fiches; the gate is open exactly when every required
/// fiche is validated. At the end every recorded transition is one the workflow allows.
/// </summary>
public sealed class DossierModelTests
{
    /// <summary>What a step does.</summary>
    public enum Op
    {
        /// <summary>Enregistrer en brouillon.</summary>
        Draft,

        /// <summary>Valider et transmettre, complete, sworn.</summary>
        SubmitComplete,

        /// <summary>Transmettre without the sworn statement.</summary>
        SubmitIncomplete,

        /// <summary>Validate.</summary>
        Validate,

        /// <summary>Reject with a reason.</summary>
        Reject,

        /// <summary>Reject without a reason.</summary>
        RejectWithoutReason,

        /// <summary>Ask for an update.</summary>
        RequireUpdate,

        /// <summary>Open the yearly campaign.</summary>
        Campaign,

        /// <summary>A year passes, then the insurances expire.</summary>
        Expire,
    }

    private static readonly FicheKey[] Keys =
    [
        new(FicheKind.Holder), new(FicheKind.Insurance, "a-1"), new(FicheKind.Insurance, "a-2"), new(FicheKind.Authorisations, "a-1"), new(FicheKind.Authorisations, "a-2"),
        new(FicheKind.InternalRules, "a-1", "scolaire"), new(FicheKind.InternalRules, "a-1", "musique"), new(FicheKind.InternalRules, "a-2", "scolaire"), new(FicheKind.InternalRules, "a-2", "musique"),
    ];

    private static readonly bool[] Required = [true, true, true, true, true, false, false, false, false];

    private static bool Editable(FicheState s) => s is FicheState.ToFill or FicheState.Draft or FicheState.Rejected or FicheState.ToUpdate;

    // The rules again, as the model: the state a step leads to, or null when it is refused.
    private static FicheState? Model(FicheState from, Op op, bool agent) => op switch
    {
        Op.Draft when Editable(from) => FicheState.Draft,
        Op.SubmitComplete when Editable(from) => FicheState.Submitted,
        Op.Validate when agent && from == FicheState.Submitted => FicheState.Validated,
        Op.Reject when agent && from == FicheState.Submitted => FicheState.Rejected,
        Op.RequireUpdate when agent && from is FicheState.Submitted or FicheState.Rejected or FicheState.Validated => FicheState.ToUpdate,
        _ => null,
    };

    [Property(MaxTest = 100)]
    public Property R_DOS_2_to_5_any_life_of_a_file_through_the_service_follows_the_rules()
    {
        var step = from fiche in Gen.Choose(0, Keys.Length - 1)
                   from op in Gen.Frequency((12, Gen.Elements(Op.Draft, Op.SubmitComplete, Op.SubmitIncomplete, Op.Validate, Op.Reject, Op.RejectWithoutReason, Op.RequireUpdate)), (1, Gen.Elements(Op.Campaign, Op.Expire)))
                   from agent in Gen.Elements(true, false)
                   from stale in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
                   select (fiche, op, agent, stale);
        return Prop.ForAll(Gen.ListOf(step).Select(s => s.ToList()).ToArbitrary(), steps => Run(steps).GetAwaiter().GetResult());
    }

    private static async Task<bool> Run(List<(int Fiche, Op Op, bool Agent, bool Stale)> steps)
    {
        var w = await DossierWorld.CreateAsync(InMemoryStorage.Create(), d =>
        {
            d.Fiches = [new FicheOptions { Kind = "Holder" }, new FicheOptions { Kind = "Insurance" }, new FicheOptions { Kind = "Authorisations" }, new FicheOptions { Kind = "InternalRules", Required = false }];
            d.Documents = [new DocumentOptions { Id = "piece", Fiche = "Holder", Label = "Pièce", Requirement = "Optional" }];
        });
        var agentActor = w.Agent("agent", (Scolaire, AgentRole.Manager), (Musique, AgentRole.Manager));
        var states = Enumerable.Repeat(FicheState.ToFill, Keys.Length).ToArray();
        var yearPassed = false;
        foreach (var (index, op, agent, stale) in steps)
        {
            Actor actor = agent ? agentActor : w.FamilyA;
            if (op is Op.Campaign or Op.Expire)
            {
                if (op == Op.Expire && !yearPassed)
                {
                    w.Clock.Advance(Duration.FromDays(400));
                    yearPassed = true;
                }

                var moved = op == Op.Campaign ? await w.Service.OpenCampaignAsync(actor) : await w.Service.ExpireInsurancesAsync(actor);
                var movable = Enumerable.Range(0, Keys.Length).Where(i => states[i] is FicheState.Submitted or FicheState.Rejected or FicheState.Validated
                    && (op == Op.Campaign || (states[i] == FicheState.Validated && Keys[i].Kind == FicheKind.Insurance))).ToList();
                if (moved.IsT0 != agent || (agent && moved.AsT0 != movable.Count))
                {
                    return false;
                }

                if (agent)
                {
                    movable.ForEach(i => states[i] = FicheState.ToUpdate);
                }
            }
            else
            {
                var key = Keys[index];
                var before = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, A, key))?.Version ?? 0;
                var version = stale ? before + 7 : before;
                var content = Complete(key.Kind);
                var outcome = op switch
                {
                    Op.Draft => await w.Service.SaveDraftAsync(actor, A, key, content, version),
                    Op.SubmitComplete => await w.Service.SubmitAsync(actor, A, key, content, swornStatement: true, version),
                    Op.SubmitIncomplete => await w.Service.SubmitAsync(actor, A, key, content, swornStatement: false, version),
                    Op.Validate => await w.Service.ValidateAsync(actor, A, key, version),
                    Op.Reject => await w.Service.RejectAsync(actor, A, key, "Pièce illisible", version),
                    Op.RejectWithoutReason => await w.Service.RejectAsync(actor, A, key, " ", version),
                    _ => await w.Service.RequireUpdateAsync(actor, A, key, "À revoir", version),
                };
                var expected = stale ? null : Model(states[index], op, agent);
                var after = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, A, key))?.Version ?? 0;
                if (outcome.IsT0 != expected.HasValue || (expected is null && after != before)
                    || (!agent && states[index] is FicheState.Submitted or FicheState.Validated && after != before))
                {
                    return false;
                }

                states[index] = expected ?? states[index];
            }

            var file = DossierWorld.Ok(await w.Service.FileAsync(w.FamilyA, A));
            if (file.Fiches.Count != Keys.Length || file.Fiches.Any(f => f.State != states[Array.IndexOf(Keys, f.Key)])
                || file.Counts.Values.Sum() != Keys.Length
                || Enum.GetValues<FicheState>().Any(s => file.Counts[s] != states.Count(x => x == s))
                || await w.Gate.IsValidatedAsync(w.Tenant, A) != states.Where((_, i) => Required[i]).All(s => s == FicheState.Validated))
            {
                return false;
            }
        }

        var history = DossierWorld.Ok(await w.Service.HistoryAsync(agentActor, A));
        return history.All(t => FicheWorkflow.Next(t.From, t.Action, t.By.Value == "agent" ? FicheActor.Agent : FicheActor.Family, t.Reason, []).TryPickT0(out var to, out _) && to == t.To);
    }
}
