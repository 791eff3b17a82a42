using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.Notifications;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// "Courriers envoyés": the outbox of the tenant, newest first, with each mail as the family receives
/// it and where it stands (sent, waiting for a retry with the server's answer, failed); the
/// back-office runs the nightly transmission by hand (R-NTF-1) and writes an information to the
/// families of a structure (R-NTF-2).
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class CourriersModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock,
    IMailOutbox outbox, MailRenderer renderer, NightlyTransmission transmission, InformationMailing information)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>How many mails the page lists.</summary>
    public const int Shown = 200;

    /// <summary>The state asked for (<c>?etat=</c>: attente, envoi, envoye, echec), or all.</summary>
    [BindProperty(SupportsGet = true, Name = "etat")]
    public string? StateParam { get; set; }

    public IReadOnlyList<(OutboxEntry Entry, MailMessage? Message, string? NotRenderable)> Mails { get; private set; } = [];

    [BindProperty]
    public InformationForm Information { get; set; } = new();

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Done { get; private set; }

    public static IReadOnlyList<(string Code, OutboxState State, string Label)> States { get; } =
    [
        ("attente", OutboxState.Pending, "En attente"),
        ("envoi", OutboxState.Sending, "En cours d'envoi"),
        ("envoye", OutboxState.Sent, "Envoyé"),
        ("echec", OutboxState.Failed, "Échec"),
    ];

    public static string Label(OutboxState state) => States.First(s => s.State == state).Label;

    public static string Label(MailKind kind) => kind.Value switch
    {
        "transmission-report" => "Compte rendu de la transmission",
        "waitlist-promoted" => "Liste d'attente : place obtenue",
        "payment-ticket" => "Ticket de paiement",
        "fiche-reviewed" => "Fiche examinée",
        "password-reset" => "Réinitialisation du mot de passe",
        "service-information" => "Information du service",
        _ => kind.Value,
    };

    public string When(Instant instant) =>
        LocalDateTimePattern.CreateWithInvariantCulture("dd/MM/uuuu HH:mm").Format(instant.InZone(Tenant.Zone).LocalDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(StateParam) && States.All(s => s.Code != StateParam))
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Runs the transmission of today's requests now (R-NTF-1); the night transmits what comes after.</summary>
    public async Task<IActionResult> OnPostTransmitAsync(CancellationToken cancellationToken)
    {
        var result = await transmission.RunNowAsync(AgentAccount, cancellationToken);
        Done = result.Movements == 0
            ? "Aucun mouvement à transmettre : tout a déjà été transmis."
            : $"{Count(result.Movements, "mouvement transmis", "mouvements transmis")}, {Count(result.Reports, "compte rendu écrit", "comptes rendus écrits")} aux familles.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>Writes an information to every family of the chosen structure (R-NTF-2).</summary>
    public async Task<IActionResult> OnPostInformAsync(CancellationToken cancellationToken)
    {
        var mailing = new ServiceInformation(
            Information.Id ?? Guid.NewGuid(), new StructureId(Information.Structure ?? ""), Information.Subject ?? "", Information.Text ?? "");
        var written = await information.WriteAsync(AgentAccount, mailing, cancellationToken);
        written.Switch(
            w =>
            {
                Done = w.Families == 0
                    ? "Aucune famille de cette structure n'a d'adresse électronique : aucun courrier écrit."
                    : $"Information écrite pour {Count(w.Families, "famille", "familles")} ; les courriers partent par lots, le dernier à {When(w.LastDueAt)}.";
                Information = new InformationForm { Structure = Information.Structure };
            },
            refused => Problems = refused.Problems);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Information.Structure ??= Structure.Id.Value;
        Information.Id ??= Guid.NewGuid();
        var state = States.Where(s => s.Code == StateParam).Select(s => (OutboxState?)s.State).FirstOrDefault();
        var entries = await outbox.ListAsync(Tenant.Id, new OutboxQuery(state, Limit: Shown), cancellationToken);
        var mails = new List<(OutboxEntry, MailMessage?, string?)>();
        foreach (var entry in entries)
        {
            var rendered = await renderer.RenderAsync(entry.Mail, cancellationToken);
            mails.Add(rendered.Match<(OutboxEntry, MailMessage?, string?)>(m => (entry, m, null), n => (entry, null, n.Reason)));
        }

        Mails = mails;
    }

    private static string Count(int n, string one, string many) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");

    /// <summary>The information form; its id is drawn when the form is shown, so that posting it twice writes it once.</summary>
    public sealed class InformationForm
    {
        public Guid? Id { get; set; }

        public string? Structure { get; set; }

        public string? Subject { get; set; }

        public string? Text { get; set; }
    }
}
