using NodaTime;
using Portail.Accounts;
using Portail.Billing;
using Portail.Catalog.Configuration;
using Portail.Domain.Tests.Notifications;
using Portail.Dossier;
using Portail.Notifications;
using Portail.Testing;
using static Portail.Testing.DossierWorld;

namespace Portail.Domain.Tests.Dossier;

/// <summary>The family file's use cases (R-DOS-1..12) and who may see what (R-ACC-7), on the in-memory store.</summary>
public sealed class DossierServiceTests
{
    private static readonly FicheKey Holder = new(FicheKind.Holder);
    private static readonly FicheKey Insurance = new(FicheKind.Insurance, "a-1");
    private static readonly FicheKey Health = new(FicheKind.Health, "a-1");
    private static readonly FicheKey Authorisations = new(FicheKind.Authorisations, "a-1");
    private static readonly FicheKey Contacts = new(FicheKind.Contacts, "a-1");
    private static readonly FicheKey RulesScolaire = new(FicheKind.InternalRules, "a-1", "scolaire");
    private static readonly FicheKey RulesMusique = new(FicheKind.InternalRules, "a-1", "musique");

    private static Task<DossierWorld> World(Action<DossierOptions>? configure = null) => DossierWorld.CreateAsync(InMemoryStorage.Create(), configure);

    private static DossierRefused Refused<T>(OneOf.OneOf<T, DossierRefused> result) => Assert.IsType<DossierRefused>(result.Value);

