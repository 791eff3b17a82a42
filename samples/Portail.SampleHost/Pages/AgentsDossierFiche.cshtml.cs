using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using OneOf;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The agent's review of one fiche (issue 9, item 7; R-DOS-4): its content read-only with the fiche's
/// French labels, its attached files to download (a health fiche and its PAI documents only with the
/// health right: the service decides and logs the read), its history (who, when, from, to, why), and
/// Valider, Rejeter (a reason required) and Demander une mise à jour, each sent with the version read,
/// so that a fiche changed meanwhile is refused with a clear message; after an action, back to the queue.
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class AgentsDossierFicheModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, DossierService dossier, DossierSettings settings, IDossierStore store)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "famille")]
    public string? FamilyParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "fiche")]
    public string? FicheParam { get; set; }

    /// <summary>The agent's reason, kept when the action is refused.</summary>
    [BindProperty(Name = "motif")]
    public string? Reason { get; set; }

    public FicheView View { get; private set; } = null!;

    /// <summary>The family as the agent reads it: the holder's name and the family's code.</summary>
    public string Household { get; private set; } = "";

    /// <summary>The fiche's content, one row per field of its kind.</summary>
    public IReadOnlyList<(FicheField Field, IReadOnlyList<string> Values)> Rows { get; private set; } = [];

    /// <summary>The fiche's recorded changes, oldest first.</summary>
    public IReadOnlyList<FicheTransition> History { get; private set; } = [];

    /// <summary>Why the last action was refused.</summary>
    public string? Problem { get; private set; }

    public string When(Instant at) => DossierReview.When(at, Tenant.Zone);

    public string? FileLink(AttachedFile file) =>
        Url.Page("/AgentsDossierFiche", "Piece", new { structure = StructureParam, famille = FamilyParam, fiche = FicheParam, piece = file.Id.ToString("N") });

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Key() is { } key ? await ShowAsync(key, cancellationToken) : NotFound();

    /// <summary>Downloads an attached file (R-DOS-6); the service checks the right and logs a health document's read.</summary>
    public async Task<IActionResult> OnGetPieceAsync(Guid piece, CancellationToken cancellationToken)
    {
        if (Key() is not { } key)
        {
            return NotFound();
        }

        var read = await dossier.ReadAttachmentAsync(AgentAccount, new FamilyId(FamilyParam!), key, piece, cancellationToken);
        return read.TryPickT0(out var file, out var refused)
            ? File(file.Content.ToArray(), ContentType(file.File.Type), file.File.Name)
            : (IActionResult)Refusal(refused);
    }

    public Task<IActionResult> OnPostValiderAsync(long version, CancellationToken cancellationToken) =>
        ActAsync("validee", (family, key) => dossier.ValidateAsync(AgentAccount, family, key, version, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRejeterAsync(long version, CancellationToken cancellationToken) =>
        ActAsync("rejetee", (family, key) => dossier.RejectAsync(AgentAccount, family, key, Reason ?? "", version, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostMettreAJourAsync(long version, CancellationToken cancellationToken) =>
        ActAsync("mise-a-jour", (family, key) => dossier.RequireUpdateAsync(AgentAccount, family, key, string.IsNullOrWhiteSpace(Reason) ? null : Reason, version, cancellationToken), cancellationToken);

    // Back to the queue with the confirmation; a refusal is shown on the fiche as it now stands.
    private async Task<IActionResult> ActAsync(string done, Func<FamilyId, FicheKey, ValueTask<OneOf<FicheView, DossierRefused>>> act, CancellationToken cancellationToken)
    {
        if (Key() is not { } key)
        {
            return NotFound();
        }

        var result = await act(new FamilyId(FamilyParam!), key);
        if (result.TryPickT1(out var refused, out _))
        {
            if (refused.Reason is DossierRefusal.Denied or DossierRefusal.NotFound)
            {
                return Refusal(refused);
            }

            Problem = refused.Message;
            return await ShowAsync(key, cancellationToken);
        }

        return RedirectToPage("/AgentsDossiers", new { structure = StructureParam, fait = done });
    }

    private async Task<IActionResult> ShowAsync(FicheKey key, CancellationToken cancellationToken)
    {
        var family = new FamilyId(FamilyParam!);
        var opened = await dossier.FicheAsync(AgentAccount, family, key, cancellationToken);
        if (opened.TryPickT1(out var refused, out var view))
        {
            return Refusal(refused);
        }

        View = view;
        History = [.. (await dossier.HistoryAsync(AgentAccount, family, cancellationToken)).Match(h => h, r => throw new AccessDeniedException(r.Message)).Where(t => t.Key == key)];
        Household = await DossierReview.HouseholdAsync(Directory, Tenant.Id, family, cancellationToken);
        Rows = await RowsAsync(family, view, cancellationToken);
        return Page();
    }

    private FicheKey? Key() => string.IsNullOrEmpty(FamilyParam) ? null : DossierReview.Parse(FicheParam);

    // 403 for a fiche the agent may not see or change (health without the right, a structure not granted, a reader acting), 404 for one that does not exist; a read is refused for nothing else.
    private NotFoundResult Refusal(DossierRefused refused) => refused.Reason switch
    {
        DossierRefusal.Denied => throw new AccessDeniedException(refused.Message),
        DossierRefusal.NotFound => NotFound(),
        _ => throw new InvalidOperationException($"A read was refused: {refused.Message}"),
    };

    private static string ContentType(AttachmentType type) => type switch
    {
        AttachmentType.Pdf => "application/pdf",
        AttachmentType.Jpeg => "image/jpeg",
        AttachmentType.Png => "image/png",
        AttachmentType.Gif => "image/gif",
        _ => "image/webp",
    };

    // Each field's value from the content (a field's name is its property path, "Address.Street"), as the agent reads it.
    private async Task<IReadOnlyList<(FicheField, IReadOnlyList<string>)>> RowsAsync(FamilyId family, FicheView view, CancellationToken cancellationToken)
    {
        var children = await Directory.GetChildrenAsync(Tenant.Id, family, cancellationToken);
        var contacts = view.Content is ContactsFiche
            ? (await dossier.ContactsAsync(AgentAccount, family, cancellationToken)).Match(c => c.Contacts.All, r => throw new AccessDeniedException(r.Message))
            : [];
        var rows = new List<(FicheField, IReadOnlyList<string>)>();
        foreach (var field in view.Fields)
        {
            var value = field.Name.Split('.').Aggregate((object?)view.Content, (o, name) => o?.GetType().GetProperty(name)?.GetValue(o));
            IReadOnlyList<string> shown = value switch
            {
                _ when view.Content is AuthorisationsFiche answers => [.. view.Questions.Select(q => $"{(answers.Answer(q.Id) ? "Oui" : "Non")} : {q.Question}")],
                string id when field.Name is "Insurer" or "Doctor" && id.Length > 0 => [await ReferenceAsync(field.Name == "Insurer" ? ReferenceKind.Insurer : ReferenceKind.Doctor, id, cancellationToken)],
                IEnumerable<AttachedChild> attached => [.. attached.Select(a =>
                    $"{children.FirstOrDefault(c => c.Id == a.Child)?.FirstName ?? a.Child.Value} : {a.Relationship}, {a.ParentsSituation} ; contact d'urgence : {YesNo(a.EmergencyContact)} ; "
                    + $"résidence : {YesNo(a.Residence)} ; autorité parentale : {YesNo(a.ParentalAuthority)} ; affiliation CAF : {YesNo(a.CafAffiliation)}")],
                IEnumerable<ContactLinkEntry> links => [.. links.Select(l => contacts.FirstOrDefault(c => c.Id == l.Contact) is { } c
                    ? $"{c.LastName} {c.FirstName} ({c.Phone}) : {l.Relationship} ; peut venir chercher l'enfant : {YesNo(l.MayCollect)} ; appel d'urgence : {YesNo(l.EmergencyCall)}"
                    : $"Contact supprimé : {l.Relationship}")],
                IEnumerable<Vaccination> vaccinations => [.. vaccinations.Select(v => v.LastDate is { } d ? $"{v.Vaccine} : dernière injection le {French.LongDate(d)}" : v.Vaccine)],
                _ => [Text(value)],
            };
            rows.Add((field, [.. shown.Where(s => s.Length > 0)]));
        }

        return rows;
    }

    private async Task<string> ReferenceAsync(ReferenceKind kind, string id, CancellationToken cancellationToken)
    {
        var rules = settings[Tenant.Id];
        return (kind == ReferenceKind.Insurer ? rules.Insurers : rules.Doctors).FirstOrDefault(n => ReferenceEntry.ServiceId(n) == id)
            ?? (await store.GetReferenceAsync(Tenant.Id, kind, id, cancellationToken))?.Name
            ?? id;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => YesNo(b),
        LocalDate d => French.LongDate(d),
        LocalDateTime t => $"{French.LongDate(t.Date)} à {French.Time(t.TimeOfDay)}",
        decimal m => French.Euros(m),
        Allocataire.None => "",
        Allocataire.Caf => "CAF",
        Allocataire.Msa => "MSA",
        Allocataire.Other => "Autre",
        PaiNeed.None => "Non",
        PaiNeed.ToSetUp => "À mettre en place",
        PaiNeed.ToRenew => "À reconduire",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable => "",
        _ => value.ToString() ?? "",
    };

    private static string YesNo(bool yes) => yes ? "oui" : "non";
}
