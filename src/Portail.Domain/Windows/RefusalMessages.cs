using NodaTime;

namespace Portail.Windows;

/// <summary>The French sentences of refusals (R-WIN-7), in one place.</summary>
internal static class RefusalMessages
{
    public const string FileNotValidated =
        "Votre Dossier Famille n'est pas encore validé : vous pourrez réserver dès que toutes vos fiches auront été validées par le service.";

    public const string AccountInDebit =
        "Votre Compte Famille est débiteur : vous pourrez réserver dès que vous l'aurez alimenté (onglet Paiement et solde).";

    public static string Write(Refusal r) => r.Reason switch
    {
        RefusalReason.NoService => r.Subject is null
            ? $"L'activité n'a pas lieu le {French.LongDate(r.Date)}."
            : $"Pas d'accueil le {French.LongDate(r.Date)} : {r.Subject}.",
        RefusalReason.NotEligible => $"Cette activité n'est pas ouverte à votre enfant ce jour : {r.Subject}.",
        RefusalReason.FileNotValidated => FileNotValidated,
        RefusalReason.AccountInDebit => AccountInDebit,
        RefusalReason.NoPeriod => $"Aucune période de réservation ne comprend le {French.LongDate(r.Date)}.",
        RefusalReason.NotOpenYet => $"Les réservations de la {r.Subject} ouvriront le {When(r.AtLocal!.Value)}.",
        RefusalReason.TooFarAhead =>
            $"Trop tôt : ce jour pourra être réservé à partir du {French.LongDate(r.AtLocal!.Value.Date)} ({r.Subject}).",
        RefusalReason.TooLate => TooLate(r),
        RefusalReason.Excluded => $"Cette activité ne peut pas être réservée le même jour que « {r.Subject} ».",
        _ => throw new System.Diagnostics.UnreachableException($"Unknown refusal reason {r.Reason}."),
    };

    private static string TooLate(Refusal r)
    {
        var verb = r.Action switch
        {
            BookingAction.Book => "réservé",
            BookingAction.Change => "modifié",
            _ => "annulé",
        };
        var local = r.AtLocal!.Value;

        // A deadline at midnight closes at the end of the previous day: say "inclus" for that day.
        var until = local.TimeOfDay == LocalTime.Midnight
            ? $"{French.LongDate(local.Date.PlusDays(-1))} inclus"
            : $"{French.LongDate(local.Date)} à {French.Time(local.TimeOfDay)}";
        return $"Hors délai : ce jour pouvait être {verb} jusqu'au {until}.";
    }

    private static string When(LocalDateTime local) =>
        local.TimeOfDay == LocalTime.Midnight
            ? French.LongDate(local.Date)
            : $"{French.LongDate(local.Date)} à {French.Time(local.TimeOfDay)}";
}
