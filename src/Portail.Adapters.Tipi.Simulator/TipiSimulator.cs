using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace Portail.Adapters.Tipi.Simulator;

/// <summary>The simulator's settings.</summary>
public sealed class TipiSimulatorOptions
{
    /// <summary>The client numbers (<c>numcli</c>) the simulated platform knows.</summary>
    public IList<string> ClientNumbers { get; } = ["123456"];

    /// <summary>How long a payment page stays open.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan PageLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest amount, in cents.</summary>
    /// <value>10,000,000 (100,000 €).</value>
    public long MaxCents { get; set; } = 10_000_000;

    /// <summary>How long a <see cref="SimulatedFault.Timeout"/> answer hangs.</summary>
    /// <value>60 seconds.</value>
    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>One payment the simulated platform knows.</summary>
public sealed class SimulatedPayment
{
    internal SimulatedPayment(string key, IReadOnlyDictionary<string, string> request, Instant createdAt, bool classic)
    {
        Key = key;
        Request = request;
        CreatedAt = createdAt;
        Classic = classic;
    }

    /// <summary>The idOp (web service), or the reference (classic).</summary>
    public string Key { get; }

    /// <summary>The arguments as received, by their exact names.</summary>
    public IReadOnlyDictionary<string, string> Request { get; }

    /// <summary>When it was registered.</summary>
    public Instant CreatedAt { get; }

    /// <summary>True for a classic-protocol payment.</summary>
    public bool Classic { get; }

    /// <summary>The result chosen on the payment page (P, V, R, Z, A), or <see langword="null"/>.</summary>
    public string? Result { get; internal set; }

    /// <summary>When the result was chosen.</summary>
    public Instant? ResultAt { get; internal set; }

    /// <summary>The authorisation number of a paid result.</summary>
    public string? Authorisation { get; internal set; }

    /// <summary>The request's value of <paramref name="name"/>, or empty.</summary>
    public string this[string name] => Request.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// The simulated TIPI/PayFiP platform (TIPI.md, last section): the web service's operations with
/// the platform's validation codes, the payment pages with buttons for P, V, R, Z and A, the
/// notifications, the 15-minute and night clean-up rules, technical faults, and forged classic
/// returns, each selectable per payment (<see cref="ScenarioFor"/>) or for all (<see cref="Scenario"/>).
/// Mount it with <c>MapTipiSimulator</c>; the real adapter talks to it over HTTP.
/// </summary>
public sealed partial class TipiSimulator : IDisposable
{
    private readonly ConcurrentDictionary<string, SimulatedPayment> _payments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatorScenario> _scenarios = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<Uri> _notifications = new();
    private readonly ConcurrentBag<Task> _pending = [];
    private readonly HttpClient _http = new();
    private readonly ConcurrentDictionary<string, int> _faultsGiven = new(StringComparer.Ordinal);

    /// <summary>Creates the simulator.</summary>
    public TipiSimulator(IClock clock, TipiSimulatorOptions options)
    {
        Clock = clock;
        Options = options;
    }

    /// <summary>The simulator's clock (the host's).</summary>
    public IClock Clock { get; }

    /// <summary>The settings.</summary>
    public TipiSimulatorOptions Options { get; }

    /// <summary>What the platform does for payments without a scenario of their own.</summary>
    public SimulatorScenario Scenario { get; set; } = SimulatorScenario.Default;

    /// <summary>The SOAP requests received, as sent, oldest first.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>The notifications sent, oldest first.</summary>
    public IReadOnlyList<Uri> Notifications => [.. _notifications];

    /// <summary>The payments known, by key (idOp, or reference for the classic protocol).</summary>
    public IReadOnlyDictionary<string, SimulatedPayment> Payments => _payments;

    /// <summary>Gives one payment (by idOp or reference) its own scenario.</summary>
    public void ScenarioFor(string idOpOrReference, SimulatorScenario scenario) => _scenarios[idOpOrReference] = scenario;

