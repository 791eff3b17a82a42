using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using OneOf;
using Portail.Catalog;
using Portail.Dossier;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// One fiche of the Dossier Famille (R-DOS-3..12): read-only while transmise or validée, with « Modifier »
/// where the workflow allows it; the form of its kind with « Enregistrer en brouillon » and « Valider et
/// transmettre » (the sworn statement); its documents (R-DOS-6: upload, download, delete); on the contacts
/// fiche, the family's contacts (R-DOS-10). Every change carries the version read, so a stale form is refused
/// with the service's message and shown again as it was entered. The family is the signed-in account's.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class DossierFicheModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, DossierService dossier)
    : DossierPageModel(catalogue, demo, families, clock, dossier)
{
    /// <summary>
    /// The largest request: a document's four files at their largest and a little more, so that a file a
    /// byte too large still reaches the service, which says why it refuses it (R-DOS-6).
    /// </summary>
    public const long UploadLimit = Attachments.MaxFiles * (Attachments.MaxBytes + 100_000L);

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? TypeParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "sujet")]
    public string? SubjectParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? PlaceParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "modifier")]
    public bool EditParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "fait")]
    public string? DoneParam { get; set; }

    /// <summary>The fiche as the service shows it.</summary>
    public FicheView Fiche { get; private set; } = null!;

    /// <summary>The fiche shown.</summary>
    public FicheKey Key => Current ?? throw new InvalidOperationException("No fiche opened.");

    /// <summary>The form's values: the fiche's content, or what the family posted.</summary>
    public DossierFields Fields { get; private set; } = null!;

    /// <summary>The version the form sends back.</summary>
    public long Version { get; private set; }

    /// <summary>Whether the form is open for changes (after « Modifier »).</summary>
    public bool Editing { get; private set; }

    /// <summary>The fields whose value was not read, with the reason.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The service's refusal of the form, as it says it.</summary>
    public string? Problem { get; private set; }

    /// <summary>The refusal of a file, under its document.</summary>
    public (string Document, string Message)? FileProblem { get; private set; }

    /// <summary>The refusal of a change to the contacts.</summary>
    public string? ContactsProblem { get; private set; }

    /// <summary>The family's contacts, on the contacts fiche.</summary>
    public ContactsView? Contacts { get; private set; }

    /// <summary>The insurers (insurance fiche) or doctors (health fiche) to choose from.</summary>
    public IReadOnlyList<ReferenceEntry> References { get; private set; } = [];

    /// <summary>The referential of this fiche, if any.</summary>
    public ReferenceKind? ReferenceKind => Key.Kind switch
    {
        FicheKind.Insurance => Portail.Dossier.ReferenceKind.Insurer,
        FicheKind.Health => Portail.Dossier.ReferenceKind.Doctor,
        _ => null,
    };

    /// <summary>Whether the workflow lets the family change the fiche (R-DOS-3).</summary>
    public bool CanEdit => FicheWorkflow.IsEditable(Fiche.Summary.State);

    /// <summary>The fiche's title: its name and whom it is about.</summary>
    public string Title => FicheNames.Title(Fiche.Summary, Tenant);

    /// <summary>What the last action did, after its redirect.</summary>
    public string? Done => DoneParam switch
    {
        "brouillon" => "La fiche est enregistrée en brouillon. Pensez à la valider et la transmettre quand elle sera complète.",
        "transmise" => "La fiche est transmise au service, qui la validera ou la rejettera ; vous recevrez un courriel. Elle n'est plus modifiable.",
        "piece" => "Le fichier est joint à la fiche.",
        "retrait" => "Le fichier est supprimé.",
        "contact" => "Les contacts de la famille sont enregistrés.",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } error)
        {
            return error;
        }

        Editing = EditParam && CanEdit;
        if (Editing && Key.Kind == FicheKind.InternalRules && Fields["SignedAt"].Length == 0)
        {
            // Signed now, unless the family says otherwise (R-DOS-12).
            Fields["SignedAt"] = DossierFields.Format(Clock.GetCurrentInstant().InZone(Tenant.Zone).LocalDateTime);
        }

        return Page();
    }

    /// <summary>« Enregistrer en brouillon »: no checks (R-DOS-3).</summary>
    public Task<IActionResult> OnPostDraftAsync(long version, CancellationToken cancellationToken) => SaveAsync(version, submit: false, cancellationToken);

    /// <summary>« Valider et transmettre la fiche »: the service checks the mandatory fields, documents and sworn statement (R-DOS-3).</summary>
    public Task<IActionResult> OnPostSubmitAsync(long version, CancellationToken cancellationToken) => SaveAsync(version, submit: true, cancellationToken);

    /// <summary>Attaches the chosen files to a document (R-DOS-6), one after the other; the first refused stops and says why.</summary>
    public async Task<IActionResult> OnPostUploadAsync(string? document, long version, List<IFormFile>? fichiers, CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } error)
        {
            return error;
        }

        Editing = EditParam && CanEdit;
        if (string.IsNullOrEmpty(document) || fichiers is not { Count: > 0 })
        {
            FileProblem = (document ?? string.Empty, "Choisissez un fichier à joindre.");
            return Page();
        }

        var current = version;
        foreach (var file in fichiers)
        {
            var content = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(content, cancellationToken);
            }

            var attached = await Dossier.AttachAsync(FamilyAccount, Family, Key, document, file.FileName, content, current, cancellationToken);
            if (attached.TryPickT1(out var refused, out var view))
            {
                FileProblem = (document, refused.Message);
                return await ReloadAsync(cancellationToken);
            }

            current = view.Summary.Version;
        }

        return Back("piece", "pieces");
    }

    /// <summary>Removes a file (R-DOS-6).</summary>
    public async Task<IActionResult> OnPostDetachAsync(Guid fichier, long version, CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } error)
        {
            return error;
        }

        Editing = EditParam && CanEdit;
        var detached = await Dossier.DetachAsync(FamilyAccount, Family, Key, fichier, version, cancellationToken);
        if (detached.TryPickT1(out var refused, out _))
        {
            FileProblem = (Fiche.Files.FirstOrDefault(f => f.Id == fichier)?.Document ?? string.Empty, refused.Message);
            return Page();
        }

        return Back("retrait", "pieces");
    }

    /// <summary>Downloads an attached file.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid fichier, CancellationToken cancellationToken)
    {
        if (FicheAddress.Parse(TypeParam, SubjectParam, PlaceParam) is not { } key)
        {
            return NotFound();
        }

        var read = await Dossier.ReadAttachmentAsync(FamilyAccount, Family, key, fichier, cancellationToken);
        return read.TryPickT0(out var file, out _) ? File(file.Content.ToArray(), MediaType(file.File.Type), file.File.Name) : NotFound();
    }

    /// <summary>Creates a contact of the family (R-DOS-10).</summary>
    public Task<IActionResult> OnPostAddContactAsync(string? nom, string? prenom, string? telephone, long contactsVersion, CancellationToken cancellationToken) =>
        ChangeContactsAsync(_ => Dossier.AddContactAsync(FamilyAccount, Family, nom ?? string.Empty, prenom ?? string.Empty, telephone?.Trim() ?? string.Empty, contactsVersion, cancellationToken), cancellationToken);

    /// <summary>Changes a contact's phone; the names stay (R-DOS-10).</summary>
    public Task<IActionResult> OnPostContactPhoneAsync(string? contact, string? telephone, long contactsVersion, CancellationToken cancellationToken) =>
        ChangeContactsAsync(
            all => all.FirstOrDefault(c => c.Id == contact) is { } existing
                ? Dossier.UpdateContactAsync(FamilyAccount, Family, existing with { Phone = telephone?.Trim() ?? string.Empty }, contactsVersion, cancellationToken)
                : ValueTask.FromResult<OneOf<ContactsView, DossierRefused>>(new DossierRefused(DossierRefusal.NotFound, "Ce contact n'existe plus : rechargez la page.")),
            cancellationToken);

    /// <summary>Deletes a contact linked to no child (R-DOS-10); otherwise the service names the children.</summary>
    public Task<IActionResult> OnPostDeleteContactAsync(string? contact, long contactsVersion, CancellationToken cancellationToken) =>
        ChangeContactsAsync(_ => Dossier.DeleteContactAsync(FamilyAccount, Family, contact ?? string.Empty, contactsVersion, cancellationToken), cancellationToken);

    /// <summary>Where a form of this page posts: the handler, with the fiche and whether it is being changed.</summary>
    public string? Action(string handler)
    {
        var route = FicheAddress.Route(Key);
        route["modifier"] = Editing ? "true" : null;
        route["structure"] = StructureRoute;
        return Url.Page("/DossierFiche", handler, route);
    }

    /// <summary>The address of an attached file.</summary>
    public string? FileLink(AttachedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var route = FicheAddress.Route(Key);
        route["fichier"] = file.Id.ToString("N");
        return Url.Page("/DossierFiche", "File", route);
    }

    /// <summary>An input of the form: its label and <c>*</c> from the fiche's fields, unless given.</summary>
    public DossierInput Input(string name, string type = "text", string? label = null, string? list = null, IReadOnlyList<(string, string)>? options = null)
    {
        var field = Fiche.Fields.FirstOrDefault(f => f.Name == name);
        return new DossierInput(name, label ?? field?.Label ?? name, label is null && (field?.Mandatory ?? false), Fields[name], Errors.GetValueOrDefault(name), type, list, options);
    }

    /// <summary>A file's size in ko, as the guides count.</summary>
    public static string Size(int bytes) => $"{French.Number((bytes + 1023) / 1024)} ko";

    private static string MediaType(AttachmentType type) => type switch
    {
        AttachmentType.Pdf => "application/pdf",
        AttachmentType.Jpeg => "image/jpeg",
        AttachmentType.Png => "image/png",
        AttachmentType.Gif => "image/gif",
        _ => "image/webp",
    };

    // The fiche named by the query, the file around it, the referential or the contacts it uses. A fiche the family may not see is not found.
    private async Task<IActionResult?> OpenAsync(CancellationToken cancellationToken)
    {
        if (FicheAddress.Parse(TypeParam, SubjectParam, PlaceParam) is not { } key)
        {
            return NotFound();
        }

        Current = key;
        var fiche = await Dossier.FicheAsync(FamilyAccount, Family, key, cancellationToken);
        if (!fiche.TryPickT0(out var view, out _) || !await LoadFileAsync(cancellationToken))
        {
            return NotFound();
        }

        if (ReferenceKind is { } kind && (await Dossier.SearchReferencesAsync(FamilyAccount, kind, string.Empty, DossierStoreChecks.MaxLimit, cancellationToken)).TryPickT0(out var entries, out _))
        {
            References = entries;
        }

        if (key.Kind == FicheKind.Contacts && (await Dossier.ContactsAsync(FamilyAccount, Family, cancellationToken)).TryPickT0(out var contacts, out _))
        {
            Contacts = contacts;
        }

        Show(view);
        return null;
    }

    private void Show(FicheView view)
    {
        Fiche = view;
        Version = view.Summary.Version;
        Fields = DossierFields.From(view.Content, (_, id) => References.FirstOrDefault(r => r.Id == id)?.Name ?? id);
    }

    private async Task<IActionResult> ReloadAsync(CancellationToken cancellationToken)
    {
        if ((await Dossier.FicheAsync(FamilyAccount, Family, Key, cancellationToken)).TryPickT0(out var view, out _))
        {
            Show(view);
        }

        return Page();
    }

    private async Task<IActionResult> SaveAsync(long version, bool submit, CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } error)
        {
            return error;
        }

        Fields = DossierFields.FromForm(Request.Form);
        Editing = true;
        Version = version;
        await ResolveReferenceAsync(cancellationToken);
        var content = Fields.Content(Key.Kind, Children, Fiche.Questions, Contacts?.Contacts.All ?? [], Errors);
        if (Errors.Count > 0)
        {
            Problem = "Certaines valeurs ne sont pas reconnues (voir sous chaque champ) : corrigez-les, rien n'a été enregistré.";
            return Page();
        }

        var saved = submit
            ? await Dossier.SubmitAsync(FamilyAccount, Family, Key, content, Fields.Checked("attestation"), version, cancellationToken)
            : await Dossier.SaveDraftAsync(FamilyAccount, Family, Key, content, version, cancellationToken);
        if (saved.TryPickT0(out _, out var refused))
        {
            return Back(submit ? "transmise" : "brouillon", null);
        }

        // Nothing is lost: the form comes back as entered, with the service's words; after a conflict, on the
        // fiche as it now stands (the version read anew); a fiche locked meanwhile is shown as stored.
        Problem = refused.Message;
        if (refused.Reason == DossierRefusal.Conflict || !CanEdit)
        {
            var posted = Fields;
            await ReloadAsync(cancellationToken);
            Editing = CanEdit;
            Fields = Editing ? posted : Fields;
        }

        return Page();
    }

    // The insurer or doctor typed: one of the list (by name, accents and case ignored), or created when the family asked to add it (R-DOS-8, R-DOS-11).
    private async Task ResolveReferenceAsync(CancellationToken cancellationToken)
    {
        if (ReferenceKind is not { } kind)
        {
            return;
        }

        var field = kind == Portail.Dossier.ReferenceKind.Insurer ? "Insurer" : "Doctor";
        var name = Fields[field];
        if (name.Length == 0)
        {
            return;
        }

        if (References.FirstOrDefault(r => ReferenceEntry.Key(r.Name) == ReferenceEntry.Key(name)) is { } known)
        {
            Fields[field + ".Id"] = known.Id;
            return;
        }

        if (!Fields.Checked(field + ".New"))
        {
            Errors[field] = $"« {name} » n'est pas dans la liste : choisissez un nom proposé, ou cochez la case pour l'ajouter à la liste (avec son adresse et son téléphone).";
            return;
        }

        var created = await Dossier.CreateReferenceAsync(FamilyAccount, kind, name, Fields[field + ".Address"], Fields[field + ".Phone"], cancellationToken);
        if (created.TryPickT0(out var entry, out var refused))
        {
            Fields[field + ".Id"] = entry.Id;
            References = [.. References, entry];
        }
        else
        {
            Errors[field] = refused.Message;
        }
    }

    private async Task<IActionResult> ChangeContactsAsync(Func<IReadOnlyCollection<EmergencyContact>, ValueTask<OneOf<ContactsView, DossierRefused>>> change, CancellationToken cancellationToken)
    {
        if (await OpenAsync(cancellationToken) is { } error)
        {
            return error;
        }

        if (Contacts is not { } contacts)
        {
            return NotFound();
        }

        Editing = EditParam && CanEdit;
        var changed = await change(contacts.Contacts.All);
        if (changed.TryPickT1(out var refused, out _))
        {
            ContactsProblem = refused.Message;
            return Page();
        }

        return Back("contact", "contacts");
    }

    // After a change, the fiche's page again (Post/Redirect/Get), saying what was done.
    private RedirectToPageResult Back(string done, string? anchor)
    {
        var route = FicheAddress.Route(Key);
        route["modifier"] = done != "transmise" && EditParam && CanEdit ? "true" : null;
        route["structure"] = StructureRoute;
        route["fait"] = done;
        return RedirectToPage("/DossierFiche", null, route, anchor);
    }
}
