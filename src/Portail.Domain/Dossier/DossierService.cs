using NodaTime;
using OneOf;
using Portail.Accounts;
using Portail.Catalog;
using Portail.Families;
using Portail.Notifications;

namespace Portail.Dossier;

/// <summary>Why a dossier request was refused.</summary>
public enum DossierRefusal
{
    /// <summary>The actor may not see or change this (R-ACC-7).</summary>
    Denied,

    /// <summary>No such fiche, file, contact, document or entry.</summary>
    NotFound,

    /// <summary>Someone else changed it since it was read: read it again, then retry.</summary>
    Conflict,

    /// <summary>The rules refuse it (workflow, missing fields, attachment limits, contact rules).</summary>
    Refused,
}

/// <summary>A refused dossier request, with the reason in French (what is wrong and how to fix it).</summary>
/// <param name="Reason">The kind of refusal.</param>
/// <param name="Message">What to tell the person.</param>
public sealed record DossierRefused(DossierRefusal Reason, string Message);

/// <summary>A fiche in a list: where it stands, whom it is about, why it was rejected.</summary>
/// <param name="Family">The family whose file it belongs to.</param>
/// <param name="Key">Which fiche.</param>
/// <param name="Name">Its name ("Fiche santé").</param>
/// <param name="Person">Whom it is about ("DUPONT Lenny"), or <see langword="null"/> for the holder.</param>
/// <param name="State">Its state.</param>
/// <param name="Required">Whether the booking gate needs it validated.</param>
/// <param name="Reason">The agent's reason, while rejected or asked to update.</param>
/// <param name="Version">The version to send back with a change (0: never saved).</param>
/// <param name="StateSince">When it entered its state, or <see langword="null"/> when never saved.</param>
public sealed record FicheSummary(FamilyId Family, FicheKey Key, string Name, string? Person, FicheState State, bool Required, string? Reason, long Version, Instant? StateSince);

/// <summary>The family file (R-DOS-2): its fiches, the count in each state, and whether it is validated.</summary>
/// <param name="Family">The family.</param>
/// <param name="Fiches">The fiches, holder first, then other guardians, then each child's.</param>
/// <param name="Counts">How many fiches are in each state (every state listed).</param>
/// <param name="IsValidated">Whether every required fiche is validated.</param>
public sealed record FileView(FamilyId Family, IReadOnlyList<FicheSummary> Fiches, IReadOnlyDictionary<FicheState, int> Counts, bool IsValidated);

/// <summary>One fiche to show or edit: its fields (mandatory ones marked), content, files, what it still lacks.</summary>
/// <param name="Summary">Where it stands.</param>
/// <param name="Content">Its content (an empty one when never saved; authorisations answered yes).</param>
/// <param name="Files">The attached files.</param>
/// <param name="Documents">The documents asked with this kind.</param>
/// <param name="Fields">The fields, mandatory ones marked.</param>
/// <param name="Missing">What it lacks to be submitted, in French (the sworn statement aside).</param>
/// <param name="Questions">The authorisation questions (authorisations fiche), else empty.</param>
/// <param name="Text">The internal rules' text (internal rules fiche), else <see langword="null"/>.</param>
/// <param name="SwornStatement">The box to tick to submit.</param>
public sealed record FicheView(
    FicheSummary Summary, FicheContent Content, IReadOnlyList<AttachedFile> Files, IReadOnlyList<RequiredDocument> Documents, IReadOnlyList<FicheField> Fields,
    IReadOnlyList<string> Missing, IReadOnlyList<AuthorisationQuestion> Questions, string? Text, string SwornStatement);

/// <summary>The family's contacts with their links to the children (R-DOS-10), and the version to send back with a change.</summary>
/// <param name="Contacts">The contacts and links.</param>
/// <param name="Version">The version of the contact list.</param>
public sealed record ContactsView(EmergencyContacts Contacts, long Version);

/// <summary>An attached file and its content.</summary>
/// <param name="File">The metadata.</param>
/// <param name="Content">The bytes.</param>
public sealed record AttachmentContent(AttachedFile File, ReadOnlyMemory<byte> Content);

/// <summary>
/// The family file's use cases (R-DOS-1..12): every method takes the acting <see cref="Actor"/> first
/// and asks <see cref="AccessControl.FicheAsync"/> before reading or changing anything — a family its
/// own file and its own or shared children's fiches; an agent the structures granted (a structure's
/// internal rules need that structure), the health fiche and its documents only with
/// <see cref="AgentRole.Health"/> (each such read logged). Every change goes through
/// <see cref="FicheWorkflow"/>, is recorded as a <see cref="FicheTransition"/>, and is written only from
/// the version read: of two concurrent changes one wins and the other is refused with
/// <see cref="DossierRefusal.Conflict"/>. A validation or rejection writes the family's mail to the outbox
/// in the same transaction (R-DOS-4).
/// </summary>
public sealed class DossierService
{
    private const string Stale = "La fiche a été modifiée entre-temps (par le service ou depuis un autre écran) : rechargez-la pour voir son état, puis recommencez.";

    private readonly Catalogue _catalogue;
    private readonly DossierSettings _settings;
    private readonly IClock _clock;
    private readonly IDossierStore _store;
    private readonly IFamilyDirectory _families;
    private readonly IAttachmentFiles _files;
    private readonly AccessControl _access;

