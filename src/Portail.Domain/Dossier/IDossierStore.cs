using NodaTime;
using Portail.Accounts;
using Portail.Notifications;

namespace Portail.Dossier;

/// <summary>A file attached to a fiche (R-DOS-6): its metadata; the content lives in <see cref="IAttachmentFiles"/> under <see cref="Id"/>.</summary>
/// <param name="Id">The content's id.</param>
/// <param name="Document">The document it answers (<see cref="RequiredDocument.Id"/>).</param>
/// <param name="Name">The file's name as the family gave it.</param>
/// <param name="Type">What its first bytes say it is.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="AddedAt">When it was attached.</param>
public sealed record AttachedFile(Guid Id, string Document, string Name, AttachmentType Type, int Size, Instant AddedAt);

/// <summary>
/// A fiche of a family file as stored: its state, its content, its files, the reason of its last
/// rejection, and its <see cref="Version"/>, which every change raises by one (the store refuses a
/// change made from an older version: one of two concurrent changes wins).
/// </summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Family">The family whose file it is.</param>
/// <param name="Key">Which fiche.</param>
/// <param name="State">Its state.</param>
/// <param name="Version">1 when created, then one more per change.</param>
/// <param name="Content">What was entered, or <see langword="null"/> when nothing yet.</param>
/// <param name="Files">The attached files.</param>
/// <param name="Reason">The agent's reason, while rejected or asked to update.</param>
/// <param name="StateSince">When it entered its state (the review queue's order).</param>
public sealed record StoredFiche(
    TenantId Tenant, FamilyId Family, FicheKey Key, FicheState State, long Version, FicheContent? Content, IReadOnlyList<AttachedFile> Files, string? Reason, Instant StateSince);

/// <summary>One recorded change of a fiche's state (R-DOS-2..5): who, when, from, to, why, and whether an agent acted on the family's behalf.</summary>
/// <param name="Id">The change's id.</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="Family">The family.</param>
/// <param name="Key">The fiche.</param>
/// <param name="At">When.</param>
/// <param name="By">The account that acted.</param>
/// <param name="OnBehalf">An agent entering a paper file for the family (R-DOS-5).</param>
/// <param name="Action">What was done.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">The reason of a rejection or of a request to update.</param>
public sealed record FicheTransition(Guid Id, TenantId Tenant, FamilyId Family, FicheKey Key, Instant At, LoginId By, bool OnBehalf, FicheAction Action, FicheState From, FicheState To, string? Reason);

/// <summary>The family's contacts (R-DOS-10), with the version the store checks on save (0 when none were ever saved).</summary>
/// <param name="Contacts">The contacts.</param>
/// <param name="Version">The version.</param>
public sealed record ContactBook(IReadOnlyList<EmergencyContact> Contacts, long Version);

/// <summary>The referentials of the family file.</summary>
public enum ReferenceKind
{
    /// <summary>Insurers (R-DOS-8).</summary>
    Insurer,

    /// <summary>Attending doctors (R-DOS-11).</summary>
    Doctor,
}

/// <summary>An insurer or a doctor, from the service's list or created by a family.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Kind">Insurer or doctor.</param>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Address">Its address, when given.</param>
/// <param name="Phone">Its phone, when given.</param>
/// <param name="CreatedBy">The family that created it, or <see langword="null"/> for the service's.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record ReferenceEntry(TenantId Tenant, ReferenceKind Kind, string Id, string Name, string Address, string Phone, FamilyId? CreatedBy, Instant CreatedAt)
{
    /// <summary>The longest name, address or phone kept.</summary>
    public const int MaxLength = 200;

    /// <summary>What a search by first letters compares: the name in capitals, without accents or spaces around.</summary>
    public string SearchKey => Key(Name);

    /// <summary>The id of an entry of the service's configured list (<c>Dossier:Insurers</c>, <c>Dossier:Doctors</c>): made from its name, stable while the name is.</summary>
    public static string ServiceId(string name)
    {
        var id = "service:" + Key(name);
        return id[..Math.Min(id.Length, Identifier.MaxLength)];
    }

    /// <summary>The search key of a name or of the first letters typed.</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Trim().Normalize(System.Text.NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)]).ToUpperInvariant();
    }
}

