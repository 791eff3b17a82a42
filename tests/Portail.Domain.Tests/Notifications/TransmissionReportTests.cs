using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Booking;
using Portail.Notifications;
using static Portail.Domain.Tests.Notifications.MailWorld;

namespace Portail.Domain.Tests.Notifications;

/// <summary>The nightly transmission and its report (R-NTF-1, R-BSK-5), through the in-memory store, the outbox and the dispatcher.</summary>
public sealed class TransmissionReportTests : IDisposable
{
    private static readonly string GoldenFolder = Path.Combine(AppContext.BaseDirectory, "Notifications", "Golden");
    private readonly MailWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>
    /// The guides' example (SPEC.md §8): the day before, Amalia booked APS MATIN on Friday 5 and Tuesday
    /// 9 May and Paolo RESTAURATION on Friday 5 May (transmitted that night); on Thursday 4 May one
    /// validation cancels those three and asks nine APS MATIN mornings for Paolo — who gets Amalia's
    /// freed place of the 9th — and two for Amalia, which go to the waiting list behind him.
    /// </summary>
    private async Task<TransmissionResult> GuidesExampleAsync()
    {
        _world.Clock.Reset(Instant.FromUtc(2023, 5, 3, 16, 0));
        await _world.ValidateAsync([(Amalia, ApsMatin, May(5)), (Amalia, ApsMatin, May(9)), (Paolo, Restauration, May(5))]);
        await _world.Transmission.RunAsync(CarteVille, May(3));

        await _world.ContactAsync("jp.dupont@exemple.fr", "maison.dupont@exemple.fr");
        _world.Clock.Reset(Instant.FromUtc(2023, 5, 4, 18, 0));
        int[] paolo = [9, 10, 11, 12, 15, 16, 17, 18, 19];
        await _world.ValidateAsync(
            [.. paolo.Select(d => (Paolo, ApsMatin, May(d))), (Amalia, ApsMatin, May(15)), (Amalia, ApsMatin, May(16))],
            [(Amalia, ApsMatin, May(5)), (Amalia, ApsMatin, May(9)), (Paolo, Restauration, May(5))]);
        _world.Clock.Reset(Instant.FromUtc(2023, 5, 4, 23, 30));
        return await _world.Transmission.RunAsync(CarteVille, May(4));
    }

