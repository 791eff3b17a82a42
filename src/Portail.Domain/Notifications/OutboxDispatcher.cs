using Microsoft.Extensions.Options;
using NodaTime;

namespace Portail.Notifications;

/// <summary>How the outbox is sent: the <c>Portail:Outbox</c> configuration section, checked at start-up.</summary>
public sealed class OutboxOptions
{
    /// <summary>How many mails one dispatcher claims at a time.</summary>
    /// <value>20.</value>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a dispatcher holds the mails it claims; after that, another may claim them (the first crashed). Longer than <see cref="BatchSize"/> × <see cref="SendTimeout"/>.</summary>
    /// <value>30 minutes.</value>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one send may take before it counts as a temporary failure.</summary>
    /// <value>1 minute.</value>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after the first temporary failure; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>1 minute.</value>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts.</summary>
    /// <value>6 hours.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many attempts a mail gets; after the last temporary failure it is marked failed.</summary>
    /// <value>12 (with the default delays: about 24 hours of retries).</value>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How many mails of one service information (<see cref="InformationMailing"/>) become due each minute.</summary>
    /// <value>100.</value>
    public int InformationPerMinute { get; set; } = 100;

    /// <summary>How long <see cref="OutboxDispatcher.RunAsync"/> waits when nothing is due.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What one dispatch round did.</summary>
/// <param name="Claimed">Mails claimed.</param>
/// <param name="Sent">Accepted by the server.</param>
/// <param name="Retried">Temporary failures, due again after a back-off.</param>
/// <param name="Failed">Given up (refused for good, not renderable, attempts exhausted).</param>
/// <param name="LeasesLost">Mails whose lease had expired and been taken by another dispatcher before this one could mark them.</param>
public sealed record DispatchReport(int Claimed, int Sent, int Retried, int Failed, int LeasesLost);

/// <summary>
/// Sends the outbox (ARCHITECTURE.md must 6): claims due mails with a lease, so that two dispatchers
/// — threads or processes — never hold the same mail; renders each (<see cref="MailRenderer"/>),
/// sends it through <see cref="IMailSender"/> and marks it at once: sent; due again after an
/// exponential back-off on a temporary failure; failed, with the server's answer, on a permanent one
/// or when its attempts run out. One mail's failure never holds the others back.
/// </summary>
/// <remarks>
/// Delivery is at least once. If the process stops between the server's acceptance and the mark,
/// the lease expires and the mail is sent again — once more per such crash — with the same
/// Message-Id (<see cref="MailMessage.MessageId"/>), by which the receiving side can drop it. The
/// host runs <see cref="RunAsync"/> in a background service, in as many processes as it likes.
/// </remarks>
public sealed class OutboxDispatcher
{
    private readonly IMailOutbox _outbox;
    private readonly IMailSender _sender;
    private readonly MailRenderer _renderer;
    private readonly IClock _clock;
    private readonly OutboxOptions _options;

