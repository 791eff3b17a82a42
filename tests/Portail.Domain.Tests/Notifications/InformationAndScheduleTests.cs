using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Families;
using Portail.Notifications;
using static Portail.Domain.Tests.Notifications.MailWorld;

namespace Portail.Domain.Tests.Notifications;

/// <summary>The service's information to the families of a structure (R-NTF-2) and the nights of the transmission (R-NTF-1).</summary>
public sealed class InformationAndScheduleTests : IDisposable
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
    private static readonly StructureId Mairie = new("mairie");
    private static readonly StructureId Musique = new("musique");

    private readonly MailWorld _world = new(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Portail:Outbox:InformationPerMinute"] = "2" }));

    private InformationMailing Mailing => _world.Services.GetRequiredService<InformationMailing>();

    private IFamilyDirectory Families => _world.Services.GetRequiredService<IFamilyDirectory>();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task R_NTF_2_an_information_goes_to_the_families_of_its_structure_with_an_address_in_batches_and_once()
    {
        // DUPONT booked the canteen (mairie); MARTIN has a child enrolled in piano (musique); DURAND has no address; four more booked nothing.
        await _world.ContactAsync("jp.dupont@exemple.fr");
        await _world.ValidateAsync([(Paolo, Restauration, May(9))]);
        await Families.SaveChildAsync(CarteVille, new Child(new ChildId("lea"), new FamilyId("martin"), "MARTIN", "Léa", new LocalDate(2015, 1, 1), null, new HashSet<ActivityId> { new("piano") }));
        await Families.SaveContactAsync(CarteVille, new FamilyContact(new FamilyId("martin"), "Mme", "MARTIN", "Élise", ["e.martin@exemple.fr"]));
        await Families.SaveContactAsync(CarteVille, new FamilyContact(new FamilyId("durand"), "M.", "DURAND", "Luc", []));
        await _world.ValidateAsync([(new ChildId("tom"), Restauration, May(9))], family: new FamilyId("durand"));

        Assert.Equal(["dupont"], (await Mailing.AudienceAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), Mairie)).Select(c => c.Family.Value));
        Assert.Equal(["martin"], (await Mailing.AudienceAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), Musique)).Select(c => c.Family.Value));

        var information = new ServiceInformation(Guid.NewGuid(), Mairie, "  Grève du jeudi 11 mai  ", "Service minimum d'accueil.");
        var written = (await Mailing.WriteAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), information)).AsT0;
        Assert.Equal(new InformationWritten(1, _world.Clock.GetCurrentInstant()), written);
        await Mailing.WriteAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), information); // the same information again (a double click) writes nothing more

        var mail = Assert.Single(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery()));
        Assert.Equal((MailKind.ServiceInformation, new FamilyId("dupont")), (mail.Mail.Kind, mail.Mail.Family));
        await _world.DispatchAllAsync();
        var sent = Assert.Single(_world.Sender.Attempts);
        Assert.Equal("Grève du jeudi 11 mai", sent.Subject);
        Assert.Contains("Service minimum d'accueil.", sent.Text);
    }

    [Fact]
    public async Task R_NTF_2_a_large_information_is_due_in_batches_of_the_configured_rate()
    {
        for (var i = 0; i < 5; i++)
        {
            var family = new FamilyId($"famille-{i}");
            await Families.SaveContactAsync(CarteVille, new FamilyContact(family, "Mme", $"NOM{i}", "", [$"f{i}@exemple.fr"]));
            await _world.ValidateAsync([(new ChildId($"enfant-{i}"), Restauration, May(9))], family: family);
        }

        var now = _world.Clock.GetCurrentInstant();
        var written = (await Mailing.WriteAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), new ServiceInformation(Guid.NewGuid(), Mairie, "Sortie", "Texte"))).AsT0;
        Assert.Equal(new InformationWritten(5, now + Duration.FromMinutes(2)), written);

        // Two a minute: two now, two in a minute, the last in two.
        Assert.Equal(2, (await _world.DispatchAllAsync()).Sent);
        _world.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(2, (await _world.DispatchAllAsync()).Sent);
        _world.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, (await _world.DispatchAllAsync()).Sent);
    }

    [Fact]
    public async Task R_NTF_2_a_bad_information_is_refused_naming_every_field_and_writes_nothing()
    {
        await _world.ContactAsync("jp.dupont@exemple.fr");
        var refused = (await Mailing.WriteAsync(Sample.Agent(CarteVille, ("mairie", Portail.Accounts.AgentRole.Manager), ("musique", Portail.Accounts.AgentRole.Manager)), new ServiceInformation(Guid.NewGuid(), new StructureId("piscine"), " ", new string('x', InformationMailing.MaxTextLength + 1)))).AsT1;

        Assert.Equal(
            ["La structure « piscine » n'existe pas : choisissez l'une de celles de la liste.", "Le sujet est obligatoire.", $"Le texte compte {InformationMailing.MaxTextLength + 1} caractères : {InformationMailing.MaxTextLength} au plus."],
            refused.Problems);
        Assert.Empty(await _world.Outbox.ListAsync(CarteVille, new OutboxQuery()));
    }

    [Theory]
    [InlineData("2023-05-04T20:00", "00:30", "2023-05-04T00:30", "2023-05-03")]
    [InlineData("2023-05-04T00:29", "00:30", "2023-05-03T00:30", "2023-05-02")]
    [InlineData("2023-05-04T23:40", "23:30", "2023-05-04T23:30", "2023-05-04")]
    [InlineData("2023-03-26T12:00", "02:30", "2023-03-26T03:30", "2023-03-25")] // the spring change skips 02:30: it runs an hour later
    public void R_NTF_1_the_transmission_runs_at_the_configured_local_time_for_the_day_that_night_closes(string now, string at, string lastNight, string day)
    {
        var time = NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(at).Value;
        var instant = Local(now);

        var night = TransmissionSchedule.LastAtOrBefore(instant, time, Paris);

        Assert.Equal(Local(lastNight), night);
        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value, TransmissionSchedule.DayClosedBy(night, Paris));
        var next = TransmissionSchedule.Next(night, time, Paris);
        Assert.True(next > instant);
        Assert.Equal(night.InZone(Paris).Date.PlusDays(1), next.InZone(Paris).Date);
    }

    private static Instant Local(string text) =>
        NodaTime.Text.LocalDateTimePattern.GeneralIso.Parse(text + ":00").Value.InZoneLeniently(Paris).ToInstant();
}
