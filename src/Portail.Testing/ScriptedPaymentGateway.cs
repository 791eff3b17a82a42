using System.Collections.Concurrent;
using NodaTime;
using OneOf;
using Portail.Payments;

namespace Portail.Testing;

/// <summary>
/// A payment platform scripted by the test, without HTTP: <see cref="StartAsync"/> gives each attempt
/// an idOp, <see cref="Answer"/> sets what a lookup of it answers (P5 until told otherwise), and
/// <see cref="Lookups"/> counts the questions. Thread-safe.
/// </summary>
public sealed class ScriptedPaymentGateway : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, PlatformAnswer> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PaymentAttempt> _attempts = new(StringComparer.Ordinal);
    private int _lookups;

    /// <inheritdoc />
    public PaymentTimings Timings { get; init; } = PaymentTimings.Default;

    /// <summary>When set, <see cref="StartAsync"/> answers this fault instead of an idOp.</summary>
    public PlatformFault? StartFault { get; set; }

    /// <summary>How many lookups were made.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    /// <inheritdoc />
    public Task<OneOf<PaymentStart, PlatformFault>> StartAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (StartFault is { } fault)
        {
            return Task.FromResult<OneOf<PaymentStart, PlatformFault>>(fault);
        }

        var idOp = Guid.NewGuid().ToString("D");
        _attempts[idOp] = order.Attempt;
        return Task.FromResult<OneOf<PaymentStart, PlatformFault>>(new PaymentStart(idOp, new Uri($"https://platform.invalid/pay?idop={idOp}")));
    }

    /// <inheritdoc />
    public string? ProviderReferenceOf(IReadOnlyDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.FirstOrDefault(p => string.Equals(p.Key, "idop", StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <inheritdoc />
    public Task<PlatformAnswer> LookUpAsync(PaymentAttempt attempt, IReadOnlyDictionary<string, string?>? returned, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        Interlocked.Increment(ref _lookups);
        return Task.FromResult(_answers.TryGetValue(attempt.ProviderReference ?? "", out var answer) ? answer : new ResultNotYetKnown());
    }

    /// <summary>What lookups of <paramref name="idOp"/> answer from now on.</summary>
    public void Answer(string idOp, PlatformAnswer answer) => _answers[idOp] = answer;

    /// <summary>Scripts the platform's result <paramref name="code"/> (P, V, R, Z, A) for the attempt, with its own reference and amount, at <paramref name="at"/>.</summary>
    public void Result(PaymentAttempt attempt, string code, Instant at, bool isTest = false)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var outcome = code switch
        {
            "P" or "V" => PlatformOutcome.Paid,
            "R" or "Z" => PlatformOutcome.Refused,
            "A" => PlatformOutcome.Abandoned,
            _ => throw new ArgumentException($"Unknown result code {code}.", nameof(code)),
        };
        Answer(attempt.ProviderReference!, new PlatformResult(outcome, code, attempt.Reference, attempt.Total, outcome == PlatformOutcome.Paid ? $"A{Math.Abs(attempt.Id.GetHashCode()) % 1_000_000:000000}" : null, at, isTest));
    }
}

/// <summary>A clock the test moves by hand (Portail.Testing does not depend on NodaTime.Testing).</summary>
/// <param name="now">Where it starts.</param>
public sealed class SettableClock(Instant now) : IClock
{
    private long _ticks = now.ToUnixTimeTicks();

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    /// <summary>Moves the clock on.</summary>
    public void Advance(Duration by) => Interlocked.Add(ref _ticks, by.BclCompatibleTicks);
}
