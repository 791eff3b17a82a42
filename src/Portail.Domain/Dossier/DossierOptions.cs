namespace Portail.Catalog.Configuration;

// These classes mirror Portail:Tenants:N:Dossier one to one; DossierConfiguration checks them at
// start-up and names the faulty setting. Values stay strings where a typo is likely (kinds, dates).
#pragma warning disable CA1002, CA2227 // mutable lists are what the configuration binder fills

/// <summary>
/// A municipality's family file (R-DOS-1..12): <c>Portail:Tenants:N:Dossier</c>. Every list left
/// empty takes the guides' default (see each property).
/// </summary>
public sealed class DossierOptions
{
    /// <summary>The kinds of fiche the file has, and which must be validated before the family books (R-DOS-1).</summary>
    /// <value>Empty: the seven kinds of the guides, all required.</value>
    public List<FicheOptions> Fiches { get; set; } = [];

    /// <summary>The yes/no questions of the Autorisations parentales fiche, yes preselected (R-DOS-9).</summary>
    /// <value>Empty: image and publication rights, emergency medical care.</value>
    public List<AuthorisationOptions> Authorisations { get; set; } = [];

    /// <summary>The documents asked for each kind of fiche (R-DOS-6).</summary>
    /// <value>Empty: the guides' documents (quotient certificate and divorce judgment optional, insurance certificate required, vaccination pages optional, PAI prescription and photo when a PAI is needed).</value>
    public List<DocumentOptions> Documents { get; set; } = [];

    /// <summary>The internal rules of each structure that has some (R-DOS-12): one fiche per child and structure attended.</summary>
    /// <value>Empty: every structure, with a generic text.</value>
    public List<InternalRulesOptions> InternalRules { get; set; } = [];

    /// <summary>The sworn statement ticked to submit a fiche (R-DOS-3).</summary>
    /// <value>The guides' "Certifié sur l'honneur que les informations ci-dessus sont exactes."</value>
    public string? SwornStatement { get; set; }

    /// <summary>The service's list of known insurers (R-DOS-8); families may create others.</summary>
    /// <value>Empty.</value>
    public List<string> Insurers { get; set; } = [];

    /// <summary>The service's list of known doctors (R-DOS-11); families may create others.</summary>
    /// <value>Empty.</value>
    public List<string> Doctors { get; set; } = [];

    /// <summary>The yearly campaign (R-DOS-5); without one, booking is never gated by the file.</summary>
    /// <value>None.</value>
    public CampaignOptions? Campaign { get; set; }
}

/// <summary>One kind of fiche: <c>Dossier:Fiches:N</c>.</summary>
public sealed class FicheOptions
{
    /// <summary>Holder, OtherGuardian, Insurance, Authorisations, Contacts, Health or InternalRules.</summary>
    public string? Kind { get; set; }

    /// <summary>Whether it must be validated before the family books.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Required { get; set; } = true;

    /// <summary>The name families see.</summary>
    /// <value>The guides' name ("Fiche responsable compte famille", "Assurance scolaire et extra-scolaire"…).</value>
    public string? Name { get; set; }
}

/// <summary>One question of the Autorisations parentales fiche: <c>Dossier:Authorisations:N</c>.</summary>
public sealed class AuthorisationOptions
{
    /// <summary>A stable code (answers are stored under it).</summary>
    public string? Id { get; set; }

    /// <summary>The question families read.</summary>
    public string? Question { get; set; }
}

/// <summary>One document asked with a kind of fiche: <c>Dossier:Documents:N</c>.</summary>
public sealed class DocumentOptions
{
    /// <summary>A stable code (files are stored under it).</summary>
    public string? Id { get; set; }

    /// <summary>The kind of fiche it is attached to.</summary>
    public string? Fiche { get; set; }

    /// <summary>The label families read ("Attestation d'assurance").</summary>
    public string? Label { get; set; }

    /// <summary>Required, Optional, or IfPai (required when the health fiche asks for a PAI).</summary>
    /// <value>Required.</value>
    public string Requirement { get; set; } = "Required";
}

/// <summary>The internal rules of one structure: <c>Dossier:InternalRules:N</c>.</summary>
public sealed class InternalRulesOptions
{
    /// <summary>The structure (Structures:*:Id).</summary>
    public string? Structure { get; set; }

    /// <summary>The text, or where to read it.</summary>
    public string? Text { get; set; }
}

/// <summary>The yearly campaign: <c>Dossier:Campaign</c>.</summary>
public sealed class CampaignOptions
{
    /// <summary>Its first day, yyyy-MM-dd.</summary>
    public string? Start { get; set; }

    /// <summary>Its last day, yyyy-MM-dd: from the next day, a file not entirely validated cannot book (R-WIN-6).</summary>
    public string? Deadline { get; set; }
}