/// <summary>An agent's read of health data (a health fiche or one of its documents, R-DOS-11): who, when, which child.</summary>
/// <param name="Id">The read's id.</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="At">When.</param>
/// <param name="Agent">The agent's login.</param>
/// <param name="Family">The family.</param>
/// <param name="Child">The child.</param>
/// <param name="What">"fiche" or the document's file id.</param>
public sealed record HealthRead(Guid Id, TenantId Tenant, Instant At, LoginId Agent, FamilyId Family, ChildId Child, string What);

/// <summary>
/// The family files (R-DOS): fiches with their content and files, their recorded transitions, the
/// families' contacts, the referentials, the log of agents' health reads. A fiche changes only from the
/// version it was read at (<see cref="SaveFicheAsync"/>), with its transitions and mails in the same
/// transaction, so that of two concurrent changes exactly one is kept and the other is told.
/// </summary>
public interface IDossierStore
{
    /// <summary>The stored fiches of a family (fiches never saved are not listed).</summary>
    ValueTask<IReadOnlyList<StoredFiche>> ListFichesAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>A fiche, or <see langword="null"/> when it was never saved.</summary>
    ValueTask<StoredFiche?> GetFicheAsync(TenantId tenant, FamilyId family, FicheKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="next"/> if the stored fiche is at version <c>next.Version − 1</c> (or, for
    /// version 1, when there is none), and in the same transaction appends <paramref name="transitions"/>
    /// and <paramref name="mails"/> (outbox; ids already there are skipped). Answers <see langword="false"/>,
    /// writing nothing, when the version differs.
    /// </summary>
    ValueTask<bool> SaveFicheAsync(StoredFiche next, IReadOnlyList<FicheTransition> transitions, IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default);

    /// <summary>The tenant's fiches in <paramref name="state"/> (of one kind when given), the longest in it first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<StoredFiche>> ListByStateAsync(TenantId tenant, FicheState state, FicheKind? kind, int limit, CancellationToken cancellationToken = default);

    /// <summary>The recorded transitions of a family's fiches, oldest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<FicheTransition>> ListTransitionsAsync(TenantId tenant, FamilyId family, int limit, CancellationToken cancellationToken = default);

    /// <summary>The family's contacts; version 0 and no contact when none were ever saved.</summary>
    ValueTask<ContactBook> GetContactsAsync(TenantId tenant, FamilyId family, CancellationToken cancellationToken = default);

    /// <summary>Replaces the family's contacts if the stored version is <c>version − 1</c>; <see langword="false"/>, writing nothing, otherwise.</summary>
    ValueTask<bool> SaveContactsAsync(TenantId tenant, FamilyId family, IReadOnlyList<EmergencyContact> contacts, long version, CancellationToken cancellationToken = default);

    /// <summary>Adds an entry to a referential; <see langword="false"/> when its id is taken.</summary>
    ValueTask<bool> AddReferenceAsync(ReferenceEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The entries of a referential whose <see cref="ReferenceEntry.SearchKey"/> starts with <paramref name="keyPrefix"/>, by key, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<ReferenceEntry>> SearchReferencesAsync(TenantId tenant, ReferenceKind kind, string keyPrefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>An entry of a referential, or <see langword="null"/>.</summary>
    ValueTask<ReferenceEntry?> GetReferenceAsync(TenantId tenant, ReferenceKind kind, string id, CancellationToken cancellationToken = default);

    /// <summary>Appends an agent's read of health data to the log (append-only).</summary>
    ValueTask LogHealthReadAsync(HealthRead read, CancellationToken cancellationToken = default);

    /// <summary>The log of health reads of the tenant, oldest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<HealthRead>> ListHealthReadsAsync(TenantId tenant, int limit, CancellationToken cancellationToken = default);
}

/// <summary>The checks every dossier store makes before writing.</summary>
public static class DossierStoreChecks
{
    /// <summary>The most rows a list returns.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>The longest text kept in a reason or a file name.</summary>
    public const int MaxText = 1_000;

    /// <summary>Throws when a fiche cannot be recorded: a malformed key or id, a version below 1, transitions or mails of another fiche or tenant.</summary>
    public static void ThrowIfMalformed(StoredFiche next, IReadOnlyList<FicheTransition> transitions, IReadOnlyList<OutboxMail> mails)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(mails);
        Identifier.Check(next.Tenant.Value, "next.Tenant");
        Identifier.Check(next.Family.Value, "next.Family");
        ThrowIfMalformed(next.Key, "next.Key");
        if (next.Version < 1)
        {
            throw new ArgumentException($"next.Version is {next.Version}: a fiche is created at version 1.", "next.Version");
        }

        if (next.Content is { } c && !c.Fits(next.Key.Kind))
        {
            throw new ArgumentException($"next.Content is a {c.GetType().Name}, which does not fit a {next.Key.Kind} fiche.", "next.Content");
        }

        if (next.Reason is { Length: > MaxText })
        {
            throw new ArgumentException($"next.Reason is longer than {MaxText} characters.", "next.Reason");
        }

        ArgumentNullException.ThrowIfNull(next.Files, "next.Files");
        if (next.Files.Any(f => f is null || f.Id == Guid.Empty || f.Name is not { Length: > 0 and <= MaxText } || string.IsNullOrEmpty(f.Document)))
        {
            throw new ArgumentException("next.Files holds a file without id, name or document.", "next.Files");
        }

        for (var i = 0; i < transitions.Count; i++)
        {
            var t = transitions[i] ?? throw new ArgumentException($"transitions[{i}] is null.", nameof(transitions));
            if (t.Tenant != next.Tenant || t.Family != next.Family || t.Key != next.Key || t.Id == Guid.Empty || t.Reason is { Length: > MaxText })
            {
                throw new ArgumentException($"transitions[{i}] is not a transition of this fiche, has no id, or its reason is too long.", $"transitions[{i}]");
            }
        }

        for (var i = 0; i < mails.Count; i++)
        {
            var mail = mails[i] ?? throw new ArgumentException($"mails[{i}] is null.", nameof(mails));
            mail.ThrowIfMalformed($"mails[{i}]");
            if (mail.Tenant != next.Tenant)
            {
                throw new ArgumentException($"mails[{i}] is of tenant {mail.Tenant}, the fiche of {next.Tenant}.", $"mails[{i}]");
            }
        }
    }

    /// <summary>Throws when a key cannot be stored: a subject or structure that is not an id (empty allowed).</summary>
    public static void ThrowIfMalformed(FicheKey key, string field)
    {
        if (!Enum.IsDefined(key.Kind))
        {
            throw new ArgumentException($"{field}.Kind {(int)key.Kind} is not a fiche kind.", field);
        }

        if (key.Subject is null || key.Structure is null || (key.Subject.Length > 0 && Identifier.Check(key.Subject, $"{field}.Subject") is null)
            || (key.Structure.Length > 0 && Identifier.Check(key.Structure, $"{field}.Structure") is null))
        {
            throw new ArgumentException($"{field} has a null subject or structure.", field);
        }
    }

    /// <summary>Throws when contacts cannot be recorded.</summary>
    public static void ThrowIfMalformed(IReadOnlyList<EmergencyContact> contacts, long version)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        if (version < 1)
        {
            throw new ArgumentException($"version is {version}: contacts are first saved at version 1.", nameof(version));
        }

        if (contacts.Any(c => c is null || c.Id is not { Length: > 0 and <= Identifier.MaxLength } || c.LastName is null || c.FirstName is null || c.Phone is null))
        {
            throw new ArgumentException("contacts holds a contact without id or with a null field.", nameof(contacts));
        }
    }

    /// <summary>Throws when a referential entry cannot be recorded.</summary>
    public static void ThrowIfMalformed(ReferenceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Identifier.Check(entry.Tenant.Value, "entry.Tenant");
        Identifier.Check(entry.Id, "entry.Id");
        if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Length > ReferenceEntry.MaxLength || entry.Address is not { Length: <= ReferenceEntry.MaxLength } || entry.Phone is not { Length: <= ReferenceEntry.MaxLength })
        {
            throw new ArgumentException($"entry has an empty name, or a name, address or phone longer than {ReferenceEntry.MaxLength} characters.", nameof(entry));
        }
    }

    /// <summary>Throws when a health read cannot be recorded.</summary>
    public static void ThrowIfMalformed(HealthRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Identifier.Check(read.Tenant.Value, "read.Tenant");
        Identifier.Check(read.Agent.Value, "read.Agent");
        Identifier.Check(read.Family.Value, "read.Family");
        Identifier.Check(read.Child.Value, "read.Child");
        if (read.Id == Guid.Empty || read.What is not { Length: > 0 and <= Identifier.MaxLength })
        {
            throw new ArgumentException("read has no id, or its What is empty or too long.", nameof(read));
        }
    }

    /// <summary>Throws when a limit is outside 1 to <see cref="MaxLimit"/>.</summary>
    public static void ThrowIfBadLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A limit is 1 to {MaxLimit}.");
        }
    }
}
