using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portail.Notifications;

#pragma warning disable CA2227 // dictionaries are what the configuration binder fills

/// <summary>
/// The texts of the mails, overridable for all tenants or per tenant: the <c>Portail:MailTexts</c>
/// configuration section. Keys are those of <see cref="MailTexts.Defaults"/>; a text may use the
/// placeholders its key lists (<c>{structure}</c>…); an empty text leaves its paragraph out.
/// </summary>
/// <example>
/// <code>
/// "MailTexts": {
///   "All":     { "Website": "Vous pouvez consulter l'état de vos réservations sur https://famille.exemple.fr." },
///   "Tenants": { "cestas": { "Report.Subject": "Cestas : compte rendu de vos réservations" } }
/// }
/// </code>
/// </example>
public sealed class MailTextOptions
{
    /// <summary>Texts that replace the defaults for every tenant.</summary>
    public Dictionary<string, string> All { get; set; } = [];

    /// <summary>Per tenant id, texts that replace the defaults and <see cref="All"/> for that tenant.</summary>
    public Dictionary<string, Dictionary<string, string>> Tenants { get; set; } = [];
}

/// <summary>The keys of the mails' texts, their French defaults and the placeholders each may use (R-NTF-1, R-NTF-2).</summary>
public static partial class MailTexts
{
    /// <summary>Every key, with its default text and the placeholders it may use.</summary>
    public static IReadOnlyDictionary<string, (string Text, string[] Placeholders)> Defaults { get; } = new Dictionary<string, (string, string[])>
    {
        ["Greeting"] = ("{destinataire}", ["destinataire"]),
        ["Website"] = ("Vous pouvez consulter l'état de vos réservations sur notre site Internet.", []),
        ["NoReply"] = ("Ne pas utiliser ces mails automatiques pour nous adresser un message : ils ne nous parviendront pas.", []),

        ["Report.Subject"] = ("Compte rendu de vos demandes de réservation", ["structure"]),
        ["Report.Introduction"] = ("Veuillez trouver ci-dessous un compte rendu des modifications apportées à vos demandes de réservation sur la structure : {structure}.", ["structure"]),
        ["Report.Movements"] = ("{n} mouvements sur vos demandes de réservations ont été reçus, dont :", ["n"]),
        ["Report.Movements.One"] = ("{n} mouvement sur vos demandes de réservations a été reçu, dont :", ["n"]),
        ["Report.Bookings"] = ("{n} nouvelles demandes de réservation", ["n"]),
        ["Report.Bookings.One"] = ("{n} nouvelle demande de réservation", ["n"]),
        ["Report.Cancellations"] = ("{n} demandes d'annulation", ["n"]),
        ["Report.Cancellations.One"] = ("{n} demande d'annulation", ["n"]),
        ["Report.Waitlisted"] = ("RESERVATIONS MISES EN LISTE D'ATTENTE", []),
        ["Report.Accepted"] = ("RESERVATIONS ACCEPTEES", []),
        ["Report.Refused"] = ("RESERVATIONS REFUSEES", []),
        ["Report.AwaitingAnswer"] = ("RESERVATIONS EN ATTENTE DE REPONSE", []),
        ["Report.Cancelled"] = ("RESERVATIONS ANNULEES", []),
        ["Report.Activity"] = ("Activité : {activite}", ["activite"]),

        ["WaitlistPromoted.Subject"] = ("Réservation acceptée : une place s'est libérée", ["enfant", "activite", "date"]),
        ["WaitlistPromoted.Text"] = ("Une place s'est libérée : la demande de réservation en liste d'attente de {enfant} pour l'activité {activite} le {date} a été acceptée.", ["enfant", "activite", "date"]),

        ["PaymentTicket.Subject"] = ("Ticket de paiement n° {reference}", ["reference", "montant", "date"]),
        ["PaymentTicket.Text"] = ("Nous avons bien reçu votre paiement par carte bancaire de {montant} le {date} (n° de pièce {reference}). Il a été porté au crédit de :", ["reference", "montant", "date"]),

        ["FicheValidated.Subject"] = ("Fiche validée : {fiche}", ["fiche"]),
        ["FicheValidated.Text"] = ("La fiche « {fiche} » de votre dossier famille a été validée par le service.", ["fiche"]),
        ["FicheRejected.Subject"] = ("Fiche à corriger : {fiche}", ["fiche"]),
        ["FicheRejected.Text"] = ("La fiche « {fiche} » de votre dossier famille a été rejetée par le service pour le motif suivant : {motif}", ["fiche", "motif"]),
        ["FicheRejected.Action"] = ("Vous pouvez la corriger et la transmettre à nouveau sur notre site Internet.", ["fiche"]),

        ["PasswordReset.Subject"] = ("Réinitialisation de votre mot de passe", []),
        ["PasswordReset.Text"] = ("Pour choisir un nouveau mot de passe, ouvrez le lien ci-dessous avant le {expiration} :", ["expiration"]),
        ["PasswordReset.Ignore"] = ("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe ne change pas.", []),
    };

