using System.Net;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>
/// The mail of the sample host (R-NTF): a validation, the transmission run by hand from the
/// back-office, the family's report on "Courriers envoyés" and in the pickup folder, where the
/// background dispatcher writes it; the information to the families of a structure.
/// </summary>
public sealed class MailTests
{
    private const string Courriers = "/agents/courriers";

    [Fact]
    public async Task R_NTF_1_a_validated_basket_transmitted_by_hand_shows_the_familys_report_on_Courriers_envoyes()
    {
        await using var s = new Session();
        Assert.Contains("Aucun courrier.", Html.Text(await s.GetAsync(Courriers)));
        await s.ClickAsync("lenny", "restauration", "2023-10-16");
        await s.ClickAsync("leyah", "alsh-612-mercredi-journee", "2023-10-18");
        await s.ValidateAsync();

        var done = Html.Text(await s.PostPageAsync(Courriers, $"{Courriers}?handler=Transmit"));
        Assert.Contains("2 mouvements transmis, 1 compte rendu écrit aux familles.", done);

        var page = await s.GetAsync(Courriers);
        var text = Html.Text(page);
        Assert.Contains("Compte rendu de la transmission", text);
        Assert.Contains("À : jp.dupont@exemple.fr ; maison.dupont@exemple.fr", text);
        var report = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<pre class=\"mail-text\">(?<t>[^<]*)</pre>").Groups["t"].Value);
        Assert.StartsWith("M. DUPONT Jean-Paul\n", report, StringComparison.Ordinal);
        Assert.Contains("sur la structure : Régie des services scolaires.\n\n2 mouvements sur vos demandes de réservations ont été reçus, dont :\n- 2 nouvelles demandes de réservation\n\n", report);
        Assert.Contains("***** RESERVATIONS MISES EN LISTE D'ATTENTE *****\n--> Activité : ALSH 6-12 Mercredi Journée :\nDUPONT Leyah : mer. 18/10\n", report);
        Assert.Contains("***** RESERVATIONS ACCEPTEES *****\n--> Activité : Restauration scolaire :\nDUPONT Lenny : lun. 16/10\n", report);
        Assert.DoesNotContain("REFUSEES", report);

        // The follow-up now says the requests were transmitted.
        var followUp = Html.Text(await s.GetAsync("/reservations/suivi"));
        Assert.Contains("Lu 16/10/2023 Restauration scolaire DUPONT Lenny 11:30 13:30 3,50 € Acceptée", followUp);
        Assert.DoesNotContain("Acceptée, non transmise", followUp);

        // The dispatcher, running in the background, hands it to the mail server (here the pickup folder) once.
        var eml = await File.ReadAllTextAsync(Assert.Single(await Mailbox.WaitAsync(s.MailFolder, 1)));
        Assert.Contains("To: jp.dupont@exemple.fr, maison.dupont@exemple.fr", eml);
        Assert.Contains("Content-Type: multipart/alternative", eml);
        Assert.Contains("Envoyé", Html.Text(await s.GetAsync($"{Courriers}?etat=envoye")));

        // A second transmission finds nothing, and writes nothing more.
        Assert.Contains("Aucun mouvement à transmettre : tout a déjà été transmis.", Html.Text(await s.PostPageAsync(Courriers, $"{Courriers}?handler=Transmit")));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(Html.Text(await s.GetAsync(Courriers)), "Compte rendu de la transmission"));
    }

    [Fact]
    public async Task R_NTF_2_an_information_is_written_once_for_every_family_of_the_structure_and_a_bad_one_says_why()
    {
        await using var s = new Session();
        var refused = Html.Text(await s.PostPageAsync(Courriers, $"{Courriers}?handler=Inform", ("Information.Structure", "scolaire"), ("Information.Subject", " "), ("Information.Text", "")));
        Assert.Contains("L'information n'est pas envoyée : Le sujet est obligatoire. Le texte est obligatoire.", refused);
        Assert.Contains("Aucun courrier.", refused);

        var id = Guid.NewGuid().ToString();
        (string, string)[] fields = [("Information.Id", id), ("Information.Structure", "scolaire"), ("Information.Subject", "Grève du jeudi 12 octobre"), ("Information.Text", "Service minimum d'accueil à l'école du Parc.\n\nLa restauration est assurée.")];
        var written = Html.Text(await s.PostPageAsync(Courriers, $"{Courriers}?handler=Inform", fields));
        Assert.Matches("Information écrite pour [0-9]+ familles ; les courriers partent par lots", written);

        // Posted again (a double click): the same information, written once.
        await s.PostPageAsync(Courriers, $"{Courriers}?handler=Inform", fields);
        var listed = Html.Text(await s.GetAsync(Courriers));
        var families = System.Text.RegularExpressions.Regex.Count(listed, "Information du service");
        Assert.Equal(57, families); // DUPONT and the 56 demo families with bookings of the school structure, each once.
        Assert.Contains("Grève du jeudi 12 octobre", listed);
    }

    [Theory]
    [InlineData("Mail:Provider", "Fax", "Mail:Provider is 'Fax': write Pickup")]
    [InlineData("Portail:Transmission:At", "25:00", "Portail:Transmission:At is '25:00': write the local time of the transmission as HH:mm")]
    [InlineData("Portail:Outbox:InformationPerMinute", "0", "Portail:Outbox:InformationPerMinute is 0: from 1 to 100000.")]
    public void A_wrong_mail_setting_fails_at_start_up_naming_it(string setting, string value, string message)
    {
        using var factory = new PortalFactory();
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting(setting, value));

        var error = Record.Exception(() => broken.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(message, error.Message);
    }
}
