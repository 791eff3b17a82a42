using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;
using NodaTime.Testing;
using Portail.Notifications;

namespace Portail.Adapters.Smtp.Tests;

/// <summary>A real SMTP conversation with a server on loopback (R-NTF): what arrives, and how failures are answered.</summary>
public sealed class SmtpMailTests : IClassFixture<SmtpServerFixture>
{
    private static readonly Instant Now = Instant.FromUtc(2023, 5, 15, 20, 30);
    private readonly SmtpServer _server;

    public SmtpMailTests(SmtpServerFixture fixture) => _server = fixture.Server;

    private static MailMessage Report(params string[] to) => new(
        Guid.NewGuid(),
        new TenantId("cestas"),
        to,
        "Réservations acceptées : lun. 15/05",
        "Madame DUPONT Élodie,\n\nRÉSERVATIONS ACCEPTÉES : Restauration scolaire, Lenny, lun. 15/05.\n\nNe pas utiliser ces mails automatiques pour nous adresser un message.",
        "<p>Madame DUPONT Élodie,</p><p>RÉSERVATIONS ACCEPTÉES : Restauration scolaire, Lenny, lun. 15/05.</p>");

    private IMailSender Sender(Action<SmtpMailOptions>? change = null)
    {
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Now));
        services.AddPortail(new ConfigurationBuilder().Build()).UseSmtpMail(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = _server.Port;
            o.Security = SmtpSecurity.None;
            o.SenderAddress = "portail-famille@ville-cestas.fr";
            o.SenderName = "Portail Famille de Cestas";
            change?.Invoke(o);
        });
        return services.BuildServiceProvider().GetRequiredService<IMailSender>();
    }

    [Fact]
    public async Task R_NTF_every_recipient_receives_both_parts_with_accents_the_stable_Message_Id_and_the_sender()
    {
        var report = Report("elodie.dupont@example.org", "jean.dupont@example.org");

        var result = await Sender().SendAsync(report);

        Assert.Equal(MailSendStatus.Sent, result.Status);
        foreach (var to in report.To)
        {
            var mail = Assert.Single(_server.Received(to));
            Assert.Equal(report.MessageId, mail.MessageId);
            Assert.Equal("Réservations acceptées : lun. 15/05", mail.Subject);
            Assert.Equal("\"Portail Famille de Cestas\" <portail-famille@ville-cestas.fr>", mail.From.ToString());
            Assert.Equal(["elodie.dupont@example.org", "jean.dupont@example.org"], mail.To.Mailboxes.Select(m => m.Address));
            Assert.Equal(Now.ToDateTimeOffset(), mail.Date);
            Assert.Equal("multipart/alternative", mail.Body!.ContentType.MimeType);
            Assert.Contains("RÉSERVATIONS ACCEPTÉES : Restauration scolaire, Lenny, lun. 15/05.", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("<p>Madame DUPONT Élodie,</p>", mail.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task R_NTF_a_refused_address_is_a_permanent_failure_with_the_servers_answer()
    {
        var result = await Sender().SendAsync(Report("inconnu@example.org"));

        Assert.Equal(MailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("User unknown", result.ServerAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_NTF_a_4xx_answer_and_a_server_that_is_down_are_temporary_failures()
    {
        var full = await Sender().SendAsync(Report("plein@example.org"));
        var down = await Sender(o => o.Port = SmtpServer.FreePort()).SendAsync(Report("elodie.dupont@example.org"));

        Assert.Equal(MailSendStatus.TemporaryFailure, full.Status);
        Assert.Contains("temporarily full", full.ServerAnswer, StringComparison.Ordinal);
        Assert.Equal(MailSendStatus.TemporaryFailure, down.Status);
    }

    [Fact]
    public async Task R_NTF_an_invalid_address_fails_for_good_without_connecting()
    {
        var result = await Sender(o => o.Port = SmtpServer.FreePort()).SendAsync(Report("pas-une-adresse"));

        Assert.Equal(MailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("pas-une-adresse", result.ServerAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pickup_folder_writes_one_file_per_message_whatever_the_retries()
    {
        var folder = Directory.CreateTempSubdirectory("portail-pickup-").FullName;
        try
        {
            var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Now));
            services.AddPortail(new ConfigurationBuilder().Build()).UseSmtpMail(o => o.Host = "unused").UsePickupFolderMail(folder);
            var sender = services.BuildServiceProvider().GetRequiredService<IMailSender>();
            var report = Report("elodie.dupont@example.org");

            await sender.SendAsync(report);
            await sender.SendAsync(report);

            var file = Assert.Single(Directory.GetFiles(folder));
            var mail = MimeMessage.Load(file);
            Assert.Equal((report.MessageId, "Réservations acceptées : lun. 15/05"), (mail.MessageId, mail.Subject));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("", 587, "portail@ville.fr", "SmtpMailOptions.Host is empty")]
    [InlineData("smtp.ville.fr", 0, "portail@ville.fr", "SmtpMailOptions.Port is 0")]
    [InlineData("smtp.ville.fr", 587, "portail", "SmtpMailOptions.SenderAddress is 'portail'")]
    public void Bad_options_stop_the_start_up_naming_the_setting(string host, int port, string sender, string expected)
    {
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(Now));
        services.AddPortail(new ConfigurationBuilder().Build()).UseSmtpMail(o => (o.Host, o.Port, o.SenderAddress, o.UserName) = (host, port, sender, "portail"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpMailOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("SmtpMailOptions.UserName and SmtpMailOptions.Password go together", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>One SMTP server for the class.</summary>
public sealed class SmtpServerFixture : IDisposable
{
    public SmtpServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}