    /// <summary>
    /// The errors of a set of texts, each naming its setting (<c>Portail:MailTexts:Tenants:cestas:Report.Subject</c>):
    /// an unknown key, a placeholder its key does not offer, an unbalanced brace, a text over 2000 characters.
    /// </summary>
    /// <param name="options">The configured texts.</param>
    /// <param name="path">The section's path, for the messages.</param>
    /// <param name="tenants">The configured tenant ids: texts of another tenant are refused.</param>
    public static IReadOnlyList<string> Check(MailTextOptions options, string path, IReadOnlyCollection<TenantId> tenants)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tenants);
        var errors = new List<string>();
        CheckSet(options.All, $"{path}:All", errors);
        foreach (var (tenant, texts) in options.Tenants)
        {
            if (!tenants.Contains(new TenantId(tenant)))
            {
                errors.Add($"{path}:Tenants:{tenant}: no tenant '{tenant}' is configured (tenants: {string.Join(", ", tenants)}).");
            }

            CheckSet(texts, $"{path}:Tenants:{tenant}", errors);
        }

        return errors;
    }

    /// <summary>The texts of one tenant: its own, else those for all, else the defaults.</summary>
    internal static Func<string, string> For(MailTextOptions options, TenantId tenant)
    {
        var own = options.Tenants.GetValueOrDefault(tenant.Value);
        return key => own?.GetValueOrDefault(key) ?? options.All.GetValueOrDefault(key) ?? Defaults[key].Text;
    }

    /// <summary>A text with its placeholders replaced; a placeholder without a value stays as written.</summary>
    internal static string Fill(string text, params ReadOnlySpan<(string Name, string Value)> values)
    {
        var result = new StringBuilder(text);
        foreach (var (name, value) in values)
        {
            result.Replace("{" + name + "}", value);
        }

        return result.ToString();
    }

    private static void CheckSet(Dictionary<string, string> texts, string path, List<string> errors)
    {
        foreach (var (key, text) in texts)
        {
            if (!Defaults.TryGetValue(key, out var known))
            {
                errors.Add($"{path}:{key}: no mail text has this key; the keys are {string.Join(", ", Defaults.Keys)}.");
                continue;
            }

            var value = text ?? string.Empty;
            if (value.Length > 2000)
            {
                errors.Add($"{path}:{key}: the text is {value.Length} characters long; at most 2000.");
            }

            var unknown = Placeholder().Matches(value).Select(m => m.Groups[1].Value).Where(p => !known.Placeholders.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                errors.Add($"{path}:{key}: {string.Join(", ", unknown.Select(p => "{" + p + "}"))} is not a placeholder of this text; it may use {(known.Placeholders.Length == 0 ? "none" : string.Join(", ", known.Placeholders.Select(p => "{" + p + "}")))}.");
            }

            if (Placeholder().Replace(value, string.Empty).IndexOfAny(['{', '}']) >= 0)
            {
                errors.Add($"{path}:{key}: a brace does not close a placeholder; write placeholders as {{name}}.");
            }
        }
    }

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>Refuses, at start-up, mail texts that name an unknown key, tenant or placeholder.</summary>
internal sealed class MailTextValidation(string path, Func<IReadOnlyCollection<TenantId>> tenants) : IValidateOptions<MailTextOptions>
{
    public ValidateOptionsResult Validate(string? name, MailTextOptions options)
    {
        var errors = MailTexts.Check(options, path, tenants());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