    [Fact]
    public async Task R_DOS_1_the_file_has_the_holder_fiche_each_childs_fiches_and_one_internal_rules_fiche_per_structure()
    {
        var w = await World();
        var file = Ok(await w.Service.FileAsync(w.FamilyA, A));

        Assert.Equal(RequiredFiches(A), file.Fiches.Select(f => f.Key));
        Assert.All(file.Fiches, f => Assert.Equal(FicheState.ToFill, f.State));
        Assert.Equal(("Fiche responsable compte famille", "Assurance scolaire et extra-scolaire", "DUPONT Lenny"), (file.Fiches[0].Name, file.Fiches[1].Name, file.Fiches[1].Person));

        var other = new FicheKey(FicheKind.OtherGuardian, "papa");
        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, other, new GuardianFiche("M.", "DUPONT", "Patrick"), 0));
        file = Ok(await w.Service.FileAsync(w.FamilyA, A));
        Assert.Equal(("DUPONT Patrick", FicheState.Draft), (file.Fiches[1].Person, file.Fiches[1].State));
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(w.FamilyA, A, new FicheKey(FicheKind.Insurance, "b-1"))).Reason);
        Assert.Equal(DossierRefusal.NotFound, Refused(await w.Service.FicheAsync(w.Clerk, A, new FicheKey(FicheKind.Insurance, "b-1"))).Reason);
        Assert.Equal(DossierRefusal.NotFound, Refused(await w.Service.FicheAsync(w.Clerk, A, new FicheKey(FicheKind.Holder, "x"))).Reason);
    }

    [Fact]
    public async Task R_DOS_1_the_set_of_fiches_is_the_municipalitys_setting()
    {
        var w = await World(d => d.Fiches = [new FicheOptions { Kind = "Holder" }, new FicheOptions { Kind = "Insurance", Required = false, Name = "Assurance" }]);
        var file = Ok(await w.Service.FileAsync(w.FamilyA, A));

        Assert.Equal([Holder, Insurance, new FicheKey(FicheKind.Insurance, "a-2")], file.Fiches.Select(f => f.Key));
        Assert.Equal([true, false, false], file.Fiches.Select(f => f.Required));
        Assert.False(await w.Gate.IsValidatedAsync(w.Tenant, A));
        Ok(await w.Service.ValidateAsync(w.Clerk, A, Holder, await w.SubmitAsync(w.FamilyA, A, Holder)));
        Assert.True(await w.Gate.IsValidatedAsync(w.Tenant, A));
    }

    [Fact]
    public async Task R_DOS_2_the_file_counts_its_fiches_per_state_as_the_family_works_and_shows_the_rejection_reason()
    {
        var w = await World();
        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Holder, new GuardianFiche(LastName: "DUPONT"), 0));
        var version = await w.SubmitAsync(w.FamilyA, A, Insurance);
        Ok(await w.Service.RejectAsync(w.Clerk, A, Insurance, "L'attestation est illisible : joignez-la de nouveau.", version));

        var file = Ok(await w.Service.FileAsync(w.FamilyA, A));
        Assert.Equal((11, 1, 1, 0), (file.Counts[FicheState.ToFill], file.Counts[FicheState.Draft], file.Counts[FicheState.Rejected], file.Counts[FicheState.Validated]));
        Assert.Equal(file.Fiches.Count, file.Counts.Values.Sum());
        Assert.Equal("L'attestation est illisible : joignez-la de nouveau.", file.Fiches.Single(f => f.Key == Insurance).Reason);
        Assert.False(file.IsValidated);
    }

    [Fact]
    public async Task R_DOS_3_a_draft_is_saved_without_checks_a_submission_needs_the_mandatory_fields_the_documents_and_the_sworn_statement_and_then_locks()
    {
        var w = await World();
        var draft = Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Insurance, new InsuranceFiche(ContractNumber: "CT-1"), 0));
        Assert.Equal(FicheState.Draft, draft.Summary.State);
        Assert.Equal(["la compagnie d'assurance", "la date d'échéance", "le document « Attestation d'assurance de l'année scolaire »"], draft.Missing);
        Assert.Contains(draft.Fields, f => f is { Label: "N° de contrat", Mandatory: true });

        var refused = Refused(await w.Service.SubmitAsync(w.FamilyA, A, Insurance, new InsuranceFiche(ContractNumber: "CT-1"), swornStatement: false, draft.Summary.Version));
        Assert.Equal(
            "La fiche ne peut pas être transmise : il manque la compagnie d'assurance, la date d'échéance, le document « Attestation d'assurance de l'année scolaire », "
            + "la case « Certifié sur l'honneur que les informations ci-dessus sont exactes. ». Complétez-la, ou enregistrez-la en brouillon.",
            refused.Message);

        var version = await w.SubmitAsync(w.FamilyA, A, Insurance);
        var locked = Refused(await w.Service.SaveDraftAsync(w.FamilyA, A, Insurance, new InsuranceFiche(), version));
        Assert.Equal("La fiche est transmise : elle attend la réponse du service et ne peut plus être modifiée.", locked.Message);
        Assert.Equal(DossierRefusal.Refused, Refused(await w.Service.AttachAsync(w.FamilyA, A, Insurance, "attestation-assurance", "b.pdf", Pdf, version)).Reason);
        Assert.Equal(DossierRefusal.Conflict, Refused(await w.Service.ValidateAsync(w.Clerk, A, Insurance, version - 1)).Reason);
    }

    [Fact]
    public async Task R_DOS_4_the_agent_validates_or_rejects_with_a_reason_the_family_gets_a_mail_either_way_and_corrects_a_rejected_fiche()
    {
        var w = await World();
        var version = await w.SubmitAsync(w.FamilyA, A, Insurance);
        Assert.Equal("Seul un agent du service valide ou rejette une fiche.", Refused(await w.Service.ValidateAsync(w.FamilyA, A, Insurance, version)).Message);
        var rejected = Ok(await w.Service.RejectAsync(w.Clerk, A, Insurance, "Attestation de l'an dernier", version));
        Assert.Equal(FicheState.Rejected, rejected.Summary.State);

        var corrected = Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Insurance, Complete(FicheKind.Insurance), rejected.Summary.Version));
        var again = Ok(await w.Service.SubmitAsync(w.FamilyA, A, Insurance, Complete(FicheKind.Insurance), true, corrected.Summary.Version));
        Ok(await w.Service.ValidateAsync(w.Clerk, A, Insurance, again.Summary.Version));

        var mails = await w.Storage.Outbox.ListAsync(w.Tenant, new OutboxQuery());
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal((MailKind.FicheReviewed, A), (m.Mail.Kind, m.Mail.Family)));
        Assert.Contains(mails, m => m.Mail.Payload.Contains("an dernier", StringComparison.Ordinal) && m.Mail.Payload.Contains("\"validated\":false", StringComparison.Ordinal));

        var history = Ok(await w.Service.HistoryAsync(w.FamilyA, A));
        Assert.Equal(
            [(FicheAction.Submit, FicheState.ToFill, FicheState.Submitted), (FicheAction.Reject, FicheState.Submitted, FicheState.Rejected), (FicheAction.SaveDraft, FicheState.Rejected, FicheState.Draft),
             (FicheAction.Submit, FicheState.Draft, FicheState.Submitted), (FicheAction.Validate, FicheState.Submitted, FicheState.Validated)],
            history.Where(t => t.Key == Insurance).Select(t => (t.Action, t.From, t.To)));
        Assert.Contains(history, t => t is { Action: FicheAction.Reject, Reason: "Attestation de l'an dernier" } && t.By.Value == "clerk" && t.At == w.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task R_DOS_5_the_campaign_sends_every_fiche_back_to_update_and_after_its_deadline_only_a_validated_file_books()
    {
        var w = await World();
        w.Clock.Advance(Duration.FromDays(-90)); // 3 June 2023, before the campaign's deadline: the file does not gate booking yet
        Assert.True(await w.Gate.IsValidatedAsync(w.Tenant, A));
        await w.ValidateFileAsync(w.FamilyA);
        w.Clock.Advance(Duration.FromDays(9)); // 12 June: the campaign opens

        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.OpenCampaignAsync(w.Clerk)).Reason);
        Assert.Equal(13, Ok(await w.Service.OpenCampaignAsync(w.Manager)));
        var file = Ok(await w.Service.FileAsync(w.FamilyA, A));
        Assert.Equal(13, file.Counts[FicheState.ToUpdate]);
        Assert.StartsWith("Campagne de mise à jour 2023", file.Fiches[0].Reason, StringComparison.Ordinal);
        Assert.True(await w.Gate.IsValidatedAsync(w.Tenant, A));

        w.Clock.Advance(Duration.FromDays(81)); // 1 September: past the deadline
        Assert.False(await w.Gate.IsValidatedAsync(w.Tenant, A));
        Assert.False(await w.Gate.IsValidatedAsync(w.Tenant, B));
        await w.ValidateFileAsync(w.FamilyA);
        Assert.True(await w.Gate.IsValidatedAsync(w.Tenant, A));
    }

    [Fact]
    public async Task R_DOS_5_an_agent_enters_a_paper_file_and_validates_it_recorded_as_done_on_the_familys_behalf()
    {
        var w = await World();
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.EnterPaperFicheAsync(w.FamilyA, A, Insurance, Complete(FicheKind.Insurance), 0)).Reason);
        Assert.Contains("le numéro de contrat", Refused(await w.Service.EnterPaperFicheAsync(w.Clerk, A, Insurance, new InsuranceFiche(ReferenceEntry.ServiceId("MAIF")), 0)).Message, StringComparison.Ordinal);
        var entered = Ok(await w.Service.EnterPaperFicheAsync(w.Clerk, A, Insurance, Complete(FicheKind.Insurance), 0));

        Assert.Equal(FicheState.Validated, entered.Summary.State);
        var history = Ok(await w.Service.HistoryAsync(w.Clerk, A));
        Assert.Equal([(FicheAction.Submit, true), (FicheAction.Validate, true)], history.Select(t => (t.Action, t.OnBehalf)));
        Assert.Single(await w.Storage.Outbox.ListAsync(w.Tenant, new OutboxQuery()));
    }

    [Fact]
    public async Task R_DOS_6_four_files_of_2000_ko_images_and_pdf_per_document_anything_else_refused_leaving_everything_as_it_was()
    {
        var w = await World();
        var version = 0L;
        for (var i = 0; i < 4; i++)
        {
            version = Ok(await w.Service.AttachAsync(w.FamilyA, A, Insurance, "attestation-assurance", $"page-{i}.pdf", Pdf, version)).Summary.Version;
        }

        byte[] big = [.. "%PDF-"u8, .. new byte[Attachments.MaxBytes]];
        byte[] exe = [.. "MZ"u8, 0, 0];
        var before = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, A, Insurance))!;
        Assert.Contains("déjà 4 fichiers", Refused(await w.Service.AttachAsync(w.FamilyA, A, Insurance, "attestation-assurance", "page-5.pdf", Pdf, version)).Message, StringComparison.Ordinal);
        var other = new FicheKey(FicheKind.Insurance, "a-2");
        Assert.Contains("2000 ko", Refused(await w.Service.AttachAsync(w.FamilyA, A, other, "attestation-assurance", "gros.pdf", big, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("ni une image", Refused(await w.Service.AttachAsync(w.FamilyA, A, other, "attestation-assurance", "virus.pdf", exe, 0)).Message, StringComparison.Ordinal);
        Assert.Equal(DossierRefusal.NotFound, Refused(await w.Service.AttachAsync(w.FamilyA, A, other, "inconnu", "a.pdf", Pdf, 0)).Reason);

        var after = (await w.Storage.Dossiers.GetFicheAsync(w.Tenant, A, Insurance))!;
        Assert.Equal((before.Version, before.Files), (after.Version, after.Files));
        Assert.Null(await w.Storage.Dossiers.GetFicheAsync(w.Tenant, A, other));
        Assert.Equal(4, w.Files.Count);

        var first = after.Files[0];
        Assert.Equal(Pdf.ToArray(), Ok(await w.Service.ReadAttachmentAsync(w.FamilyA, A, Insurance, first.Id)).Content.ToArray());
        var detached = Ok(await w.Service.DetachAsync(w.FamilyA, A, Insurance, first.Id, after.Version));
        Assert.Equal(3, detached.Files.Count);
        Assert.Equal(3, w.Files.Count);
    }

    [Fact]
    public async Task R_DOS_7_the_holder_fiche_asks_its_mandatory_fields_and_its_validated_quotient_prices_the_family_for_its_calendar_year()
    {
        var w = await World();
        var missing = Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Holder, new GuardianFiche("M.", "DUPONT", "Jean", Allocataire: Allocataire.Caf, Quotient: 650m), 0)).Missing;
        Assert.Equal(["le nom de voie", "le code postal", "la ville", "un numéro de téléphone", "le courriel", "le numéro d'allocataire", "l'année du quotient familial"], missing);

        var version = await w.SubmitAsync(w.FamilyA, A, Holder);
        Assert.Equal(PricingProfile.ResidentWithoutCertificate, await w.Pricing.ProfileAsync(w.Tenant, A));
        Ok(await w.Service.ValidateAsync(w.Clerk, A, Holder, version));
        Assert.Equal(PricingProfile.WithQuotient(650m), await w.Pricing.ProfileAsync(w.Tenant, A));
        Assert.Equal(PricingProfile.ResidentWithoutCertificate, await w.Pricing.ProfileAsync(w.Tenant, B));

        w.Clock.Advance(Duration.FromDays(122)); // 1 January 2024: the 2023 quotient is no longer valid
        Assert.Equal(PricingProfile.ResidentWithoutCertificate, await w.Pricing.ProfileAsync(w.Tenant, A));
    }

    [Fact]
    public async Task R_DOS_8_the_insurer_comes_from_the_list_or_is_created_and_an_expired_insurance_goes_back_to_update()
    {
        var w = await World();
        Assert.Equal(["MACIF", "MAIF"], Ok(await w.Service.SearchReferencesAsync(w.FamilyA, ReferenceKind.Insurer, "ma")).Select(e => e.Name));
        var created = Ok(await w.Service.CreateReferenceAsync(w.FamilyA, ReferenceKind.Insurer, "Mutuelle du Médoc", "1 place de l'Église, Lesparre", "05 56 00 00 00"));
        Assert.Equal(A, created.CreatedBy);
        Assert.Equal(["MACIF", "MAIF", "Mutuelle du Médoc"], Ok(await w.Service.SearchReferencesAsync(w.FamilyB, ReferenceKind.Insurer, "m")).Select(e => e.Name));
        Assert.Equal(DossierRefusal.Refused, Refused(await w.Service.CreateReferenceAsync(w.FamilyA, ReferenceKind.Insurer, " ", "", "")).Reason);
        Assert.Contains("la compagnie d'assurance", Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Insurance, new InsuranceFiche("inconnue", "CT", new LocalDate(2024, 1, 1)), 0)).Missing);

        var version = Ok(await w.Service.FicheAsync(w.FamilyA, A, Insurance)).Summary.Version;
        version = Ok(await w.Service.AttachAsync(w.FamilyA, A, Insurance, "attestation-assurance", "a.pdf", Pdf, version)).Summary.Version;
        version = Ok(await w.Service.SubmitAsync(w.FamilyA, A, Insurance, new InsuranceFiche(created.Id, "CT-9", new LocalDate(2023, 12, 31)), true, version)).Summary.Version;
        Ok(await w.Service.ValidateAsync(w.Clerk, A, Insurance, version));

        Assert.Equal(0, Ok(await w.Service.ExpireInsurancesAsync(w.Clerk)));
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ExpireInsurancesAsync(w.FamilyA)).Reason);
        w.Clock.Advance(Duration.FromDays(122)); // 1 January 2024
        Assert.Equal(1, Ok(await w.Service.ExpireInsurancesAsync(w.Clerk)));
        var fiche = Ok(await w.Service.FicheAsync(w.FamilyA, A, Insurance));
        Assert.Equal(FicheState.ToUpdate, fiche.Summary.State);
        Assert.Equal("L'assurance a expiré le dimanche 31 décembre 2023 : indiquez le nouveau contrat et joignez l'attestation, puis transmettez la fiche.", fiche.Summary.Reason);
    }

    [Fact]
    public async Task R_DOS_9_the_authorisations_are_the_municipalitys_questions_with_yes_preselected()
    {
        var w = await World(d => d.Authorisations = [new AuthorisationOptions { Id = "image", Question = "Droit à l'image ?" }, new AuthorisationOptions { Id = "sortie", Question = "Sortie seul ?" }]);
        var empty = Ok(await w.Service.FicheAsync(w.FamilyA, A, Authorisations));
        Assert.Equal(["image", "sortie"], empty.Questions.Select(q => q.Id));
        Assert.Equal(new Dictionary<string, bool> { ["image"] = true, ["sortie"] = true }, ((AuthorisationsFiche)empty.Content).Answers);

        var saved = Ok(await w.Service.SubmitAsync(w.FamilyA, A, Authorisations, new AuthorisationsFiche(new Dictionary<string, bool> { ["sortie"] = false, ["autre"] = false }), true, 0));
        Assert.Equal(new Dictionary<string, bool> { ["image"] = true, ["sortie"] = false }, ((AuthorisationsFiche)saved.Content).Answers);
    }

    [Fact]
    public async Task R_DOS_10_contacts_belong_to_the_family_are_linked_per_child_keep_their_names_and_are_deleted_once_linked_to_no_child()
    {
        var w = await World();
        var book = Ok(await w.Service.AddContactAsync(w.FamilyA, A, "MARTIN", "Josette", "06 11 22 33 44", 0));
        var josette = Assert.Single(book.Contacts.All);
        Assert.Equal("Le nom et le prénom du contact sont obligatoires.", Refused(await w.Service.AddContactAsync(w.FamilyA, A, "", "X", "", book.Version)).Message);

        var link = new ContactLinkEntry(josette.Id, "Grand-mère", MayCollect: true, EmergencyCall: true);
        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Contacts, new ContactsFiche([link]), 0));
        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, new FicheKey(FicheKind.Contacts, "a-2"), new ContactsFiche([link with { Relationship = "Grand-mère" }]), 0));
        Assert.Equal(DossierRefusal.Refused, Refused(await w.Service.SaveDraftAsync(w.FamilyA, A, Contacts, new ContactsFiche([link with { Contact = "inconnu" }]), 1)).Reason);
        book = Ok(await w.Service.ContactsAsync(w.FamilyA, A));
        Assert.Equal(["a-1", "a-2"], book.Contacts.LinksOf(josette.Id).Select(l => l.Child.Value));

        Assert.StartsWith("Le nom et le prénom d'un contact ne se modifient pas", Refused(await w.Service.UpdateContactAsync(w.FamilyA, A, josette with { FirstName = "Josiane" }, book.Version)).Message, StringComparison.Ordinal);
        book = Ok(await w.Service.UpdateContactAsync(w.FamilyA, A, josette with { Phone = "05 56 00 00 00" }, book.Version));
        Assert.Equal("« Josette MARTIN » est encore le contact de Lenny et de Leyah : retirez-le de ces enfants avant de le supprimer.", Refused(await w.Service.DeleteContactAsync(w.FamilyA, A, josette.Id, book.Version)).Message);

        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Contacts, new ContactsFiche([]), 1));
        Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, new FicheKey(FicheKind.Contacts, "a-2"), new ContactsFiche([]), 1));
        Assert.Empty(Ok(await w.Service.DeleteContactAsync(w.FamilyA, A, josette.Id, book.Version)).Contacts.All);
    }

    [Fact]
    public async Task R_DOS_11_the_health_fiche_needs_its_vaccinations_and_a_doctor_from_the_list_or_created_and_the_PAI_documents_when_a_PAI_is_asked()
    {
        var w = await World();
        Assert.Equal(["Docteur Émile MARTIN"], Ok(await w.Service.SearchReferencesAsync(w.FamilyA, ReferenceKind.Doctor, "do")).Select(e => e.Name));
        var doctor = Ok(await w.Service.CreateReferenceAsync(w.FamilyA, ReferenceKind.Doctor, "Docteur Alice BERNARD", "", ""));
        var draft = Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Health, new HealthFiche([new Vaccination("DT Polio", new LocalDate(2022, 1, 1))], Pai: PaiNeed.ToSetUp, Doctor: doctor.Id), 0));

        Assert.Equal(["le document « Ordonnance du médecin pour le PAI »", "le document « Photo d'identité de l'enfant pour le PAI »"], draft.Missing);
        Assert.Equal(["au moins une vaccination avec sa date", "le médecin traitant"], Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Health, new HealthFiche(), draft.Summary.Version)).Missing);
    }

    [Fact]
    public async Task R_DOS_12_the_internal_rules_of_each_structure_are_acknowledged_and_signed_with_name_place_date_and_time()
    {
        var w = await World(d => d.InternalRules = [new InternalRulesOptions { Structure = "scolaire", Text = "Règlement scolaire" }]);
        Assert.Equal([RulesScolaire], Ok(await w.Service.FileAsync(w.FamilyA, A)).Fiches.Where(f => f.Key.Subject == "a-1" && f.Key.Kind == FicheKind.InternalRules).Select(f => f.Key));
        var view = Ok(await w.Service.FicheAsync(w.FamilyA, A, RulesScolaire));

        Assert.Equal("Règlement scolaire", view.Text);
        Assert.Equal(
            ["la case « J'ai pris connaissance du règlement intérieur et j'ai informé mon enfant de ce règlement »", "le nom du signataire", "le lieu de signature", "la date et l'heure de signature"],
            view.Missing);
        Assert.Equal(FicheState.Submitted, Ok(await w.Service.SubmitAsync(w.FamilyA, A, RulesScolaire, Complete(FicheKind.InternalRules), true, 0)).Summary.State);
    }

    [Fact]
    public async Task R_ACC_7_family_B_cannot_see_family_As_file_or_fiches_and_a_separated_parent_sees_the_shared_childs()
    {
        var w = await World();
        await w.SubmitAsync(w.FamilyA, A, Insurance);

        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FileAsync(w.FamilyB, A)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(w.FamilyB, A, Insurance)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(w.FamilyB, A, Holder)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.SaveDraftAsync(w.FamilyB, A, Contacts, new ContactsFiche([]), 0)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ContactsAsync(w.FamilyB, A)).Reason);

        var separated = w.FamilyB with { SharedChildren = new HashSet<ChildId> { new("a-1") } };
        Assert.Equal(FicheState.Submitted, Ok(await w.Service.FicheAsync(separated, A, Insurance)).Summary.State);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(separated, A, Holder)).Reason);
    }

    [Fact]
    public async Task R_ACC_7_an_agent_of_one_structure_cannot_read_another_structures_internal_rules()
    {
        var w = await World();
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(w.MusicClerk, A, RulesScolaire)).Reason);
        Assert.Equal(FicheState.ToFill, Ok(await w.Service.FicheAsync(w.MusicClerk, A, RulesMusique)).Summary.State);
        Assert.DoesNotContain(Ok(await w.Service.FileAsync(w.MusicClerk, A)).Fiches, f => f.Key == RulesScolaire);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.FicheAsync(w.Agent("nobody"), A, Insurance)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ValidateAsync(w.Agent("reader", (Scolaire, AgentRole.Reader)), A, Insurance, 0)).Reason);
    }

    [Fact]
    public async Task R_DOS_11_only_the_family_and_agents_with_the_health_right_read_the_health_fiche_and_its_PAI_documents_and_every_agents_read_is_logged()
    {
        var w = await World();
        var version = Ok(await w.Service.SaveDraftAsync(w.FamilyA, A, Health, ((HealthFiche)Complete(FicheKind.Health)) with { Pai = PaiNeed.ToRenew }, 0)).Summary.Version;
        var pai = Ok(await w.Service.AttachAsync(w.FamilyA, A, Health, "pai-ordonnance", "ordonnance.pdf", Pdf, version)).Files[0];

        var denied = Refused(await w.Service.FicheAsync(w.Clerk, A, Health));
        Assert.Equal(DossierRefusal.Denied, denied.Reason);
        Assert.Contains("droit santé", denied.Message, StringComparison.Ordinal);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ReadAttachmentAsync(w.Clerk, A, Health, pai.Id)).Reason);
        Assert.Empty(await w.Storage.Dossiers.ListHealthReadsAsync(w.Tenant, 100));

        Ok(await w.Service.FicheAsync(w.FamilyA, A, Health));
        Assert.Empty(await w.Storage.Dossiers.ListHealthReadsAsync(w.Tenant, 100));
        Ok(await w.Service.FicheAsync(w.Nurse, A, Health));
        w.Clock.Advance(Duration.FromMinutes(5));
        Ok(await w.Service.ReadAttachmentAsync(w.Nurse, A, Health, pai.Id));

        var reads = await w.Storage.Dossiers.ListHealthReadsAsync(w.Tenant, 100);
        Assert.Equal(
            [("nurse", "a-1", "fiche", Instant.FromUtc(2023, 9, 1, 8, 0)), ("nurse", "a-1", pai.Id.ToString("N"), Instant.FromUtc(2023, 9, 1, 8, 5))],
            reads.Select(r => (r.Agent.Value, r.Child.Value, r.What, r.At)));
    }

    [Fact]
    public async Task R_DOS_4_the_review_queue_lists_submitted_fiches_oldest_first_by_structure_without_health_fiches_for_agents_without_the_right()
    {
        var w = await World();
        await w.SubmitAsync(w.FamilyB, B, new FicheKey(FicheKind.Health, "b-1"));
        w.Clock.Advance(Duration.FromMinutes(1));
        await w.SubmitAsync(w.FamilyA, A, RulesMusique);
        w.Clock.Advance(Duration.FromMinutes(1));
        await w.SubmitAsync(w.FamilyA, A, Insurance);
        w.Clock.Advance(Duration.FromMinutes(1));
        await w.SubmitAsync(w.FamilyA, A, RulesScolaire);

        Assert.Equal([RulesMusique, Insurance, RulesScolaire], Ok(await w.Service.ReviewQueueAsync(w.Clerk)).Select(f => f.Key));
        Assert.Equal([new FicheKey(FicheKind.Health, "b-1"), RulesMusique, Insurance, RulesScolaire], Ok(await w.Service.ReviewQueueAsync(w.Nurse)).Select(f => f.Key));
        Assert.Equal([RulesMusique, Insurance], Ok(await w.Service.ReviewQueueAsync(w.Clerk, structure: Musique)).Select(f => f.Key));
        Assert.Equal([RulesMusique, Insurance], Ok(await w.Service.ReviewQueueAsync(w.MusicClerk)).Select(f => f.Key));
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ReviewQueueAsync(w.MusicClerk, structure: Scolaire)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ReviewQueueAsync(w.FamilyA)).Reason);
        Assert.Empty(Ok(await w.Service.ReviewQueueAsync(w.Clerk, FicheState.Validated)));
    }

    [Fact]
    public async Task R_DOS_4_the_review_counts_are_the_lengths_of_the_queues_each_agent_sees()
    {
        var w = await World();
        await w.SubmitAsync(w.FamilyB, B, new FicheKey(FicheKind.Health, "b-1"));
        await w.SubmitAsync(w.FamilyA, A, RulesMusique);
        await w.SubmitAsync(w.FamilyA, A, Insurance);
        await w.SubmitAsync(w.FamilyA, A, RulesScolaire);
        FicheState[] states = [FicheState.Submitted, FicheState.Validated, FicheState.ToFill];

        foreach (var (agent, structure) in new[] { (w.Clerk, (StructureId?)null), (w.Nurse, null), (w.MusicClerk, null), (w.Clerk, Musique), (w.Nurse, Scolaire) })
        {
            var counts = Ok(await w.Service.ReviewCountsAsync(agent, states, structure));
            foreach (var state in states)
            {
                Assert.Equal(Ok(await w.Service.ReviewQueueAsync(agent, state, structure, 1000)).Count, counts[state]);
            }
        }

        Assert.Equal(4, Ok(await w.Service.ReviewCountsAsync(w.Nurse, states))[FicheState.Submitted]);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ReviewCountsAsync(w.MusicClerk, states, Scolaire)).Reason);
        Assert.Equal(DossierRefusal.Denied, Refused(await w.Service.ReviewCountsAsync(w.FamilyA, states)).Reason);
    }

    [Fact]
    public void R_DOS_1_R_DOS_6_R_DOS_9_the_dossier_section_is_checked_at_start_up_naming_the_faulty_setting()
    {
        var options = Sample.Options();
        options.Tenants[0].Dossier = new DossierOptions
        {
            Fiches = [new FicheOptions { Kind = "Sante" }],
            Documents = [new DocumentOptions { Id = "x", Fiche = "Insurance", Label = "X", Requirement = "IfPai" }],
            Authorisations = [new AuthorisationOptions { Id = "a b", Question = "?" }],
            InternalRules = [new InternalRulesOptions { Structure = "piscine", Text = "…" }],
            Campaign = new CampaignOptions { Start = "2023-06-12", Deadline = "2023-06-01" },
        };
        var errors = DossierConfiguration.TryLoad(options, "Portail", out var settings);

        Assert.Null(settings);
        Assert.Equal(
            [
                "Portail:Tenants:0:Dossier:Fiches:0:Kind 'Sante' is not one of Holder, OtherGuardian, Insurance, Authorisations, Contacts, Health, InternalRules.",
                "Portail:Tenants:0:Dossier:Authorisations:0:Id 'a b' must be a code of 1 to 64 letters, digits, '-' or '_'.",
                "Portail:Tenants:0:Dossier:Documents:0:Requirement IfPai applies only to documents of the Health fiche; found Fiche 'Insurance'.",
                "Portail:Tenants:0:Dossier:InternalRules:0:Structure 'piscine' is not a configured structure; known: scolaire, musique.",
                "Portail:Tenants:0:Dossier:Campaign:Deadline must not be before Start (2023-06-12); found 2023-06-01.",
            ],
            errors);
    }

    [Fact]
    public void R_DOS_1_the_sample_municipality_has_the_guides_file_and_an_absent_section_the_guides_defaults()
    {
        var sample = DossierConfiguration.Load(Sample.Options(), "Portail")[Sample.Cestas];
        Assert.Equal(7, sample.Fiches.Count);
        Assert.Equal(new DossierCampaign(new LocalDate(2023, 6, 12), new LocalDate(2023, 8, 16)), sample.Campaign);
        Assert.Contains(sample.Documents, d => d is { Id: "attestation-assurance", Requirement: DocumentRequirement.Required });

        var options = Sample.Options();
        options.Tenants[0].Dossier = null;
        var defaults = DossierConfiguration.Load(options, "Portail")[Sample.Cestas];
        Assert.All(Enum.GetValues<FicheKind>(), k => Assert.True(defaults.Setting(k)?.Required));
        Assert.Equal(["droit-image", "soins-urgence"], defaults.Authorisations.Select(a => a.Id));
        Assert.Null(defaults.Campaign);
        Assert.Equal(DossierRules.DefaultSwornStatement, defaults.SwornStatement);
    }
}