    /// <summary>The night's clean-up: every payment without a result is forgotten (its lookups answer P1).</summary>
    public void CleanUpNight()
    {
        foreach (var (key, payment) in _payments)
        {
            if (payment.Result is null)
            {
                _payments.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Waits until every notification sent in the background has been delivered (or failed).</summary>
    public Task WhenNotifiedAsync() => Task.WhenAll(_pending);

    /// <summary>
    /// The payer chooses <paramref name="result"/> (P, V, R, Z, A) on the web service's page of
    /// <paramref name="idOp"/>: the result is recorded, the notifications go as the scenario says, and
    /// the browser's return URL is answered; <see langword="null"/> when the page is closed (unknown,
    /// used, or older than <see cref="TipiSimulatorOptions.PageLifetime"/>).
    /// </summary>
    public async Task<Uri?> PayAsync(string idOp, string result, CancellationToken cancellationToken = default)
    {
        if (!IsOpen(idOp, out var payment) || payment.Classic || !IsResultCode(result))
        {
            return null;
        }

        if (!Decide(payment, result))
        {
            return null;
        }

        var scenario = ScenarioOf(payment);
        var back = new Uri($"{payment["urlredirect"]}{Separator(payment["urlredirect"])}idop={Uri.EscapeDataString(idOp)}");
        var notify = new Uri(scenario.LowerCaseNames ? $"{payment["urlnotif"]}{Separator(payment["urlnotif"])}idop={Uri.EscapeDataString(idOp)}" : payment["urlnotif"]);
        var send = Task.Run(
            async () =>
            {
                if (scenario.NotificationDelay > TimeSpan.Zero)
                {
                    await Task.Delay(scenario.NotificationDelay, CancellationToken.None).ConfigureAwait(false);
                }

                for (var i = 0; i < scenario.Notifications; i++)
                {
                    await NotifyAsync(notify, idOp, scenario.LowerCaseNames).ConfigureAwait(false);
                }
            },
            CancellationToken.None);
        _pending.Add(send);
        if (!scenario.NotifyAfterReturn && scenario.NotificationDelay == TimeSpan.Zero)
        {
            await send.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return back;
    }

    /// <summary>The payer chooses <paramref name="result"/> on the classic page of <paramref name="reference"/>: answers the browser's return URL (forged as the scenario says), or <see langword="null"/> when the page is closed.</summary>
    public Uri? PayClassic(string reference, string result)
    {
        if (!IsOpen(reference, out var payment) || !payment.Classic || !IsResultCode(result))
        {
            return null;
        }

        if (!Decide(payment, result))
        {
            return null;
        }

        var scenario = ScenarioOf(payment);
        var (day, hour) = TipiFormats.Text(payment.ResultAt!.Value);
        var back = payment["urlcl"];
        if (scenario.Forgery == ClassicForgery.MissingToken)
        {
            back = TokenParameter().Replace(back, "");
        }

        var parameters = new List<(string, string)>
        {
            ("numcli", scenario.Forgery == ClassicForgery.WrongClientNumber ? "999999" : payment["numcli"]),
            ("exer", payment["exer"]),
            ("refdet", scenario.Forgery == ClassicForgery.UnknownReference ? "INCONNU999" : payment["refdet"]),
            ("objet", payment["objet"]),
            ("montant", scenario.Forgery == ClassicForgery.WrongAmount ? (long.Parse(payment["montant"], CultureInfo.InvariantCulture) + 100).ToString(CultureInfo.InvariantCulture) : payment["montant"]),
            ("mel", payment["mel"]),
            ("saisie", scenario.ResultSaisie ?? payment["saisie"]),
            ("resultrans", scenario.ResultCode ?? result),
            ("numauto", payment.Authorisation ?? ""),
            ("dattrans", day),
            ("heurtrans", hour),
        };
        var query = string.Join('&', parameters.Select(p => $"{(scenario.UpperCaseReturn ? p.Item1.ToUpperInvariant() : p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        return new Uri($"{back}{Separator(back)}{query}");
    }

    /// <summary>Disposes the notifications' HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    internal void Record(string request) => _requests.Enqueue(request);

    internal SimulatorScenario ScenarioOf(SimulatedPayment? payment) =>
        payment is not null && (_scenarios.TryGetValue(payment.Key, out var own) || _scenarios.TryGetValue(payment["refdet"], out own)) ? own : Scenario;

    /// <summary>Answers the fault to give now, counting it, or <see cref="SimulatedFault.None"/>.</summary>
    internal SimulatedFault TakeFault(SimulatedPayment? payment)
    {
        var scenario = ScenarioOf(payment);
        if (scenario.Fault == SimulatedFault.None)
        {
            return SimulatedFault.None;
        }

        // Counted per payment with a scenario of its own, and once for all the others.
        var key = payment is not null && (_scenarios.ContainsKey(payment.Key) || _scenarios.ContainsKey(payment["refdet"])) ? payment.Key : "*";
        return _faultsGiven.AddOrUpdate(key, 1, (_, given) => given + 1) <= scenario.FaultyAnswers ? scenario.Fault : SimulatedFault.None;
    }

    internal SimulatedPayment Register(string key, IReadOnlyDictionary<string, string> request, bool classic) =>
        _payments.GetOrAdd(key, k => new SimulatedPayment(k, request, Clock.GetCurrentInstant(), classic));

    internal bool TryGet(string key, out SimulatedPayment payment) => _payments.TryGetValue(key, out payment!);

    /// <summary>True while the payer may still choose a result: known, no result yet, page younger than its lifetime.</summary>
    internal bool IsOpen(string key, out SimulatedPayment payment) =>
        _payments.TryGetValue(key, out payment!) && payment.Result is null && Clock.GetCurrentInstant() - payment.CreatedAt < Duration.FromTimeSpan(Options.PageLifetime);

    /// <summary>True when the payment was registered before the last Paris midnight without a result: the night's clean-up forgot it.</summary>
    internal bool CleanedAtNight(SimulatedPayment payment) =>
        payment.Result is null && payment.CreatedAt < Clock.GetCurrentInstant().InZone(TipiFormats.Paris).Date.AtStartOfDayInZone(TipiFormats.Paris).ToInstant();

    internal static bool IsResultCode(string code) => code is "P" or "V" or "R" or "Z" or "A";

    // An idOp is single-use: the first result chosen stays.
    private bool Decide(SimulatedPayment payment, string result)
    {
        lock (payment)
        {
            if (payment.Result is not null)
            {
                return false;
            }

            payment.ResultAt = Clock.GetCurrentInstant();
            payment.Authorisation = result is "P" or "V" ? Random.Shared.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture) : null;
            payment.Result = result;
            return true;
        }
    }

    private async Task NotifyAsync(Uri url, string idOp, bool lowerCase)
    {
        _notifications.Enqueue(url);
        try
        {
            using var response = lowerCase
                ? await _http.GetAsync(url).ConfigureAwait(false)
                : await _http.PostAsync(url, new FormUrlEncodedContent([new("idOp", idOp)])).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The platform does not retry a notification the portal did not take.
        }
    }

    private static string Separator(string url) => url.Contains('?', StringComparison.Ordinal) ? "&" : "?";

    [GeneratedRegex("(?<=[?&])token=[^&]*&?")]
    private static partial Regex TokenParameter();
}
