using NodaTime;
using Portail.Payments;

namespace Portail.Domain.Tests.Payments;

/// <summary>The states' rules as a pure function (TIPI.md, R-PAY-3).</summary>
public sealed class PaymentRulesTests
{
    private static readonly Instant Created = Instant.FromUtc(2024, 3, 12, 9, 0);
    private static readonly WalletTypeId Scolaire = new("scolaire-alsh");

    private static PaymentAttempt Attempt(PaymentState state = PaymentState.AwaitingPayment) =>
        new(Guid.NewGuid(), new TenantId("cestas"), new FamilyId("dupont"), "PFABCDEF123456", [new PaymentLine(Scolaire, 118.04m)], "dupont@example.org", Created)
        {
            State = state,
            Version = 2,
            ProviderReference = "idop",
            NextCheckAt = Created + Duration.FromMinutes(15),
        };

    private static PlatformResult Result(string code, decimal amount = 118.04m, string reference = "PFABCDEF123456") =>
        new(code is "P" or "V" ? PlatformOutcome.Paid : code is "R" or "Z" ? PlatformOutcome.Refused : PlatformOutcome.Abandoned, code, reference, amount, "123456", Created, false);

    private static PaymentDecision Decide(PaymentAttempt attempt, PlatformAnswer answer, Duration after) =>
        PaymentRules.Decide(attempt, answer, Created + after, PaymentTimings.Default);

    [Theory]
    [InlineData(PaymentState.Created, false)]
    [InlineData(PaymentState.AwaitingPayment, false)]
    [InlineData(PaymentState.Pending, false)]
    [InlineData(PaymentState.Abandoned, false)]
    [InlineData(PaymentState.Refused, true)]
    [InlineData(PaymentState.Cancelled, true)]
    [InlineData(PaymentState.Expired, true)]
    public void R_PAY_3_paid_wins_from_every_state_with_an_alert_when_it_had_been_given_up(PaymentState state, bool alert)
    {
        var decision = Decide(Attempt(state), Result("P"), Duration.FromHours(3));
        Assert.True(decision.Credit);
        Assert.Equal(PaymentState.Paid, decision.Next!.State);
        Assert.Equal(3, decision.Next.Version);
        Assert.Null(decision.Next.NextCheckAt);
        Assert.Equal(alert, decision.Next.Alert is not null);
    }

    [Fact]
    public void R_PAY_3_a_paid_attempt_never_changes_again()
    {
        var paid = Attempt(PaymentState.Paid) with { NextCheckAt = null };
        foreach (var answer in new PlatformAnswer[] { Result("P"), Result("R"), Result("A"), new ResultNotYetKnown(), new UnknownAtPlatform("P1"), new PlatformFault("x", "y", true), new RejectedAnswer("z") })
        {
            var decision = Decide(paid, answer, Duration.FromMinutes(30));
            Assert.Null(decision.Next);
            Assert.False(decision.Credit);
        }
    }

    [Fact]
    public void R_PAY_3_a_result_that_does_not_match_the_attempt_credits_nothing()
    {
        Assert.False(Decide(Attempt(), Result("P", amount: 1000m), Duration.FromMinutes(5)).Credit);
        Assert.False(Decide(Attempt(), Result("P", reference: "OTHER123"), Duration.FromMinutes(5)).Credit);
        Assert.StartsWith("refused", Decide(Attempt(), Result("P", amount: 1000m), Duration.FromMinutes(5)).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void R_PAY_3_refusals_and_abandons_do_not_undo_a_final_state()
    {
        Assert.Null(Decide(Attempt(PaymentState.Expired), Result("R"), Duration.FromMinutes(30)).Next);
        Assert.Null(Decide(Attempt(PaymentState.Cancelled), Result("A"), Duration.FromMinutes(30)).Next);
        Assert.Equal(PaymentState.Refused, Decide(Attempt(PaymentState.Abandoned), Result("R"), Duration.FromMinutes(10)).Next!.State);
    }

    [Fact]
    public void R_PAY_3_the_back_off_doubles_from_one_minute_to_an_hour()
    {
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 60, 60, 60],
            Enumerable.Range(1, 9).Select(f => (int)PaymentRules.Backoff(f).TotalMinutes));
    }

    /// <summary>
    /// R-PAY-3 as a property: whatever answers come, in whatever order and number, the credit is
    /// decided at most once, and once any paid result came, the attempt ends paid.
    /// </summary>
    [Fact]
    public void R_PAY_3_over_any_sequence_of_answers_the_credit_is_decided_at_most_once()
    {
        var random = new Random(20240312);
        PlatformAnswer[] answers = [Result("P"), Result("V"), Result("R"), Result("Z"), Result("A"), new ResultNotYetKnown(), new UnknownAtPlatform("P1"), new PlatformFault("http-500", "", true), new RejectedAnswer("forged"), Result("P", amount: 1m)];
        for (var run = 0; run < 2000; run++)
        {
            var attempt = Attempt();
            var credits = 0;
            var sawPaid = false;
            var at = Duration.Zero;
            for (var step = random.Next(1, 12); step > 0; step--)
            {
                at += Duration.FromMinutes(random.Next(0, 15));
                var answer = answers[random.Next(answers.Length)];
                sawPaid |= answer is PlatformResult { Outcome: PlatformOutcome.Paid, Amount: 118.04m };
                var decision = Decide(attempt, answer, at);
                credits += decision.Credit ? 1 : 0;
                attempt = decision.Next ?? attempt;
            }

            Assert.True(credits <= 1);
            Assert.Equal(sawPaid, attempt.State == PaymentState.Paid);
            Assert.Equal(sawPaid ? 1 : 0, credits);
        }
    }
}
