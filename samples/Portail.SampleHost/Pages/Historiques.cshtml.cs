using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Billing;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>"Historiques" (R-HIS-1, R-HIS-2): the month's consumptions, with arrows, a text filter and the TOTAL; the payments of the same month.</summary>
[Authorize(Policy = HostAuthentication.Family)]
public sealed class HistoriquesModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IWalletLedger ledger)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "mois")]
    public string? MonthParam { get; set; }

    /// <summary>Keeps the lines whose date, first name or activity contains it ("APS").</summary>
    [BindProperty(SupportsGet = true, Name = "filtre")]
    public string? Filter { get; set; }

    public YearMonth Month { get; private set; }

    /// <summary>The first month families see: the current one and as many before as the municipality's <c>Billing:HistoryMonths</c> says (R-HIS-1).</summary>
    public YearMonth FirstMonth => Today.ToYearMonth().PlusMonths(1 - Tenant.Billing.HistoryMonths);

    public bool HasPrevious => Month > FirstMonth;

    public bool HasNext => Month < Today.ToYearMonth();

    public IReadOnlyList<ConsumptionLine> Consumptions { get; private set; } = [];

    public IReadOnlyList<WalletMovement> Payments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>The month's consumptions (<c>quoi=consommations</c>, filtered as shown) or payments (<c>quoi=paiements</c>) as a CSV file for a spreadsheet (R-HIS-1, R-HIS-2).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? quoi, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken) || quoi is not ("consommations" or "paiements"))
        {
            return NotFound();
        }

        var month = YearMonthPattern.Iso.Format(Month);
        var csv = quoi == "consommations"
            ? Csv.Write(
                ["Date", "Nom", "Prénom", "Activité", "Prix unitaire", "Quantité", "Total"],
                Consumptions.Select(l => new object?[] { l.Date, l.Child?.LastName, l.Child?.FirstName ?? l.Movement.Child?.Value, l.Movement.Label, l.Movement.UnitPrice, l.Movement.Quantity, l.Total })
                    .Append(["TOTAL", null, null, null, null, null, Consumptions.Sum(l => l.Total)]))
            : Csv.Write(
                ["Date", "Mode", "N° de pièce", "Payeur", "Banque", "Montant"],
                Payments.Select(p => new object?[] { French.ShortDate(p.Date), p.Payment?.Mode ?? p.Label, p.Payment?.Piece, p.Payment?.Payer, p.Payment?.Bank, p.Amount })
                    .Append(["TOTAL", null, null, null, null, Payments.Sum(p => p.Amount)]));
        return File(csv, "text/csv; charset=utf-8", $"{quoi}-{month}.csv");
    }

    // The month asked for, within the months families see, and its lines; false when it is not one of them.
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var current = Today.ToYearMonth();
        var parsed = YearMonthPattern.Iso.Parse(MonthParam ?? "");
        Month = parsed.Success ? parsed.Value : current;
        if (Month > current || Month < FirstMonth)
        {
            return false;
        }

        var days = Month.ToDateInterval();
        var movements = await ledger.GetMovementsAsync(Tenant.Id, Family, days, cancellationToken);
        var names = Children.ToDictionary(c => c.Id);
        Consumptions = movements
            .Where(m => m.Kind == MovementKind.Consumption)
            .Select(m => new ConsumptionLine(m, m.Child is { } c && names.TryGetValue(c, out var child) ? child : null))
            .Where(l => string.IsNullOrWhiteSpace(Filter) || l.Matches(Filter.Trim()))
            .ToList();
        Payments = movements.Where(m => m.Kind == MovementKind.Payment).ToList();
        return true;
    }
}

/// <summary>One line of the consumption history: date, last name, first name, activity, unit price, quantity, total.</summary>
public sealed record ConsumptionLine(WalletMovement Movement, Child? Child)
{
    public string Date => French.ShortDate(Movement.Date);

    public decimal Total => -Movement.Amount;

    public bool Matches(string text) =>
        Date.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (Child?.FirstName.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || Movement.Label.Contains(text, StringComparison.OrdinalIgnoreCase);
}
