namespace Portail.Adapters.Tipi.Simulator;

/// <summary>A technical fault the simulated web service answers with.</summary>
public enum SimulatedFault
{
    /// <summary>Answers normally.</summary>
    None,

    /// <summary>HTTP 500 with an HTML body (a proxy's error page).</summary>
    Http500,

    /// <summary>Answers nothing until the caller gives up (<see cref="TipiSimulatorOptions.HangFor"/>).</summary>
    Timeout,

    /// <summary>HTTP 200 with a body that is not XML.</summary>
    MalformedXml,

    /// <summary>A SOAP fault <c>TechIndisponibiliteErreur</c>.</summary>
    Unavailable,
}

/// <summary>How a classic return is forged (TIPI.md: nothing is signed).</summary>
public enum ClassicForgery
{
    /// <summary>An honest return.</summary>
    None,

    /// <summary>The amount is changed (one euro more).</summary>
    WrongAmount,

    /// <summary>The reference is one nobody issued.</summary>
    UnknownReference,

    /// <summary>The per-attempt token is removed from the return URL.</summary>
    MissingToken,

    /// <summary>Another régie's client number.</summary>
    WrongClientNumber,
}

/// <summary>
/// What the simulated platform does for one payment (or all of them): notifications (none, once,
/// twice, late, before or after the browser's return, with lower-case names), technical faults of
/// the web service, forged classic returns, and overrides of what a lookup answers.
/// </summary>
public sealed record SimulatorScenario
{
    /// <summary>The platform's ordinary behaviour: one notification before the browser's return.</summary>
    public static SimulatorScenario Default { get; } = new();

    /// <summary>How many notifications are sent for a result (0: none, the incident other teams saw).</summary>
    /// <value>1.</value>
    public int Notifications { get; init; } = 1;

    /// <summary>Sends the notifications after the browser's return instead of before.</summary>
    public bool NotifyAfterReturn { get; init; }

    /// <summary>How long the notifications wait (a late notification).</summary>
    public TimeSpan NotificationDelay { get; init; }

    /// <summary>Lower-case names: notifications as <c>GET ?idop=</c>, answers with <c>&lt;idop&gt;</c>.</summary>
    public bool LowerCaseNames { get; init; }

    /// <summary>Classic returns with upper-case parameter names (<c>RESULTRANS</c>, <c>NUMAUTO</c>).</summary>
    public bool UpperCaseReturn { get; init; }

    /// <summary>The web service's technical fault.</summary>
    public SimulatedFault Fault { get; init; }

    /// <summary>How many answers are faulty before the service heals (every one by default).</summary>
    /// <value><see cref="int.MaxValue"/>.</value>
    public int FaultyAnswers { get; init; } = int.MaxValue;

    /// <summary>How a classic return is forged.</summary>
    public ClassicForgery Forgery { get; init; }

    /// <summary>When set, lookups answer this <c>saisie</c> instead of the request's (a test result reaching a production adapter).</summary>
    public string? ResultSaisie { get; init; }

    /// <summary>When set, lookups answer this <c>resultrans</c> instead of the one chosen (an unknown code).</summary>
    public string? ResultCode { get; init; }
}
