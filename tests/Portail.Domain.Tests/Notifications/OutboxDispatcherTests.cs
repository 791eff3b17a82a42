using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Families;
using Portail.Notifications;
using static Portail.Domain.Tests.Notifications.MailWorld;

namespace Portail.Domain.Tests.Notifications;

/// <summary>The outbox's dispatcher (ARCHITECTURE.md must 6, R-NTF-2): leases, retries with back-off, failures kept for agents, at most one duplicate after a crash.</summary>
public sealed class OutboxDispatcherTests : IDisposable
{
    private static readonly FamilyId Martin = new("martin");
    private readonly MailWorld _world = new();

    public void Dispose() => _world.Dispose();

    private async Task<OutboxMail> InformationAsync(FamilyId family, string subject = "Grève du jeudi 11 mai")
    {
        var mail = OutboxMails.ServiceInformation(CarteVille, family, new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), subject, "Le service de restauration ne sera pas assuré.\n\nMerci de votre compréhension."), _world.Clock.GetCurrentInstant());
        await _world.Outbox.AddAsync([mail]);
        return mail;
    }

    // The sender was handed the mail that many times, always with the same Message-Id, and nothing is due any more.
    private async Task AssertHandedOverWithOneMessageIdThenDoneAsync(int times)
    {
        Assert.Equal(times, _world.Sender.Attempts.Count);
        Assert.Single(_world.Sender.Attempts.Select(m => m.MessageId).Distinct());
        _world.Clock.Advance(Duration.FromDays(30));
        Assert.Equal(0, (await _world.Dispatcher.RunOnceAsync()).Claimed);
    }

    private async Task<OutboxEntry> EntryAsync(OutboxMail mail) =>
        Assert.Single(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery()), e => e.Mail.Id == mail.Id);

    [Fact]
    public async Task R_BSK_4_the_family_whose_waiting_list_request_got_a_place_is_told_by_mail()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr", "maison.dupont@exemple.fr");
        await _world.ValidateAsync([(new ChildId("martin-child"), ApsMatin, May(15))], family: Martin);
        await _world.ValidateAsync([(Amalia, ApsMatin, May(15))]);
        Assert.Equal(0, (await _world.DispatchAllAsync()).Claimed);

        await _world.ValidateAsync([], [(new ChildId("martin-child"), ApsMatin, May(15))], family: Martin);
        Assert.Equal(1, (await _world.DispatchAllAsync()).Sent);

        var mail = Assert.Single(_world.Sender.Attempts);
        Assert.Equal(["jp.dupont@exemple.fr", "maison.dupont@exemple.fr"], mail.To);
        Assert.Equal("Réservation acceptée : une place s'est libérée", mail.Subject);
        Assert.Equal(
            "M. DUPONT Jean-Paul\n\n"
            + "Une place s'est libérée : la demande de réservation en liste d'attente de DUPONT Amalia pour l'activité APS MATIN le lundi 15 mai 2023 a été acceptée.\n\n"
            + "Vous pouvez consulter l'état de vos réservations sur notre site Internet.\n\n"
            + "Ne pas utiliser ces mails automatiques pour nous adresser un message : ils ne nous parviendront pas.\n",
            mail.Text);
        Assert.Contains("<p>Une place s'est libérée : la demande de réservation en liste d'attente de DUPONT Amalia", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_failure_is_retried_after_a_growing_back_off_and_delivered_once_with_the_same_message_id()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        var mail = await InformationAsync(Dupont);
        var down = true;
        _world.Sender.Answer = (_, _) => Task.FromResult(down ? new MailSendResult(MailSendStatus.TemporaryFailure, "Connection refused (localhost:25)") : MailSendResult.Sent);

        Assert.Equal(new DispatchReport(1, 0, 1, 0, 0), await _world.Dispatcher.RunOnceAsync());
        var retry = await EntryAsync(mail);
        Assert.Equal((OutboxState.Pending, 1, _world.Clock.GetCurrentInstant() + Duration.FromMinutes(1), "Connection refused (localhost:25)"), (retry.State, retry.Attempts, retry.NextAttemptAt, retry.LastError));
        Assert.Equal(0, (await _world.Dispatcher.RunOnceAsync()).Claimed);

        _world.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, (await _world.Dispatcher.RunOnceAsync()).Retried);
        Assert.Equal(_world.Clock.GetCurrentInstant() + Duration.FromMinutes(2), (await EntryAsync(mail)).NextAttemptAt);

        down = false;
        _world.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(new DispatchReport(1, 1, 0, 0, 0), await _world.Dispatcher.RunOnceAsync());
        var sent = await EntryAsync(mail);
        Assert.Equal((OutboxState.Sent, 3, (string?)null), (sent.State, sent.Attempts, sent.LastError));
        await AssertHandedOverWithOneMessageIdThenDoneAsync(3);
    }

    [Fact]
    public async Task A_permanent_failure_is_kept_with_the_servers_answer_and_does_not_block_the_others()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await _world.Services.GetRequiredService<IFamilyDirectory>().SaveContactAsync(CarteVille, new FamilyContact(Martin, "Mme", "MARTIN", "Claire", ["claire@inconnu.invalid"]));
        var bad = await InformationAsync(Martin);
        var good = await InformationAsync(Dupont);
        _world.Sender.Answer = (m, _) => Task.FromResult(m.To.Contains("claire@inconnu.invalid")
            ? new MailSendResult(MailSendStatus.PermanentFailure, "550 5.1.1 <claire@inconnu.invalid>: Recipient address rejected")
            : MailSendResult.Sent);

        Assert.Equal(new DispatchReport(2, 1, 0, 1, 0), await _world.Dispatcher.RunOnceAsync());

        var failed = Assert.Single(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery(OutboxState.Failed)));
        Assert.Equal((bad.Id, "550 5.1.1 <claire@inconnu.invalid>: Recipient address rejected"), (failed.Mail.Id, failed.LastError));
        Assert.Equal(OutboxState.Sent, (await EntryAsync(good)).State);
        _world.Clock.Advance(Duration.FromDays(30));
        Assert.Equal(0, (await _world.Dispatcher.RunOnceAsync()).Claimed);
    }

    [Fact]
    public async Task A_mail_to_a_family_without_an_address_is_failed_with_the_reason()
    {
        var mail = await InformationAsync(Martin);

        Assert.Equal(1, (await _world.Dispatcher.RunOnceAsync()).Failed);

        Assert.Empty(_world.Sender.Attempts);
        Assert.Equal("Family 'martin' has no e-mail address on file: there is nobody to send this service-information mail to.", (await EntryAsync(mail)).LastError);
    }

    [Fact]
    public async Task A_sender_that_throws_counts_as_a_temporary_failure()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        var mail = await InformationAsync(Dupont);
        _world.Sender.Answer = (_, _) => throw new IOException("Broken pipe");

        Assert.Equal(1, (await _world.Dispatcher.RunOnceAsync()).Retried);
        Assert.Equal("IOException: Broken pipe", (await EntryAsync(mail)).LastError);
    }

    [Fact]
    public async Task A_send_that_hangs_is_cut_at_the_timeout_and_retried()
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Outbox:SendTimeout"] = "00:00:00.2" }));
        await world.ContactAsync("jp.dupont@exemple.fr");
        await world.Outbox.AddAsync([OutboxMails.ServiceInformation(CarteVille, Dupont, new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "Info", "Texte."), world.Clock.GetCurrentInstant())]);
        world.Sender.Answer = async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return MailSendResult.Sent;
        };

        Assert.Equal(1, (await world.Dispatcher.RunOnceAsync()).Retried);
        Assert.StartsWith("No answer from the mail server within", Assert.Single(await world.Outbox.ListAsync(CarteVille, new OutboxQuery())).LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// A dispatcher sends a mail and stops before marking it (simulated: the claim and the send happen,
    /// the mark never does). Once its lease expires another dispatcher sends it again: one duplicate,
    /// with the same Message-Id, and the first one's late mark is refused.
    /// </summary>
    [Fact]
    public async Task A_crash_between_sending_and_marking_gives_at_most_one_duplicate_with_the_same_message_id()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await InformationAsync(Dupont);
        var lease = Duration.FromTimeSpan(new OutboxOptions().Lease);
        var crashed = Assert.Single(await _world.Outbox.ClaimAsync(_world.Clock.GetCurrentInstant(), lease, 10));
        var rendered = await _world.Services.GetRequiredService<MailRenderer>().RenderAsync(crashed.Mail);
        await _world.Sender.SendAsync(rendered.AsT0);

        Assert.Equal(0, (await _world.Dispatcher.RunOnceAsync()).Claimed);
        _world.Clock.Advance(lease);
        Assert.Equal(new DispatchReport(1, 1, 0, 0, 0), await _world.Dispatcher.RunOnceAsync());
        Assert.False(await _world.Outbox.SettleAsync(crashed, MailSettlement.Sent(_world.Clock.GetCurrentInstant())));

        await AssertHandedOverWithOneMessageIdThenDoneAsync(2);
    }

    [Fact]
    public async Task A_mail_whose_attempts_run_out_is_failed_with_the_last_answer()
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Outbox:MaxAttempts"] = "3" }));
        await world.ContactAsync("jp.dupont@exemple.fr");
        await world.Outbox.AddAsync([OutboxMails.ServiceInformation(CarteVille, Dupont, new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "Info", "Texte."), world.Clock.GetCurrentInstant())]);
        world.Sender.Answer = (_, _) => Task.FromResult(new MailSendResult(MailSendStatus.TemporaryFailure, "451 4.3.0 Mailbox busy"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, (await world.Dispatcher.RunOnceAsync()).Claimed);
            world.Clock.Advance(Duration.FromHours(1));
        }

        var entry = Assert.Single(await world.Outbox.ListAsync(CarteVille, new OutboxQuery()));
        Assert.Equal((OutboxState.Failed, 3, "Gave up after 3 attempts; the last answer: 451 4.3.0 Mailbox busy"), (entry.State, entry.Attempts, entry.LastError));
    }

    [Fact]
    public async Task A_mail_claimed_again_and_again_without_an_end_is_given_up()
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Outbox:MaxAttempts"] = "2" }));
        await world.ContactAsync("jp.dupont@exemple.fr");
        await world.Outbox.AddAsync([OutboxMails.ServiceInformation(CarteVille, Dupont, new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "Info", "Texte."), world.Clock.GetCurrentInstant())]);
        for (var i = 0; i < 2; i++)
        {
            Assert.Single(await world.Outbox.ClaimAsync(world.Clock.GetCurrentInstant(), Duration.FromMinutes(1), 10));
            world.Clock.Advance(Duration.FromMinutes(1));
        }

        Assert.Equal(1, (await world.Dispatcher.RunOnceAsync()).Failed);
        Assert.Empty(world.Sender.Attempts);
        Assert.StartsWith("Gave up: attempt 2 of 2 never ended", Assert.Single(await world.Outbox.ListAsync(CarteVille, new OutboxQuery())).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_loop_sends_until_it_is_stopped()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await InformationAsync(Dupont);
        using var stop = new CancellationTokenSource();
        var sent = new TaskCompletionSource();
        _world.Sender.Answer = (_, _) =>
        {
            sent.TrySetResult();
            return Task.FromResult(MailSendResult.Sent);
        };

        var loop = _world.Dispatcher.RunAsync(cancellationToken: stop.Token);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_world.Sender.Attempts);
    }

    [Fact]
    public void Without_a_mail_sender_the_dispatcher_names_the_package_to_add()
    {
        var services = new ServiceCollection();
        services.AddPortail(new ConfigurationBuilder().Build()).UseInMemoryStorage();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(provider.GetRequiredService<OutboxDispatcher>);
        Assert.Contains("UseSmtpMail(...) (package Portail.Adapters.Smtp)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lease", "00:05:00", "Portail:Outbox:Lease (00:05:00) must outlast a whole batch")]
    [InlineData("MaxRetryDelay", "00:00:30", "Portail:Outbox:MaxRetryDelay (00:00:30) is shorter than Portail:Outbox:FirstRetryDelay")]
    [InlineData("BatchSize", "0", "Portail:Outbox:BatchSize is 0")]
    [InlineData("PollInterval", "00:00:00", "Portail:Outbox:PollInterval is 00:00:00: it must be positive.")]
    public void Outbox_settings_that_cannot_work_are_refused_at_start_up_naming_them(string setting, string value, string error)
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?> { [$"Portail:Outbox:{setting}"] = value }));

        var failure = Assert.Throws<OptionsValidationException>(() => world.Services.GetRequiredService<IOptions<OutboxOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.StartsWith(error, StringComparison.Ordinal));
    }

    /// <summary>The back-off starts at the first delay, doubles at each attempt, never exceeds the maximum, and never shrinks.</summary>
    [Property(MaxTest = 500)]
    public Property The_back_off_doubles_from_the_first_delay_up_to_the_maximum(PositiveInt attempt, PositiveInt firstSeconds, PositiveInt extraSeconds)
    {
        var first = Duration.FromSeconds(firstSeconds.Get);
        var max = first + Duration.FromSeconds(extraSeconds.Get);
        var delay = OutboxDispatcher.Backoff(attempt.Get, first, max);
        var next = OutboxDispatcher.Backoff(attempt.Get + 1, first, max);
        return (OutboxDispatcher.Backoff(1, first, max) == first
                && delay >= first && delay <= max && next >= delay
                && (next == max || next == delay + delay))
            .Label($"attempt {attempt.Get}: {delay}, then {next} (first {first}, max {max})");
    }
}
