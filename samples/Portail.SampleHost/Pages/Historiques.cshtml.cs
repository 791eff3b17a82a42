using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Portail.Billing;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>"Historiques" (R-HIS-1, R-HIS-2): the month's consumptions, with arrows, a text filter and the TOTAL; the payments of the same month.</summary>
public sealed class HistoriquesModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IWalletLedger ledger)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "mois")]
    public string? MonthParam { get; set; }

    /// <summary>Keeps the lines whose date, first name or activity contains it ("APS").</summary>
    [BindProperty(SupportsGet = true, Name = "filtre")]
    public string? Filter { get; set; }

    public YearMonth Month { get; private set; }

    /// <summary>Families see the current and the previous month (R-HIS-1).</summary>
    public bool HasPrevious => Month > Today.ToYearMonth().PlusMonths(-1);

    public bool HasNext => Month < Today.ToYearMonth();

    public IReadOnlyList<ConsumptionLine> Consumptions { get; private set; } = [];

    public IReadOnlyList<WalletMovement> Payments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var current = Today.ToYearMonth();
        var parsed = YearMonthPattern.Iso.Parse(MonthParam ?? "");
        Month = parsed.Success ? parsed.Value : current;
        if (Month > current || Month < current.PlusMonths(-1))
        {
            return NotFound();
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
        return Page();
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