    /// <summary>Creates the use cases over their ports.</summary>
    public DossierService(Catalogue catalogue, DossierSettings settings, IClock clock, IDossierStore store, IFamilyDirectory families, IAttachmentFiles files, AccessControl access)
    {
        _catalogue = catalogue ?? throw new ArgumentNullException(nameof(catalogue));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _families = families ?? throw new ArgumentNullException(nameof(families));
        _files = files ?? throw new ArgumentNullException(nameof(files));
        _access = access ?? throw new ArgumentNullException(nameof(access));
    }

    /// <summary>
    /// The family's file: every fiche with its state and rejection reason, the counts per state, the gate
    /// (R-DOS-2). An agent sees no internal rules fiche of a structure not granted (the health fiche's state
    /// is listed, its content needs the health right). A separated parent reads a shared child's fiches
    /// from the other family's file (<see cref="FicheAsync"/> with that family).
    /// </summary>
    public async ValueTask<OneOf<FileView, DossierRefused>> FileAsync(Actor actor, FamilyId family, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var decision = await _access.FicheAsync(actor, actor.Tenant, family, null, null, AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return Denied(decision);
        }

        var (tenant, rules) = (_catalogue[actor.Tenant], _settings[actor.Tenant]);
        var children = await _families.GetChildrenAsync(tenant.Id, family, cancellationToken).ConfigureAwait(false);
        var stored = await _store.ListFichesAsync(tenant.Id, family, cancellationToken).ConfigureAwait(false);
        var file = FileLayout.Summarise(tenant, rules, children, stored);
        var byKey = stored.ToDictionary(f => f.Key);
        var fiches = file.Fiches
            .Where(f => actor is not AgentActor agent || f.Key.Structure.Length == 0 || agent.Holds(new StructureId(f.Key.Structure), AgentRole.Reader))
            .Select(f => Summary(rules, family, f.Key, byKey.GetValueOrDefault(f.Key), children))
            .ToList();
        return new FileView(family, fiches, file.Counts, file.IsValidated);
    }