    [Fact]
    public async Task R_NTF_1_the_report_of_the_guides_example_is_exactly_the_golden_text()
    {
        Assert.Equal(new TransmissionResult(14, 11, 1), await GuidesExampleAsync());
        Assert.Equal(1, (await _world.DispatchAllAsync()).Sent);

        var report = Assert.Single(_world.Sender.Attempts);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(GoldenFolder, "transmission-report.txt"), Encoding.UTF8), report.Text);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(GoldenFolder, "transmission-report.html"), Encoding.UTF8), report.Html);
    }

    [Fact]
    public async Task R_NTF_1_R_ACC_5_the_report_goes_to_every_address_with_a_stable_message_id()
    {
        await GuidesExampleAsync();
        await _world.DispatchAllAsync();

        var report = Assert.Single(_world.Sender.Attempts);
        Assert.Equal(["jp.dupont@exemple.fr", "maison.dupont@exemple.fr"], report.To);
        Assert.Equal("Compte rendu de vos demandes de réservation", report.Subject);
        var entry = Assert.Single(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery()), e => e.Mail.Kind == MailKind.TransmissionReport);
        Assert.Equal((OutboxState.Sent, entry.Mail.Id), (entry.State, report.Id));
        Assert.Equal($"{entry.Mail.Id:N}@carteville.portail", report.MessageId);
    }

    [Fact]
    public async Task R_NTF_1_R_BSK_5_the_days_requests_become_transmitted()
    {
        await GuidesExampleAsync();

        var bookings = await _world.Bookings.GetFamilyBookingsAsync(CarteVille, Dupont, new DateInterval(May(1), May(31)));
        Assert.Equal(11, bookings.Count);
        Assert.All(bookings, b => Assert.True(b.Transmitted));
    }

    [Fact]
    public async Task R_NTF_1_running_the_transmission_again_changes_nothing_and_sends_nothing_more()
    {
        await GuidesExampleAsync();
        await _world.DispatchAllAsync();

        Assert.Equal(new TransmissionResult(0, 0, 0), await _world.Transmission.RunAsync(CarteVille, May(4)));
        Assert.Equal(0, (await _world.DispatchAllAsync()).Claimed);
        Assert.Single(_world.Sender.Attempts);
    }

    [Fact]
    public async Task R_NTF_1_a_family_without_an_address_gets_no_report_but_its_requests_are_transmitted()
    {
        await _world.ContactAsync();
        await _world.ValidateAsync([(Paolo, Restauration, May(9))]);

        Assert.Equal(new TransmissionResult(1, 1, 0), await _world.Transmission.RunAsync(CarteVille, May(4)));
        Assert.Empty(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery()));
        Assert.True(Assert.Single(await _world.Bookings.GetFamilyBookingsAsync(CarteVille, Dupont, new DateInterval(May(9), May(9)))).Transmitted);
    }

    [Fact]
    public async Task R_NTF_1_one_movement_reads_in_the_singular_and_only_sections_with_lines_are_written()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await _world.ValidateAsync([(new ChildId("martin-child"), ApsMatin, May(9))], family: new FamilyId("martin"));
        for (var i = 0; i < 3; i++)
        {
            await _world.ValidateAsync([(new ChildId($"other-{i}"), ApsMatin, May(9))], family: new FamilyId($"other-{i}"));
        }

        await _world.ValidateAsync([(Paolo, ApsMatin, May(9))]);
        await _world.Transmission.RunAsync(CarteVille, May(4));
        await _world.DispatchAllAsync();

        var text = Assert.Single(_world.Sender.Attempts).Text;
        Assert.Contains("\n\n1 mouvement sur vos demandes de réservations a été reçu, dont :\n- 1 nouvelle demande de réservation\n\n***** RESERVATIONS REFUSEES *****\n--> Activité : APS MATIN :\nDUPONT Paolo : mar. 09/05\n\nVous pouvez", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ACCEPTEES", text, StringComparison.Ordinal);
        Assert.DoesNotContain("annulation", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_NTF_1_the_day_transmitted_ends_at_midnight_in_the_tenants_zone()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        _world.Clock.Reset(Instant.FromUtc(2023, 5, 4, 21, 59)); // 23:59 in Paris
        await _world.ValidateAsync([(Paolo, Restauration, May(11))]);
        _world.Clock.Reset(Instant.FromUtc(2023, 5, 4, 22, 0)); // midnight in Paris: the 5th
        await _world.ValidateAsync([(Paolo, Restauration, May(12))]);

        Assert.Equal(new TransmissionResult(1, 1, 1), await _world.Transmission.RunAsync(CarteVille, May(4)));
        Assert.Equal(new TransmissionResult(1, 1, 1), await _world.Transmission.RunAsync(CarteVille, May(5)));
    }

    [Fact]
    public async Task R_NTF_1_a_family_gets_one_report_per_structure_naming_it()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await _world.ValidateAsync([(Paolo, Restauration, May(11)), (Amalia, new ActivityId("piano"), May(10))]);

        Assert.Equal(new TransmissionResult(2, 2, 2), await _world.Transmission.RunAsync(CarteVille, May(4)));
        await _world.DispatchAllAsync();

        var reports = _world.Sender.Attempts;
        Assert.Equal(2, reports.Count);
        Assert.Contains(reports, m => m.Text.Contains("sur la structure : École de musique.", StringComparison.Ordinal) && m.Text.Contains("--> Activité : Piano :", StringComparison.Ordinal));
        Assert.Contains(reports, m => m.Text.Contains("sur la structure : Mairie de CarteVille.", StringComparison.Ordinal) && m.Text.Contains("--> Activité : RESTAURATION :", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R_NTF_1_texts_are_overridable_for_all_tenants_and_per_tenant()
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portail:MailTexts:All:Website"] = "Consultez vos réservations sur https://famille.carteville.fr.",
            ["Portail:MailTexts:Tenants:carteville:Report.Subject"] = "CarteVille : compte rendu ({structure})",
            ["Portail:MailTexts:Tenants:carteville:NoReply"] = "",
        }));
        await world.ContactAsync("jp.dupont@exemple.fr");
        await world.ValidateAsync([(Paolo, Restauration, May(11))]);
        await world.Transmission.RunAsync(CarteVille, May(4));
        await world.DispatchAllAsync();

        var report = Assert.Single(world.Sender.Attempts);
        Assert.Equal("CarteVille : compte rendu (Mairie de CarteVille)", report.Subject);
        Assert.EndsWith("\n\nConsultez vos réservations sur https://famille.carteville.fr.\n", report.Text, StringComparison.Ordinal);
        Assert.Contains("<title>CarteVille : compte rendu (Mairie de CarteVille)</title>", report.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Portail:MailTexts:All:Report.Sujet", "x", "Portail:MailTexts:All:Report.Sujet: no mail text has this key")]
    [InlineData("Portail:MailTexts:Tenants:carteville:Report.Subject", "Compte rendu {famille}", "Portail:MailTexts:Tenants:carteville:Report.Subject: {famille} is not a placeholder of this text; it may use {structure}.")]
    [InlineData("Portail:MailTexts:Tenants:carteville:Website", "Voir {site", "Portail:MailTexts:Tenants:carteville:Website: a brace does not close a placeholder")]
    [InlineData("Portail:MailTexts:Tenants:cestas:Website", "x", "Portail:MailTexts:Tenants:cestas: no tenant 'cestas' is configured")]
    public void R_NTF_1_bad_texts_are_refused_at_start_up_naming_the_setting(string key, string value, string error)
    {
        using var world = new MailWorld(c => c.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }));

        var failure = Assert.Throws<OptionsValidationException>(() => world.Services.GetRequiredService<IOptions<MailTextOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.StartsWith(error, StringComparison.Ordinal));
    }
}
