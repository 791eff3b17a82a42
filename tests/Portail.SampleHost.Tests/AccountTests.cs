using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Portail.Accounts;
using Portail.Dossier;
using Portail.SampleHost.Demo;
using Xunit;

namespace Portail.SampleHost.Tests;

/// <summary>Sessions and separated parents in the signed-in portal (issue 6, R-ACC-5..7).</summary>
public sealed class AccountTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly TenantId Cestas = new("cestas");

    // The account's own file, entered and validated by an agent as a paper file (R-DOS-5): without it, the
    // campaign of the sample municipality being over, the account could not book (R-WIN-6).
    private async Task ValidatedHolderFicheAsync(FamilyId family)
    {
        var at = Instant.FromUtc(2023, 8, 25, 8, 0);
        var key = new FicheKey(FicheKind.Holder);
        var holder = new GuardianFiche("Mme", "LEBLANC", "Sandrine", new LocalDate(1986, 5, 3), new PostalAddress(Number: "3", Street: "Rue du Stade", Postcode: "33610", City: "CESTAS"), MobilePhone: "06 11 11 11 11", Email: "s.leblanc@exemple.fr", Allocataire: Allocataire.Caf, AllocataireNumber: "7654321");
        var agent = new LoginId("agent");
        await portal.Services.GetRequiredService<IDossierStore>().SaveFicheAsync(
            new StoredFiche(Cestas, family, key, FicheState.Validated, 1, holder, [], null, at),
            [
                new FicheTransition(Guid.NewGuid(), Cestas, family, key, at, agent, true, FicheAction.Submit, FicheState.ToFill, FicheState.Submitted, null),
                new FicheTransition(Guid.NewGuid(), Cestas, family, key, at, agent, true, FicheAction.Validate, FicheState.Submitted, FicheState.Validated, null),
            ],
            []);
    }

    [Fact]
    public async Task R_ACC_5_changing_the_password_signs_out_the_accounts_other_sessions_and_keeps_this_one()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new NewFamilyAccount(new LoginId("deux-sessions"), new FamilyId("famille-36-02")));
        using var here = await SignIn.AsAsync(portal, "deux-sessions");
        using var elsewhere = SignIn.NewClient(portal);
        Assert.Equal("/", await SignIn.PostAsync(elsewhere, "/connexion", ("Identifiant", "deux-sessions"), ("MotDePasse", SignIn.Password)));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/reservations")).StatusCode);

        using var changed = await SignIn.PostFormAsync(here, "/profil", "/profil?handler=Password", ("Actuel", SignIn.Password), ("Nouveau", "Autre-Mot-2024"), ("Confirmation", "Autre-Mot-2024"));
        Assert.Contains("Le mot de passe a bien été enregistré", Html.Text(await changed.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var stillHere = await here.GetAsync("/reservations");
        Assert.Equal(HttpStatusCode.OK, stillHere.StatusCode);
        using var signedOut = await elsewhere.GetAsync("/reservations");
        Assert.Equal(HttpStatusCode.Found, signedOut.StatusCode);
        Assert.Contains("/connexion?retour=", signedOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_ACC_7_signing_out_ends_the_session()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(SignIn.SetupAgent, new NewFamilyAccount(new LoginId("sortie"), new FamilyId("famille-36-03")));
        var jar = new CookieContainerHandler();
        using var client = await SignIn.AsAsync(portal, portal.CreateDefaultClient(jar), "sortie");
        var cookie = jar.Container.GetCookieHeader(client.BaseAddress!);
        Assert.Contains("portail.session=", cookie, StringComparison.Ordinal);
        Assert.Equal("/connexion", await SignIn.PostAsync(client, "/deconnexion"));
        using var after = await client.GetAsync("/reservations");
        Assert.Equal(HttpStatusCode.Found, after.StatusCode);

        // A copy of the cookie kept from before the sign-out (a shared computer, a stolen cookie) opens nothing either.
        using var replayed = new HttpRequestMessage(HttpMethod.Get, "/reservations") { Headers = { { "Cookie", cookie } } };
        using var replay = await portal.Client().SendAsync(replayed);
        Assert.Equal(HttpStatusCode.Found, replay.StatusCode);
        Assert.Contains("/connexion", replay.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_ACC_6_the_other_parent_books_the_shared_children_and_sees_none_of_DUPONTs_bookings()
    {
        await portal.Services.GetRequiredService<AccountService>().CreateFamilyAccountAsync(
            SignIn.SetupAgent, new NewFamilyAccount(new LoginId("parent-separe"), new FamilyId("parent-separe"), SharedChildren: [new ChildId("lenny"), new ChildId("leyah")]));
        await ValidatedHolderFicheAsync(new FamilyId("parent-separe"));
        using var parent = await SignIn.AsAsync(portal, "parent-separe");

        // Both children are there to book for; DUPONT's canteen booking of Monday 9 October is not.
        var calendar = await parent.GetStringAsync("/reservations?child=lenny&activity=restauration&month=2023-10");
        Assert.Contains("Leyah", Html.Text(calendar), StringComparison.Ordinal);
        Assert.DoesNotContain("Annuler la réservation du lundi 9 octobre 2023", Html.CellText(calendar, "2023-10-09"), StringComparison.Ordinal);
        const string FollowUp = "/reservations/suivi?du=2023-09-01&au=2023-10-31";
        Assert.Contains("Aucune réservation ne correspond à votre sélection", Html.Text(await parent.GetStringAsync(FollowUp)), StringComparison.Ordinal);
        Assert.DoesNotContain("Aucune réservation ne correspond à votre sélection", Html.Text(await (await portal.FamilyClientAsync()).GetStringAsync(FollowUp)), StringComparison.Ordinal);
        using var dupontsReport = await parent.GetAsync($"/reservations/resultat/{DemoData.SeedSubmission(Cestas, new FamilyId("dupont"))}");
        Assert.Equal(HttpStatusCode.NotFound, dupontsReport.StatusCode);

        // A day DUPONT has not booked is the other parent's to book, on its own account.
        const string Calendar = "/reservations?child=lenny&activity=restauration&month=2023-10";
        using var clicked = await SignIn.PostFormAsync(parent, Calendar, "/reservations?handler=Calendar&child=lenny&activity=restauration&month=2023-10", ("jour", "2023-10-16"));
        Assert.Equal(HttpStatusCode.Found, clicked.StatusCode);
        Assert.Contains("1 demande en attente de validation", await parent.GetStringAsync(Calendar), StringComparison.Ordinal);
    }
}