    /// <summary>One fiche, to show or edit; an agent's read of a health fiche is logged (R-DOS-11).</summary>
    public async ValueTask<OneOf<FicheView, DossierRefused>> FicheAsync(Actor actor, FamilyId family, FicheKey key, CancellationToken cancellationToken = default)
    {
        var opened = await OpenAsync(actor, family, key, AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        await LogHealthReadAsync(actor, fiche, "fiche", cancellationToken).ConfigureAwait(false);
        return await ViewAsync(fiche, fiche.Stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Enregistrer en brouillon" (R-DOS-3): saves without checks; an agent doing it acts on the family's behalf.</summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> SaveDraftAsync(Actor actor, FamilyId family, FicheKey key, FicheContent content, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, family, key, [FicheAction.SaveDraft], content, swornStatement: false, reason: null, expectedVersion, paper: false, cancellationToken);

    /// <summary>
    /// "Valider et transmettre la fiche" (R-DOS-3): needs every mandatory field, the required documents and
    /// the sworn statement (<paramref name="swornStatement"/>); the fiche is then locked for the family.
    /// </summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> SubmitAsync(Actor actor, FamilyId family, FicheKey key, FicheContent content, bool swornStatement, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, family, key, [FicheAction.Submit], content, swornStatement, reason: null, expectedVersion, paper: false, cancellationToken);

    /// <summary>The agent validates a submitted fiche (R-DOS-4); the family's mail is written with it.</summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> ValidateAsync(Actor actor, FamilyId family, FicheKey key, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, family, key, [FicheAction.Validate], content: null, swornStatement: false, reason: null, expectedVersion, paper: false, cancellationToken);

    /// <summary>The agent rejects a submitted fiche with a reason (R-DOS-4); the family's mail is written with it.</summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> RejectAsync(Actor actor, FamilyId family, FicheKey key, string reason, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, family, key, [FicheAction.Reject], content: null, swornStatement: false, reason, expectedVersion, paper: false, cancellationToken);

    /// <summary>The agent asks for a submitted, rejected or validated fiche to be submitted again (à mettre à jour).</summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> RequireUpdateAsync(Actor actor, FamilyId family, FicheKey key, string? reason, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, family, key, [FicheAction.RequireUpdate], content: null, swornStatement: false, reason, expectedVersion, paper: false, cancellationToken);

    /// <summary>
    /// An agent enters a fiche from the family's paper file and validates it (R-DOS-5): submitted on the
    /// family's behalf (the paper carries the signature and the documents), then validated — two recorded
    /// transitions, one write, the family's mail with it. The mandatory fields are still required.
    /// </summary>
    public ValueTask<OneOf<FicheView, DossierRefused>> EnterPaperFicheAsync(Actor actor, FamilyId family, FicheKey key, FicheContent content, long expectedVersion, CancellationToken cancellationToken = default) =>
        actor is AgentActor
            ? ChangeAsync(actor, family, key, [FicheAction.Submit, FicheAction.Validate], content, swornStatement: true, reason: null, expectedVersion, paper: true, cancellationToken)
            : ValueTask.FromResult<OneOf<FicheView, DossierRefused>>(new DossierRefused(DossierRefusal.Denied, "Seul un agent du service saisit un dossier papier."));

    /// <summary>
    /// Opens the yearly campaign (R-DOS-5): every submitted, rejected or validated fiche of every family goes
    /// to à mettre à jour. Needs a manager of every structure. Answers how many fiches moved (a fiche changed
    /// meanwhile is left as it is).
    /// </summary>
    public async ValueTask<OneOf<int, DossierRefused>> OpenCampaignAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tenant = _catalogue[actor.Tenant];
        if (actor is not AgentActor agent || !tenant.Structures.All(s => agent.Holds(s.Id, AgentRole.Manager)))
        {
            return new DossierRefused(DossierRefusal.Denied, "Seul un responsable de toutes les structures ouvre la campagne de mise à jour des dossiers.");
        }

        var today = _clock.GetCurrentInstant().InZone(tenant.Zone).Date;
        var reason = $"Campagne de mise à jour {today.Year} : vérifiez la fiche, puis transmettez-la de nouveau, même si rien n'a changé.";
        var moved = 0;
        foreach (var state in new[] { FicheState.Submitted, FicheState.Rejected, FicheState.Validated })
        {
            moved += await RequireUpdateAllAsync(agent, state, null, _ => reason, cancellationToken).ConfigureAwait(false);
        }

        return moved;
    }

    /// <summary>
    /// Sends back to à mettre à jour every validated insurance fiche whose expiry date has passed in the
    /// tenant's zone (R-DOS-8). For the host to run daily, with an agent (clerk) account; answers how many moved.
    /// </summary>
    public async ValueTask<OneOf<int, DossierRefused>> ExpireInsurancesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not AgentActor agent || !agent.Grants.Values.Any(r => r >= AgentRole.Clerk))
        {
            return new DossierRefused(DossierRefusal.Denied, "Seul un agent du service fait expirer les assurances.");
        }

        var today = _clock.GetCurrentInstant().InZone(_catalogue[actor.Tenant].Zone).Date;
        return await RequireUpdateAllAsync(
            agent,
            FicheState.Validated,
            f => f.Content is InsuranceFiche { Expiry: { } expiry } && expiry < today,
            f => $"L'assurance a expiré le {French.LongDate(((InsuranceFiche)f.Content!).Expiry!.Value)} : indiquez le nouveau contrat et joignez l'attestation, puis transmettez la fiche.",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agents' review queue: the tenant's fiches in <paramref name="state"/> (transmise by default) that the agent may review, the longest waiting first; of one structure's agents when given.</summary>
    public async ValueTask<OneOf<IReadOnlyList<FicheSummary>, DossierRefused>> ReviewQueueAsync(Actor actor, FicheState state = FicheState.Submitted, StructureId? structure = null, int limit = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (QueueRefusal(actor, structure) is { } refused)
        {
            return refused;
        }

        DossierStoreChecks.ThrowIfBadLimit(limit);
        var agent = (AgentActor)actor;
        var rules = _settings[actor.Tenant];
        var all = await _store.ListByStateAsync(actor.Tenant, state, null, DossierStoreChecks.MaxLimit, cancellationToken).ConfigureAwait(false);
        var children = new Dictionary<FamilyId, IReadOnlyList<Child>>();
        var queue = new List<FicheSummary>();
        foreach (var f in all.Where(f => InQueue(agent, structure, f)))
        {
            if (!children.TryGetValue(f.Family, out var c))
            {
                c = children[f.Family] = await _families.GetChildrenAsync(actor.Tenant, f.Family, cancellationToken).ConfigureAwait(false);
            }

            queue.Add(Summary(rules, f.Family, f.Key, f, c));
            if (queue.Count == limit)
            {
                break;
            }
        }

        return queue;
    }

    /// <summary>
    /// How many fiches of each of <paramref name="states"/> the agent's review queue holds (the same
    /// fiches as <see cref="ReviewQueueAsync"/>, counted without building them), for the queue's filters.
    /// </summary>
    public async ValueTask<OneOf<IReadOnlyDictionary<FicheState, int>, DossierRefused>> ReviewCountsAsync(Actor actor, IEnumerable<FicheState> states, StructureId? structure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(states);
        if (QueueRefusal(actor, structure) is { } refused)
        {
            return refused;
        }

        var agent = (AgentActor)actor;
        var counts = new Dictionary<FicheState, int>();
        foreach (var state in states.Distinct())
        {
            var all = await _store.ListByStateAsync(actor.Tenant, state, null, DossierStoreChecks.MaxLimit, cancellationToken).ConfigureAwait(false);
            counts[state] = all.Count(f => InQueue(agent, structure, f));
        }

        return counts;
    }

    private static DossierRefused? QueueRefusal(Actor actor, StructureId? structure) =>
        actor is not AgentActor agent || agent.Grants.Count == 0 || (structure is { } s && !agent.Holds(s, AgentRole.Reader))
            ? new DossierRefused(DossierRefusal.Denied, "La file de révision est réservée aux agents des structures concernées.")
            : null;

    // A fiche is in the agent's queue unless it belongs to another structure than the one asked, to a
    // structure not granted, or is a health fiche and the agent lacks the health right (R-DOS-11).
    private static bool InQueue(AgentActor agent, StructureId? structure, StoredFiche fiche)
    {
        var own = fiche.Key.Structure.Length == 0 ? null : (StructureId?)new StructureId(fiche.Key.Structure);
        return !((structure is { } only && own is { } o && o != only)
            || (own is { } x && !agent.Holds(x, AgentRole.Reader))
            || (fiche.Key.Kind == FicheKind.Health && !agent.Grants.Values.Any(r => r >= AgentRole.Health)));
    }

    /// <summary>The recorded transitions of the family's fiches that the actor may see, oldest first.</summary>
    public async ValueTask<OneOf<IReadOnlyList<FicheTransition>, DossierRefused>> HistoryAsync(Actor actor, FamilyId family, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var decision = await _access.FicheAsync(actor, actor.Tenant, family, null, null, AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return Denied(decision);
        }

        var all = await _store.ListTransitionsAsync(actor.Tenant, family, DossierStoreChecks.MaxLimit, cancellationToken).ConfigureAwait(false);
        return all.Where(t => actor is not AgentActor a || t.Key.Structure.Length == 0 || a.Holds(new StructureId(t.Key.Structure), AgentRole.Reader)).ToList();
    }

    /// <summary>
    /// Attaches a file to a document of an editable fiche (R-DOS-6): at most <see cref="Attachments.MaxFiles"/>
    /// per document, each at most <see cref="Attachments.MaxBytes"/> bytes, images and PDF only (read from the
    /// content). A refused file leaves the fiche and its files as they were.
    /// </summary>
    public async ValueTask<OneOf<FicheView, DossierRefused>> AttachAsync(Actor actor, FamilyId family, FicheKey key, string document, string name, ReadOnlyMemory<byte> content, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(name);
        var opened = await OpenEditableAsync(actor, family, key, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        if (!fiche.Rules.DocumentsOf(key.Kind).Any(d => d.Id == document))
        {
            return new DossierRefused(DossierRefusal.NotFound, $"La fiche « {fiche.Rules.NameOf(key.Kind)} » ne demande pas de document « {document} ».");
        }

        var shortName = Path.GetFileName(name.Trim());
        shortName = shortName.Length == 0 ? "fichier" : shortName[..Math.Min(shortName.Length, 200)];
        var checkedType = Attachments.Check(shortName, content.Span, fiche.Stored.Files.Count(f => f.Document == document));
        if (checkedType.TryPickT1(out var attachmentRefused, out var type))
        {
            return new DossierRefused(DossierRefusal.Refused, attachmentRefused.Message);
        }

        var file = new AttachedFile(Guid.NewGuid(), document, shortName, type, content.Length, _clock.GetCurrentInstant());
        await _files.SaveAsync(actor.Tenant, file.Id, content, cancellationToken).ConfigureAwait(false);
        var next = fiche.Stored with { Version = fiche.Stored.Version + 1, Files = [.. fiche.Stored.Files, file], StateSince = fiche.Stored.Version == 0 ? file.AddedAt : fiche.Stored.StateSince };
        if (!await _store.SaveFicheAsync(next, [], [], cancellationToken).ConfigureAwait(false))
        {
            await _files.DeleteAsync(actor.Tenant, file.Id, cancellationToken).ConfigureAwait(false);
            return new DossierRefused(DossierRefusal.Conflict, Stale);
        }

        return await ViewAsync(fiche, next, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a file from an editable fiche (R-DOS-6).</summary>
    public async ValueTask<OneOf<FicheView, DossierRefused>> DetachAsync(Actor actor, FamilyId family, FicheKey key, Guid file, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var opened = await OpenEditableAsync(actor, family, key, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        if (!fiche.Stored.Files.Any(f => f.Id == file))
        {
            return new DossierRefused(DossierRefusal.NotFound, "Ce fichier n'est plus joint à la fiche.");
        }

        var next = fiche.Stored with { Version = fiche.Stored.Version + 1, Files = [.. fiche.Stored.Files.Where(f => f.Id != file)] };
        if (!await _store.SaveFicheAsync(next, [], [], cancellationToken).ConfigureAwait(false))
        {
            return new DossierRefused(DossierRefusal.Conflict, Stale);
        }

        await _files.DeleteAsync(actor.Tenant, file, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(fiche, next, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The content of an attached file; an agent's read of a health document (PAI…) is logged (R-DOS-11).</summary>
    public async ValueTask<OneOf<AttachmentContent, DossierRefused>> ReadAttachmentAsync(Actor actor, FamilyId family, FicheKey key, Guid file, CancellationToken cancellationToken = default)
    {
        var opened = await OpenAsync(actor, family, key, AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        var attached = fiche.Stored.Files.FirstOrDefault(f => f.Id == file);
        if (attached is null || await _files.ReadAsync(actor.Tenant, file, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return new DossierRefused(DossierRefusal.NotFound, "Ce fichier n'est plus joint à la fiche.");
        }

        await LogHealthReadAsync(actor, fiche, file.ToString("N"), cancellationToken).ConfigureAwait(false);
        return new AttachmentContent(attached, bytes);
    }

    /// <summary>The family's contacts and their links to its children (R-DOS-10).</summary>
    public async ValueTask<OneOf<ContactsView, DossierRefused>> ContactsAsync(Actor actor, FamilyId family, CancellationToken cancellationToken = default)
    {
        var decision = await FamilyAccessAsync(actor, family, AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        return decision is { } denied ? denied : await LoadContactsAsync(actor.Tenant, family, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a contact of the family (R-DOS-10); its last and first names are fixed from now on.</summary>
    public ValueTask<OneOf<ContactsView, DossierRefused>> AddContactAsync(Actor actor, FamilyId family, string lastName, string firstName, string phone, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeContactsAsync(actor, family, expectedVersion, (c, _) => c.Add(new EmergencyContact(Guid.NewGuid().ToString("N"), lastName ?? string.Empty, firstName ?? string.Empty, phone ?? string.Empty)), cancellationToken);

    /// <summary>Changes a contact's phone; its names cannot change (R-DOS-10).</summary>
    public ValueTask<OneOf<ContactsView, DossierRefused>> UpdateContactAsync(Actor actor, FamilyId family, EmergencyContact contact, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeContactsAsync(actor, family, expectedVersion, (c, _) => c.Update(contact), cancellationToken);

    /// <summary>Deletes a contact for good, once no child's contacts fiche links it (R-DOS-10).</summary>
    public ValueTask<OneOf<ContactsView, DossierRefused>> DeleteContactAsync(Actor actor, FamilyId family, string contact, long expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeContactsAsync(actor, family, expectedVersion, (c, children) => c.Delete(contact, id => children.FirstOrDefault(x => x.Id == id)?.FirstName ?? id.Value), cancellationToken);

    /// <summary>The insurers or doctors whose name starts with <paramref name="firstLetters"/> (accents and case ignored): the service's list and those families created.</summary>
    public async ValueTask<OneOf<IReadOnlyList<ReferenceEntry>, DossierRefused>> SearchReferencesAsync(Actor actor, ReferenceKind kind, string firstLetters, int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(firstLetters);
        if (await FamilyOrAgentAsync(actor, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        DossierStoreChecks.ThrowIfBadLimit(limit);
        var prefix = ReferenceEntry.Key(firstLetters);
        var stored = await _store.SearchReferencesAsync(actor.Tenant, kind, prefix, limit, cancellationToken).ConfigureAwait(false);
        return Configured(actor.Tenant, kind).Where(e => e.SearchKey.StartsWith(prefix, StringComparison.Ordinal))
            .Concat(stored).OrderBy(e => e.SearchKey, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    /// <summary>Creates an insurer or a doctor that is not in the list (R-DOS-8, R-DOS-11): name required, address and phone as known.</summary>
    public async ValueTask<OneOf<ReferenceEntry, DossierRefused>> CreateReferenceAsync(Actor actor, ReferenceKind kind, string name, string address, string phone, CancellationToken cancellationToken = default)
    {
        if (await FamilyOrAgentAsync(actor, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var what = kind == ReferenceKind.Insurer ? "de la compagnie d'assurance" : "du médecin";
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ReferenceEntry.MaxLength || (address?.Trim().Length ?? 0) > ReferenceEntry.MaxLength || (phone?.Trim().Length ?? 0) > ReferenceEntry.MaxLength)
        {
            return new DossierRefused(DossierRefusal.Refused, $"Indiquez le nom {what} ({ReferenceEntry.MaxLength} caractères au plus pour le nom, l'adresse et le téléphone).");
        }

        var entry = new ReferenceEntry(actor.Tenant, kind, Guid.NewGuid().ToString("N"), name.Trim(), address?.Trim() ?? string.Empty, phone?.Trim() ?? string.Empty, (actor as FamilyActor)?.Family, _clock.GetCurrentInstant());
        return await _store.AddReferenceAsync(entry, cancellationToken).ConfigureAwait(false)
            ? entry
            : new DossierRefused(DossierRefusal.Conflict, "L'enregistrement n'a pas abouti : recommencez.");
    }

    // ---------------------------------------------------------------- internals

    private sealed record Opened(Actor Actor, Tenant Tenant, DossierRules Rules, FamilyId Family, FicheKey Key, IReadOnlyList<Child> Children, StoredFiche Stored)
    {
        public ChildId? Child => Key.Kind is FicheKind.Holder or FicheKind.OtherGuardian ? null : new ChildId(Key.Subject);
    }

    // The access check first (nothing is told of a file the actor may not see), then whether the fiche exists in the file's layout.
    private async ValueTask<OneOf<Opened, DossierRefused>> OpenAsync(Actor actor, FamilyId family, FicheKey key, AgentRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tenant = _catalogue.Find(actor.Tenant);
        if (tenant is null || key.Subject is null || key.Structure is null || !Enum.IsDefined(key.Kind))
        {
            return new DossierRefused(DossierRefusal.NotFound, "Cette fiche n'existe pas.");
        }

        var childFiche = key.Kind is not (FicheKind.Holder or FicheKind.OtherGuardian);
        var child = childFiche && key.Subject.Length > 0 ? new ChildId(key.Subject) : (ChildId?)null;
        var checkedFamily = actor is FamilyActor f && child is { } c && f.SharedChildren.Contains(c) ? f.Family : family;
        var needed = key.Kind == FicheKind.Health && actor is AgentActor ? AgentRole.Health : role;
        var structure = key.Structure.Length > 0 ? new StructureId(key.Structure) : (StructureId?)null;
        var decision = await _access.FicheAsync(actor, actor.Tenant, checkedFamily, child, structure, needed, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            return Denied(decision, key.Kind == FicheKind.Health && actor is AgentActor ? " La fiche santé et ses documents ne se lisent qu'avec le droit santé." : "");
        }

        var rules = _settings[tenant.Id];
        var children = await _families.GetChildrenAsync(tenant.Id, family, cancellationToken).ConfigureAwait(false);
        var stored = await _store.GetFicheAsync(tenant.Id, family, key, cancellationToken).ConfigureAwait(false);
        var exists = key.Kind == FicheKind.OtherGuardian
            ? rules.Setting(key.Kind) is not null && key.Structure.Length == 0 && IsId(key.Subject)
            : FileLayout.Keys(tenant, rules, children, []).Contains(key);
        if (!exists)
        {
            return new DossierRefused(DossierRefusal.NotFound, $"La fiche « {rules.NameOf(key.Kind)} » n'existe pas dans ce dossier.");
        }

        return new Opened(actor, tenant, rules, family, key, children, stored ?? new StoredFiche(tenant.Id, family, key, FicheState.ToFill, 0, null, [], null, _clock.GetCurrentInstant()));
    }

    private async ValueTask<OneOf<Opened, DossierRefused>> OpenEditableAsync(Actor actor, FamilyId family, FicheKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(actor, family, key, AgentRole.Clerk, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        if (fiche.Stored.Version != expectedVersion)
        {
            return new DossierRefused(DossierRefusal.Conflict, Stale);
        }

        // The workflow says whether the content may change: the answer to a draft save.
        var editable = FicheWorkflow.Next(fiche.Stored.State, FicheAction.SaveDraft, Who(actor));
        return editable.TryPickT1(out var locked, out _) ? new DossierRefused(DossierRefusal.Refused, locked.Message) : fiche;
    }

    private async ValueTask<OneOf<FicheView, DossierRefused>> ChangeAsync(
        Actor actor, FamilyId family, FicheKey key, FicheAction[] actions, FicheContent? content, bool swornStatement, string? reason, long expectedVersion, bool paper, CancellationToken cancellationToken)
    {
        var review = actions.Any(a => a is FicheAction.Validate or FicheAction.Reject or FicheAction.RequireUpdate);
        var opened = await OpenAsync(actor, family, key, review || paper || actor is AgentActor ? AgentRole.Clerk : AgentRole.Reader, cancellationToken).ConfigureAwait(false);
        if (opened.TryPickT1(out var refused, out var fiche))
        {
            return refused;
        }

        if (fiche.Stored.Version != expectedVersion)
        {
            return new DossierRefused(DossierRefusal.Conflict, Stale);
        }

        var entered = fiche.Stored.Content;
        if (content is not null)
        {
            if (!content.Fits(key.Kind))
            {
                return new DossierRefused(DossierRefusal.Refused, $"Ces informations ne sont pas celles d'une « {fiche.Rules.NameOf(key.Kind)} ».");
            }

            entered = await NormaliseAsync(fiche, content, cancellationToken).ConfigureAwait(false);
            if (entered is null)
            {
                return new DossierRefused(DossierRefusal.Refused, "Un contact lié à l'enfant n'existe pas ou a été supprimé : choisissez-le de nouveau dans la liste des contacts de la famille.");
            }
        }

        var now = _clock.GetCurrentInstant();
        var state = fiche.Stored.State;
        var transitions = new List<FicheTransition>();
        var mails = new List<OutboxMail>();
        var person = Person(fiche.Key, fiche.Children, entered);
        foreach (var action in actions)
        {
            IReadOnlyList<string>? missing = null;
            if (action == FicheAction.Submit)
            {
                var rules = paper ? fiche.Rules with { Documents = [] } : fiche.Rules;
                var known = await KnownReferencesAsync(actor.Tenant, entered, cancellationToken).ConfigureAwait(false);
                missing = [.. FicheFields.Missing(key.Kind, entered, rules, fiche.Stored.Files, (k, id) => known.Contains((k, id))), .. swornStatement ? [] : new[] { $"la case « {fiche.Rules.SwornStatement} »" }];
            }

            var next = FicheWorkflow.Next(state, action, Who(actor), reason, missing);
            if (next.TryPickT1(out var no, out var to))
            {
                return new DossierRefused(DossierRefusal.Refused, no.Message);
            }

            var transition = new FicheTransition(Guid.NewGuid(), actor.Tenant, family, key, now, actor.Login, (actor is AgentActor && !review) || paper, action, state, to, reason?.Trim());
            transitions.Add(transition);
            if (action is FicheAction.Validate or FicheAction.Reject)
            {
                mails.Add(OutboxMails.FicheReviewed(actor.Tenant, family, new FicheReview(transition.Id, fiche.Rules.NameOf(key.Kind), person, action == FicheAction.Validate, transition.Reason), now));
            }

            state = to;
        }

        var keepsReason = actions[^1] is FicheAction.Reject or FicheAction.RequireUpdate;
        var saved = fiche.Stored with
        {
            State = state,
            Version = fiche.Stored.Version + 1,
            Content = entered,
            Reason = keepsReason ? reason?.Trim() : null,
            StateSince = state != fiche.Stored.State || fiche.Stored.Version == 0 ? now : fiche.Stored.StateSince,
        };
        if (!await _store.SaveFicheAsync(saved, transitions, mails, cancellationToken).ConfigureAwait(false))
        {
            return new DossierRefused(DossierRefusal.Conflict, Stale);
        }

        return await ViewAsync(fiche, saved, cancellationToken).ConfigureAwait(false);
    }

    // Authorisations not answered are yes (R-DOS-9); a contacts fiche may link only the family's contacts (R-DOS-10), through EmergencyContacts.
    private async ValueTask<FicheContent?> NormaliseAsync(Opened fiche, FicheContent content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case AuthorisationsFiche a:
                return new AuthorisationsFiche(fiche.Rules.Authorisations.ToDictionary(q => q.Id, q => a.Answer(q.Id)));
            case ContactsFiche c:
                var contacts = (await LoadContactsAsync(fiche.Tenant.Id, fiche.Family, cancellationToken).ConfigureAwait(false)).Contacts;
                var child = new ChildId(fiche.Key.Subject);
                foreach (var link in c.Links ?? [])
                {
                    if (contacts.Link(link.Contact, new ContactLink(child, link.Relationship, link.MayCollect, link.EmergencyCall)).TryPickT0(out var linked, out _))
                    {
                        contacts = linked;
                    }
                    else
                    {
                        return null;
                    }
                }

                return new ContactsFiche([.. (c.Links ?? []).DistinctBy(l => l.Contact).Select(l => l with { Relationship = l.Relationship?.Trim() ?? string.Empty })]);
            default:
                return content;
        }
    }

    private async ValueTask<int> RequireUpdateAllAsync(AgentActor agent, FicheState state, Func<StoredFiche, bool>? which, Func<StoredFiche, string> reason, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        var moved = 0;
        foreach (var f in await _store.ListByStateAsync(agent.Tenant, state, which is null ? null : FicheKind.Insurance, DossierStoreChecks.MaxLimit, cancellationToken).ConfigureAwait(false))
        {
            if (which?.Invoke(f) == false || !FicheWorkflow.Next(f.State, FicheAction.RequireUpdate, FicheActor.Agent).TryPickT0(out var to, out _))
            {
                continue;
            }

            var why = reason(f);
            var transition = new FicheTransition(Guid.NewGuid(), agent.Tenant, f.Family, f.Key, now, agent.Login, false, FicheAction.RequireUpdate, f.State, to, why);
            if (await _store.SaveFicheAsync(f with { State = to, Version = f.Version + 1, Reason = why, StateSince = now }, [transition], [], cancellationToken).ConfigureAwait(false))
            {
                moved++;
            }
        }

        return moved;
    }

    private async ValueTask<OneOf<ContactsView, DossierRefused>> ChangeContactsAsync(
        Actor actor, FamilyId family, long expectedVersion, Func<EmergencyContacts, IReadOnlyList<Child>, OneOf<EmergencyContacts, ContactRefused>> change, CancellationToken cancellationToken)
    {
        if (await FamilyAccessAsync(actor, family, AgentRole.Clerk, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var current = await LoadContactsAsync(actor.Tenant, family, cancellationToken).ConfigureAwait(false);
        if (current.Version != expectedVersion)
        {
            return new DossierRefused(DossierRefusal.Conflict, "Les contacts ont été modifiés entre-temps : rechargez la liste, puis recommencez.");
        }

        var children = await _families.GetChildrenAsync(actor.Tenant, family, cancellationToken).ConfigureAwait(false);
        if (change(current.Contacts, children).TryPickT1(out var no, out var next))
        {
            return new DossierRefused(DossierRefusal.Refused, no.Message);
        }

        return await _store.SaveContactsAsync(actor.Tenant, family, [.. next.All], current.Version + 1, cancellationToken).ConfigureAwait(false)
            ? new ContactsView(next, current.Version + 1)
            : new DossierRefused(DossierRefusal.Conflict, "Les contacts ont été modifiés entre-temps : rechargez la liste, puis recommencez.");
    }

    // The contacts of the family, linked as its children's contacts fiches say.
    private async ValueTask<ContactsView> LoadContactsAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken)
    {
        var book = await _store.GetContactsAsync(tenant, family, cancellationToken).ConfigureAwait(false);
        var contacts = EmergencyContacts.None;
        foreach (var c in book.Contacts)
        {
            contacts = contacts.Add(c).Match(added => added, _ => contacts);
        }

        foreach (var fiche in (await _store.ListFichesAsync(tenant, family, cancellationToken).ConfigureAwait(false)).Where(f => f.Content is ContactsFiche))
        {
            foreach (var link in ((ContactsFiche)fiche.Content!).Links ?? [])
            {
                contacts = contacts.Link(link.Contact, new ContactLink(new ChildId(fiche.Key.Subject), link.Relationship, link.MayCollect, link.EmergencyCall)).Match(linked => linked, _ => contacts);
            }
        }

        return new ContactsView(contacts, book.Version);
    }

    private async ValueTask<HashSet<(ReferenceKind, string)>> KnownReferencesAsync(TenantId tenant, FicheContent? content, CancellationToken cancellationToken)
    {
        var wanted = content switch
        {
            InsuranceFiche { Insurer.Length: > 0 } i => (ReferenceKind.Insurer, i.Insurer),
            HealthFiche { Doctor.Length: > 0 } h => (ReferenceKind.Doctor, h.Doctor),
            _ => ((ReferenceKind, string)?)null,
        };
        if (wanted is not { } w)
        {
            return [];
        }

        var known = Configured(tenant, w.Item1).Any(e => e.Id == w.Item2)
            || (IsId(w.Item2) && await _store.GetReferenceAsync(tenant, w.Item1, w.Item2, cancellationToken).ConfigureAwait(false) is not null);
        return known ? [w] : [];
    }

    // The service's list from the configuration, under ids made from the names (stable while the name is).
    private IEnumerable<ReferenceEntry> Configured(TenantId tenant, ReferenceKind kind)
    {
        var rules = _settings[tenant];
        return (kind == ReferenceKind.Insurer ? rules.Insurers : rules.Doctors)
            .Select(n => new ReferenceEntry(tenant, kind, ReferenceEntry.ServiceId(n), n, string.Empty, string.Empty, null, Instant.MinValue));
    }

    private async ValueTask<FicheView> ViewAsync(Opened fiche, StoredFiche stored, CancellationToken cancellationToken)
    {
        var content = stored.Content ?? Empty(fiche.Key.Kind, fiche.Rules);
        var known = await KnownReferencesAsync(fiche.Tenant.Id, content, cancellationToken).ConfigureAwait(false);
        var missing = FicheFields.Missing(fiche.Key.Kind, content, fiche.Rules, stored.Files, (k, id) => known.Contains((k, id)));
        return new FicheView(
            Summary(fiche.Rules, fiche.Family, fiche.Key, stored.Version == 0 ? null : stored, fiche.Children),
            content,
            stored.Files,
            [.. fiche.Rules.DocumentsOf(fiche.Key.Kind)],
            FicheFields.Of(fiche.Key.Kind),
            missing,
            fiche.Key.Kind == FicheKind.Authorisations ? fiche.Rules.Authorisations : [],
            fiche.Key.Kind == FicheKind.InternalRules ? fiche.Rules.InternalRules.GetValueOrDefault(new StructureId(fiche.Key.Structure)) : null,
            fiche.Rules.SwornStatement);
    }

    private static FicheContent Empty(FicheKind kind, DossierRules rules) => kind switch
    {
        FicheKind.Holder or FicheKind.OtherGuardian => new GuardianFiche(),
        FicheKind.Insurance => new InsuranceFiche(),
        FicheKind.Authorisations => new AuthorisationsFiche(rules.Authorisations.ToDictionary(q => q.Id, _ => true)),
        FicheKind.Contacts => new ContactsFiche([]),
        FicheKind.Health => new HealthFiche([]),
        _ => new InternalRulesFiche(),
    };

    private static FicheSummary Summary(DossierRules rules, FamilyId family, FicheKey key, StoredFiche? stored, IReadOnlyList<Child> children) =>
        new(family, key, rules.NameOf(key.Kind), Person(key, children, stored?.Content), stored?.State ?? FicheState.ToFill, rules.Setting(key.Kind)?.Required ?? false, stored?.Reason, stored?.Version ?? 0, stored?.StateSince);

    private static string? Person(FicheKey key, IReadOnlyList<Child> children, FicheContent? content) => key.Kind switch
    {
        FicheKind.Holder => null,
        FicheKind.OtherGuardian => content is GuardianFiche { LastName.Length: > 0 } g ? $"{g.LastName} {g.FirstName}".Trim() : "Autre responsable",
        _ => children.FirstOrDefault(c => c.Id.Value == key.Subject) is { } c ? $"{c.LastName} {c.FirstName}" : key.Subject,
    };

    private async ValueTask LogHealthReadAsync(Actor actor, Opened fiche, string what, CancellationToken cancellationToken)
    {
        if (actor is AgentActor && fiche.Key.Kind == FicheKind.Health && fiche.Child is { } child)
        {
            await _store.LogHealthReadAsync(new HealthRead(Guid.NewGuid(), actor.Tenant, _clock.GetCurrentInstant(), actor.Login, fiche.Family, child, what), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<DossierRefused?> FamilyAccessAsync(Actor actor, FamilyId family, AgentRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var decision = await _access.FicheAsync(actor, actor.Tenant, family, null, null, role, cancellationToken).ConfigureAwait(false);
        return decision.IsAllowed ? null : Denied(decision);
    }

    private async ValueTask<DossierRefused?> FamilyOrAgentAsync(Actor actor, CancellationToken cancellationToken) =>
        actor is FamilyActor f ? await FamilyAccessAsync(actor, f.Family, AgentRole.Reader, cancellationToken).ConfigureAwait(false)
        : actor is AgentActor a && a.Grants.Count > 0 ? null
        : new DossierRefused(DossierRefusal.Denied, "Connectez-vous pour consulter les listes.");

    private static FicheActor Who(Actor actor) => actor is AgentActor ? FicheActor.Agent : FicheActor.Family;

    private static DossierRefused Denied(AccessDecision decision, string more = "") => new(DossierRefusal.Denied, (decision.Reason ?? "Accès refusé.") + more);

    private static bool IsId(string value) => value is { Length: > 0 and <= Identifier.MaxLength } && !value.Any(char.IsControl) && !string.IsNullOrWhiteSpace(value);
}
