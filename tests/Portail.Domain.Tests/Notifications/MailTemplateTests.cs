using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Notifications;
using static Portail.Domain.Tests.Notifications.MailWorld;

namespace Portail.Domain.Tests.Notifications;

/// <summary>The mails of R-NTF-2 other than the report and the promotion, rendered from the outbox as the dispatcher renders them.</summary>
public sealed class MailTemplateTests : IDisposable
{
    private const string NoReply = "Ne pas utiliser ces mails automatiques pour nous adresser un message : ils ne nous parviendront pas.\n";
    private readonly MailWorld _world = new();

    public void Dispose() => _world.Dispose();

    private async Task<MailMessage> RenderAsync(OutboxMail mail)
    {
        await _world.ContactAsync("jp.dupont@exemple.fr", "maison.dupont@exemple.fr");
        return (await _world.Services.GetRequiredService<MailRenderer>().RenderAsync(mail)).AsT0;
    }

    [Fact]
    public async Task R_PAY_4_R_ACC_5_the_payment_ticket_goes_to_the_first_address_only()
    {
        var ticket = new PaymentTicket("123456", May(4), [new PaymentTicketLine(new WalletTypeId("scolaire"), 118.04m), new PaymentTicketLine(new WalletTypeId("musique"), 20m)]);

        var mail = await RenderAsync(OutboxMails.PaymentTicket(CarteVille, Dupont, ticket, _world.Clock.GetCurrentInstant()));

        Assert.Equal(["jp.dupont@exemple.fr"], mail.To);
        Assert.Equal("Ticket de paiement n° 123456", mail.Subject);
        Assert.Equal(
            "M. DUPONT Jean-Paul\n\n"
            + "Nous avons bien reçu votre paiement par carte bancaire de 138,04 € le jeudi 4 mai 2023 (n° de pièce 123456). Il a été porté au crédit de :\n"
            + "- Services Scolaires et ALSH : 118,04 €\n"
            + "- École de musique : 20,00 €\n\n"
            + NoReply,
            mail.Text);
        Assert.Contains("<li>Services Scolaires et ALSH : 118,04 €</li>", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_DOS_4_a_rejected_fiche_is_told_with_the_reason_to_every_address()
    {
        var review = new FicheReview(Guid.NewGuid(), "Assurance scolaire et extra-scolaire", "DUPONT Paolo", false, "L'attestation est celle de l'an dernier.");

        var mail = await RenderAsync(OutboxMails.FicheReviewed(CarteVille, Dupont, review, _world.Clock.GetCurrentInstant()));

        Assert.Equal(2, mail.To.Count);
        Assert.Equal("Fiche à corriger : Assurance scolaire et extra-scolaire — DUPONT Paolo", mail.Subject);
        Assert.Equal(
            "M. DUPONT Jean-Paul\n\n"
            + "La fiche « Assurance scolaire et extra-scolaire — DUPONT Paolo » de votre dossier famille a été rejetée par le service pour le motif suivant : L'attestation est celle de l'an dernier.\n\n"
            + "Vous pouvez la corriger et la transmettre à nouveau sur notre site Internet.\n\n"
            + NoReply,
            mail.Text);
    }

    [Fact]
    public async Task R_DOS_4_a_validated_fiche_is_told()
    {
        var mail = await RenderAsync(OutboxMails.FicheReviewed(CarteVille, Dupont, new FicheReview(Guid.NewGuid(), "Santé", "DUPONT Amalia", true, null), _world.Clock.GetCurrentInstant()));

        Assert.Equal("Fiche validée : Santé — DUPONT Amalia", mail.Subject);
        Assert.Contains("La fiche « Santé — DUPONT Amalia » de votre dossier famille a été validée par le service.\n", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("corriger", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_ACC_4_the_reset_link_says_until_when_it_works_in_the_tenants_time()
    {
        var reset = new PasswordResetLink(Guid.NewGuid(), new Uri("https://famille.carteville.fr/reinitialiser?jeton=abc&x=1"), Instant.FromUtc(2023, 5, 4, 19, 30));

        var mail = await RenderAsync(OutboxMails.PasswordReset(CarteVille, Dupont, reset, _world.Clock.GetCurrentInstant()));

        Assert.Equal("Réinitialisation de votre mot de passe", mail.Subject);
        Assert.Contains("ouvrez le lien ci-dessous avant le jeudi 4 mai 2023 à 21:30 :\n\nhttps://famille.carteville.fr/reinitialiser?jeton=abc&x=1\n\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://famille.carteville.fr/reinitialiser?jeton=abc&amp;x=1\">", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_NTF_2_information_from_the_service_keeps_its_paragraphs_and_says_replies_are_not_read()
    {
        var information = new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "Grève du jeudi 11 mai", "Le service de restauration ne sera pas assuré.\r\n\r\nL'accueil du matin est maintenu <de 7 h à 8 h 30>.");

        var mail = await RenderAsync(OutboxMails.ServiceInformation(CarteVille, Dupont, information, _world.Clock.GetCurrentInstant()));

        Assert.Equal("Grève du jeudi 11 mai", mail.Subject);
        Assert.Equal("M. DUPONT Jean-Paul\n\nLe service de restauration ne sera pas assuré.\n\nL'accueil du matin est maintenu <de 7 h à 8 h 30>.\n\n" + NoReply, mail.Text);
        Assert.Contains("<p>L'accueil du matin est maintenu &lt;de 7 h à 8 h 30&gt;.</p>", mail.Html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mail_of_an_unknown_kind_or_an_unreadable_payload_cannot_be_rendered()
    {
        var mail = OutboxMails.ServiceInformation(CarteVille, Dupont, new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "s", "t"), _world.Clock.GetCurrentInstant());
        await _world.ContactAsync("jp.dupont@exemple.fr");
        var renderer = _world.Services.GetRequiredService<MailRenderer>();

        Assert.Contains("no template renders the kind 'sms'", (await renderer.RenderAsync(mail with { Kind = new MailKind("sms") })).AsT1.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"The payment-ticket mail {mail.Id} cannot be rendered:", (await renderer.RenderAsync(mail with { Kind = MailKind.PaymentTicket, Payload = "{\"reference\":\"1\",\"paidOn\":\"4 mai\",\"lines\":[]}" })).AsT1.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Tenant 'ailleurs' is not configured", (await renderer.RenderAsync(mail with { Tenant = new TenantId("ailleurs") })).AsT1.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_of_a_mail_comes_from_its_cause()
    {
        var information = new ServiceInformation(Guid.NewGuid(), new StructureId("mairie"), "s", "t");
        var at = _world.Clock.GetCurrentInstant();

        Assert.Equal(OutboxMails.ServiceInformation(CarteVille, Dupont, information, at).Id, OutboxMails.ServiceInformation(CarteVille, Dupont, information, at + Duration.FromHours(1)).Id);
        Assert.NotEqual(OutboxMails.ServiceInformation(CarteVille, Dupont, information, at).Id, OutboxMails.ServiceInformation(CarteVille, new FamilyId("martin"), information, at).Id);
        Assert.NotEqual(OutboxMails.ServiceInformation(CarteVille, Dupont, information, at).Id, OutboxMails.ServiceInformation(new TenantId("cestas"), Dupont, information, at).Id);
        Assert.Equal(8, OutboxMail.DeriveId(CarteVille, MailKind.PaymentTicket, "1").Version);
    }
}
