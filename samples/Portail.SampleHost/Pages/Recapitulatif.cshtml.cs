using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>
/// The summary (R-BSK-1): booking and cancellation requests with totals; remove one line, go back,
/// abandon, or validate (R-BSK-2). The form carries a submission id made when the summary is shown,
/// so that a double click is recorded once, and a digest of the basket shown, so that what is
/// validated is what the family read.
/// </summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class RecapitulatifModel(
    Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IBasketStore baskets, BookingService booking)
    : CalendarPageModel(catalogue, demo, families, clock)
{
    public BasketSummary? Summary { get; private set; }

    /// <summary>Why the validation (or the summary) was refused, from the core.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The basket changed since the summary was shown.</summary>
    public string? Notice { get; private set; }

    public Guid SubmissionId { get; private set; }

    public string Fingerprint { get; private set; } = "";

    public int Pending { get; private set; }

    public int PendingElsewhere { get; private set; }

    /// <summary>The calendar the family came from, for "Retour".</summary>

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await RenderAsync(cancellationToken);

    /// <summary>The red cross: takes one request out of the basket.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string? enfant, string? activite, string? date, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(enfant) || string.IsNullOrEmpty(activite) || date is null || LocalDatePattern.Iso.Parse(date) is not { Success: true } day)
        {
            return BadRequest();
        }

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        await baskets.SaveAsync(Tenant.Id, Family, basket.Without(new RequestKey(new ChildId(enfant), new ActivityId(activite), day.Value)), cancellationToken);
        return RedirectToPage("/Recapitulatif", new { structure = StructureRoute, child = ChildParam, activity = ActivityParam, month = MonthParam });
    }

    /// <summary>"Abandonner": every request of this structure is dropped; back to the calendar.</summary>
    public async Task<IActionResult> OnPostAbandonAsync(CancellationToken cancellationToken)
    {
        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        await baskets.SaveAsync(Tenant.Id, Family, BasketParts.Without(basket, BasketParts.Of(basket, Tenant, Structure.Id)), cancellationToken);
        return RedirectToPage("/Reservations", new { structure = StructureRoute, child = ChildParam, activity = ActivityParam, month = MonthParam });
    }

    /// <summary>"Valider": the final validation (R-BSK-2, R-BSK-3), then the result page.</summary>
    public async Task<IActionResult> OnPostValidateAsync(Guid? soumission, string? empreinte, CancellationToken cancellationToken)
    {
        if (soumission is not { } id || id == Guid.Empty)
        {
            return BadRequest();
        }

        // A second click after the first one has emptied the basket: show the first result, read back from the store.
        var scope = new FamilyScope(FamilyAccount, Structure.Id);
        if (await booking.GetValidationAsync(scope, id, cancellationToken) is not null)
        {
            return RedirectToPage("/Resultat", new { structure = StructureRoute, id, child = ChildParam, activity = ActivityParam, month = MonthParam, repete = true });
        }

        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        var part = BasketParts.Of(basket, Tenant, Structure.Id);
        if (empreinte != BasketParts.Fingerprint(part))
        {
            Notice = "Vos demandes ont changé depuis l'affichage du récapitulatif (dans un autre onglet ?) : vérifiez-les, puis validez à nouveau.";
            return await RenderAsync(cancellationToken);
        }

        var answer = await booking.ValidateAsync(scope, part, id, cancellationToken);
        if (answer.TryPickT1(out var refused, out var report))
        {
            Refusal = refused.Message;
            return await RenderAsync(cancellationToken);
        }

        var now = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        await baskets.SaveAsync(Tenant.Id, Family, BasketParts.Without(now, part), cancellationToken);
        return RedirectToPage("/Resultat", new { structure = StructureRoute, id, child = ChildParam, activity = ActivityParam, month = MonthParam, repete = report.Replayed ? true : (bool?)null });
    }

    /// <summary>What the red cross of a line says to a screen reader.</summary>
    public static string RemoveLabel(SummaryLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var what = line.Kind == RequestKind.Book ? "la demande de réservation" : "la demande d'annulation";
        return $"Retirer {what} : {line.Activity}, {line.Child}, {French.LongDate(line.Key.Date)}";
    }

    private async Task<IActionResult> RenderAsync(CancellationToken cancellationToken)
    {
        var basket = await baskets.GetAsync(Tenant.Id, Family, cancellationToken);
        var part = BasketParts.Of(basket, Tenant, Structure.Id);
        Pending = part.Count;
        PendingElsewhere = basket.Count - part.Count;
        Fingerprint = BasketParts.Fingerprint(part);
        SubmissionId = Guid.NewGuid();
        if (part.Count > 0)
        {
            var summary = await booking.SummarizeAsync(new FamilyScope(FamilyAccount, Structure.Id), part, cancellationToken);
            summary.Switch(s => Summary = s, r => Refusal ??= r.Message);
        }

        return Page();
    }
}
