using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Portail.Booking;
using Portail.InMemory;

namespace Portail.Domain.Tests.Properties;

/// <summary>One step of a random history: a family validates or cancels a day, or an agent changes a day's capacity.</summary>
public sealed record Step(char Kind, int Family, int Day, int? Capacity)
{
    public override string ToString() => Kind switch
    {
        'V' => $"f{Family} books d{Day}",
        'C' => $"f{Family} cancels d{Day}",
        _ => $"capacity of d{Day} := {Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}",
    };
}

public static class StepArbitraries
{
    public static Arbitrary<Step[]> Histories() =>
        Gen.Frequency(
                (6, from f in Gen.Choose(0, 9) from d in Gen.Choose(0, 2) select new Step('V', f, d, null)),
                (3, from f in Gen.Choose(0, 9) from d in Gen.Choose(0, 2) select new Step('C', f, d, null)),
                (1, from d in Gen.Choose(0, 2) from c in Gen.Elements<int?>(0, 1, 2, 3, 5, null) select new Step('K', 0, d, c)))
            .ArrayOf()
            .ToArbitrary();
}

/// <summary>
/// Model-based test of arbitration through a real store (issue 3): random histories of validations,
/// cancellations and capacity changes from many families, against a reference model written as
/// plainly as the rules read. After every step: accepted ≤ capacity (unless lowered below it, when
/// no one is cancelled), waiting list ≤ its size and in validation order, every promotion the first
/// in line, and the store shows exactly what the model holds.
/// </summary>
public class ArbitrationModel
{
    private const int Capacity = 2;
    private const int Waitlist = 2;
    private static readonly ActivityId Centre = new("centre");
    private static readonly LocalDate Monday = new(2024, 3, 4);
    private static readonly TenantId Tenant = new("model");
    private static readonly Dictionary<ActivityId, ActivityLimits> Limits = new() { [Centre] = new(Capacity, Waitlist, false) };

    [Property(Arbitrary = [typeof(StepArbitraries)], MaxTest = 300)]
    public Property R_BSK_3_R_BSK_4_the_store_follows_the_reference_model(Step[] history)
    {
        var store = new InMemoryBookingStore();
        var model = Enumerable.Range(0, 3).Select(_ => new ModelDay()).ToArray();
        for (var i = 0; i < history.Length; i++)
        {
            var step = history[i];
            var day = new DayKey(Centre, Monday.PlusDays(step.Day));
            var receipt = store.CommitAsync(Tenant, CommitOf(step, day), Arbitration.Plan).AsTask().GetAwaiter().GetResult();
            var expected = model[step.Day].Apply(step);
            var problem = Compare(store, model[step.Day], day, receipt, expected);
            if (problem is not null)
            {
                return false.Label($"after step {i + 1} ({step}): {problem}");
            }
        }

        return true.ToProperty();
    }

    private static BookingCommit CommitOf(Step step, DayKey day)
    {
        var family = new FamilyId($"f{step.Family}");
        var key = new RequestKey(new ChildId($"c{step.Family}"), day.Activity, day.Date);
        return step.Kind switch
        {
            'V' => new BookingCommit(Guid.NewGuid(), family, default, [new BookingLine(key, null, null, 1m)], [], [], [], Limits, []),
            'C' => new BookingCommit(Guid.NewGuid(), family, default, [], [key], [], [], Limits, []),
            _ => new BookingCommit(Guid.NewGuid(), default, default, [], [], [], [new CapacityChange(day, step.Capacity)], Limits, []),
        };
    }

    private static string? Compare(InMemoryBookingStore store, ModelDay model, DayKey day, CommitReceipt receipt, (LineOutcome? Outcome, List<int> Promoted) expected)
    {
        var ledger = store.GetDayAsync(Tenant, day, Limits[Centre]).AsTask().GetAwaiter().GetResult();
        var waiting = ledger.Waiting.Select(w => int.Parse(w.Family.Value[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var promoted = receipt.Promoted.Select(p => int.Parse(p.Family.Value[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var outcome = receipt.Results.Count == 0 ? (LineOutcome?)null : receipt.Results[0].Outcome;
        return true switch
        {
            _ when outcome != expected.Outcome => $"outcome {outcome}, model says {expected.Outcome}",
            _ when !promoted.SequenceEqual(expected.Promoted) => $"promoted [{string.Join(",", promoted)}], model says [{string.Join(",", expected.Promoted)}] (first in line)",
            _ when ledger.Accepted != model.Accepted.Count => $"{ledger.Accepted} accepted, model has {model.Accepted.Count}",
            _ when !waiting.SequenceEqual(model.Waiting) => $"waiting [{string.Join(",", waiting)}], model has [{string.Join(",", model.Waiting)}]",
            _ when ledger.Waiting.Count > Waitlist => $"{ledger.Waiting.Count} on a waiting list of {Waitlist}",
            _ when ledger.Accepted > Math.Max(model.Capacity ?? int.MaxValue, model.AcceptedWhenLowered) => $"{ledger.Accepted} accepted for {model.Capacity} places",
            _ when !ledger.Waiting.Select(w => w.Sequence).SequenceEqual(ledger.Waiting.Select(w => w.Sequence).Order()) => "waiting list not in validation order",
            _ => null,
        };
    }

    /// <summary>The rules as a family reads them, on plain lists.</summary>
    private sealed class ModelDay
    {
        public int? Capacity { get; private set; } = ArbitrationModel.Capacity;

        public int AcceptedWhenLowered { get; private set; }

        public HashSet<int> Accepted { get; } = [];

        public List<int> Waiting { get; } = [];

        public HashSet<int> Refused { get; } = [];

        public (LineOutcome? Outcome, List<int> Promoted) Apply(Step step)
        {
            LineOutcome? outcome = null;
            switch (step.Kind)
            {
                case 'V' when Accepted.Contains(step.Family) || Waiting.Contains(step.Family) || Refused.Contains(step.Family):
                    outcome = LineOutcome.NotProcessed;
                    break;
                case 'V' when Capacity is null || Accepted.Count < Capacity:
                    Accepted.Add(step.Family);
                    outcome = LineOutcome.Accepted;
                    break;
                case 'V' when Waiting.Count < Waitlist:
                    Waiting.Add(step.Family);
                    outcome = LineOutcome.Waitlisted;
                    break;
                case 'V':
                    Refused.Add(step.Family);
                    outcome = LineOutcome.Refused;
                    break;
                case 'C':
                    var had = Accepted.Remove(step.Family) | Waiting.Remove(step.Family) | Refused.Remove(step.Family);
                    outcome = had ? LineOutcome.Cancelled : LineOutcome.NotProcessed;
                    break;
                default:
                    Capacity = step.Capacity ?? ArbitrationModel.Capacity;
                    AcceptedWhenLowered = Accepted.Count;
                    break;
            }

            var promoted = new List<int>();
            while (Waiting.Count > 0 && (Capacity is null || Accepted.Count < Capacity))
            {
                promoted.Add(Waiting[0]);
                Accepted.Add(Waiting[0]);
                Waiting.RemoveAt(0);
            }

            return (outcome, promoted);
        }
    }
}