    /// <summary>Creates a dispatcher (resolved from DI by <c>AddPortail</c>; an <see cref="IMailSender"/> must be registered, e.g. by <c>UseSmtpMail</c>).</summary>
    public OutboxDispatcher(IMailOutbox outbox, IMailSender sender, MailRenderer renderer, IClock clock, IOptions<OutboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _sender = sender;
        _renderer = renderer;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>
    /// The wait after the <paramref name="attempt"/>-th attempt failed for the time being:
    /// <paramref name="first"/> × 2^(attempt − 1), at most <paramref name="max"/>.
    /// </summary>
    public static Duration Backoff(int attempt, Duration first, Duration max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var delay = first;
        for (var i = 1; i < attempt && delay < max; i++)
        {
            delay += delay;
        }

        return delay < max ? delay : max;
    }

    /// <summary>One round: claims up to <see cref="OutboxOptions.BatchSize"/> due mails and sends them one after the other.</summary>
    public async Task<DispatchReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var claims = await _outbox.ClaimAsync(_clock.GetCurrentInstant(), Duration.FromTimeSpan(_options.Lease), _options.BatchSize, cancellationToken: cancellationToken).ConfigureAwait(false);
        int sent = 0, retried = 0, failed = 0, lost = 0;
        foreach (var claim in claims)
        {
            var settlement = await AttemptAsync(claim, cancellationToken).ConfigureAwait(false);
            if (!await _outbox.SettleAsync(claim, settlement, cancellationToken).ConfigureAwait(false))
            {
                lost++;
                continue;
            }

            switch (settlement.State)
            {
                case OutboxState.Sent:
                    sent++;
                    break;
                case OutboxState.Pending:
                    retried++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new DispatchReport(claims.Count, sent, retried, failed, lost);
    }

    /// <summary>
    /// Dispatches until <paramref name="cancellationToken"/> is cancelled: a round after another while
    /// mails are due, otherwise a pause of <see cref="OutboxOptions.PollInterval"/>. An error of the
    /// outbox's store (database down) goes to <paramref name="onError"/> and is retried after the
    /// pause; without <paramref name="onError"/> it ends the loop.
    /// </summary>
    public async Task RunAsync(Action<Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DispatchReport report;
            try
            {
                report = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (onError is not null && e is not OperationCanceledException)
            {
                onError(e);
                report = new DispatchReport(0, 0, 0, 0, 0);
            }

            if (report.Claimed == 0)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<MailSettlement> AttemptAsync(ClaimedMail claim, CancellationToken cancellationToken)
    {
        if (claim.Attempt > _options.MaxAttempts)
        {
            // Claimed again and again without ever being marked: the process stopped while sending it.
            return MailSettlement.Failed(_clock.GetCurrentInstant(), $"Gave up: attempt {claim.Attempt - 1} of {_options.MaxAttempts} never ended (the dispatcher stopped while sending it).");
        }

        var rendered = await _renderer.RenderAsync(claim.Mail, cancellationToken).ConfigureAwait(false);
        if (rendered.TryPickT1(out var notRenderable, out var message))
        {
            return MailSettlement.Failed(_clock.GetCurrentInstant(), notRenderable.Reason);
        }

        MailSendResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.SendTimeout);
            try
            {
                result = await _sender.SendAsync(message, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = new MailSendResult(MailSendStatus.TemporaryFailure, $"No answer from the mail server within {_options.SendTimeout}.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A sender should report failures as results; one that throws is retried like a server that is down.
                result = new MailSendResult(MailSendStatus.TemporaryFailure, $"{e.GetType().Name}: {e.Message}");
            }
        }

        var now = _clock.GetCurrentInstant();
        return result.Status switch
        {
            MailSendStatus.Sent => MailSettlement.Sent(now),
            MailSendStatus.TemporaryFailure when claim.Attempt < _options.MaxAttempts =>
                MailSettlement.Retry(now, now + Backoff(claim.Attempt, Duration.FromTimeSpan(_options.FirstRetryDelay), Duration.FromTimeSpan(_options.MaxRetryDelay)), result.ServerAnswer ?? "Temporary failure."),
            MailSendStatus.TemporaryFailure => MailSettlement.Failed(now, $"Gave up after {claim.Attempt} attempts; the last answer: {result.ServerAnswer ?? "temporary failure"}"),
            _ => MailSettlement.Failed(now, result.ServerAnswer ?? "The mail server refused the mail for good."),
        };
    }
}

/// <summary>Refuses, at start-up, outbox settings that cannot work together, naming them.</summary>
internal sealed class OutboxOptionsValidation(string path) : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = new List<string>();
        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{path}:{setting} is {value}: it must be positive.");
            }
        }

        if (options.BatchSize is < 1 or > ClaimedMail.MaxBatch)
        {
            errors.Add($"{path}:BatchSize is {options.BatchSize}: from 1 to {ClaimedMail.MaxBatch}.");
        }

        if (options.InformationPerMinute is < 1 or > 100_000)
        {
            errors.Add($"{path}:InformationPerMinute is {options.InformationPerMinute}: from 1 to 100000.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            errors.Add($"{path}:MaxAttempts is {options.MaxAttempts}: from 1 to 1000.");
        }

        Positive(options.Lease, nameof(options.Lease));
        Positive(options.SendTimeout, nameof(options.SendTimeout));
        Positive(options.FirstRetryDelay, nameof(options.FirstRetryDelay));
        Positive(options.PollInterval, nameof(options.PollInterval));
        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            errors.Add($"{path}:MaxRetryDelay ({options.MaxRetryDelay}) is shorter than {path}:FirstRetryDelay ({options.FirstRetryDelay}).");
        }

        if (options.SendTimeout > TimeSpan.Zero && options.Lease < options.SendTimeout * Math.Max(1, options.BatchSize) * 1.5)
        {
            errors.Add($"{path}:Lease ({options.Lease}) must outlast a whole batch: at least 1.5 × BatchSize ({options.BatchSize}) × SendTimeout ({options.SendTimeout}), or a mail still being sent could be claimed and sent again by another dispatcher.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
