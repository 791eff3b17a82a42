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

/// <summary>
/// The régie's desk (R-PAY-5, R-WAL-1): payments received by cheque, cash, CESU…, refunds and
/// corrections with their reason; the chosen family's balances and movements of the last months
/// (<c>?famille=</c>, the first family by default).
/// </summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class CaisseModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IWalletLedger ledger, DeskOperations desk)
    : PortalPageModel(catalogue, demo, families, clock)
{
    /// <summary>The family shown (<c>?famille=</c>), the demo family by default.</summary>
    [BindProperty(SupportsGet = true, Name = "famille")]
    public string? FamilyParam { get; set; }

    [BindProperty]
    public DeskForm Form { get; set; } = new();

    public IReadOnlyList<FamilyContact> Families { get; private set; } = [];

    public FamilyId Shown { get; private set; }

    public IReadOnlyList<WalletBalance> Balances { get; private set; } = [];

    public IReadOnlyList<WalletMovement> Movements { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string? Done { get; private set; }

    public string WalletName(WalletTypeId id) => Tenant.WalletTypes.FirstOrDefault(w => w.Id == id)?.Name ?? id.Value;

    /// <summary>The wallets of the structure shown: the desk's agent sees and records only those (R-ACC-7).</summary>
    public IReadOnlyList<WalletType> Wallets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Families.Any(f => f.Family == Shown) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var day = LocalDatePattern.Iso.Parse(Form.Date ?? "");
        if (!day.Success)
        {
            problems.Add($"La date « {Form.Date} » n'est pas une date : choisissez-la dans le calendrier.");
        }

        if (!Enum.TryParse<DeskOperation>(Form.Operation, out var operation))
        {
            problems.Add("Choisissez l'opération : paiement, remboursement ou correction.");
        }

        if (problems.Count == 0)
        {
            var entry = new DeskEntry(new FamilyId(Form.Family ?? ""), new WalletTypeId(Form.Wallet ?? ""), operation, Form.Amount, day.Value, Form.Mode, Form.Piece, Form.Payer, Form.Bank, Form.Reason);
            var recorded = await desk.RecordAsync(AgentAccount, Form.Id ?? Guid.NewGuid(), entry, cancellationToken);
            recorded.Switch(
                m => Done = $"{m.Label} de {French.Euros(m.Amount)} enregistré sur le porte-monnaie « {WalletName(m.Wallet)} ».",
                refused => problems.AddRange(refused.Problems));
        }

        Problems = problems;
        FamilyParam = Form.Family;
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Form = new DeskForm { Family = Form.Family, Wallet = Form.Wallet };
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Families = await Directory.ListContactsAsync(Tenant.Id, cancellationToken);
        Shown = string.IsNullOrEmpty(FamilyParam) ? (Families.Count > 0 ? Families[0].Family : default) : new FamilyId(FamilyParam);
        Wallets = [.. Tenant.WalletTypes.Where(w => w.Structure == Structure.Id)];
        var wallets = Wallets.Select(w => w.Id).ToHashSet();
        Balances = [.. (await ledger.GetBalancesAsync(Tenant.Id, Shown, cancellationToken)).Where(b => wallets.Contains(b.Wallet))];
        Movements = [.. (await ledger.GetMovementsAsync(Tenant.Id, Shown, new DateInterval(Today.PlusMonths(-3), Today), cancellationToken)).Where(m => wallets.Contains(m.Wallet)).Reverse()];
        Form.Id ??= Guid.NewGuid();
        Form.Family ??= Shown.Value;
        Form.Wallet ??= wallets.Count > 0 ? Wallets[0].Id.Value : null;
        Form.Date ??= LocalDatePattern.Iso.Format(Today);
        Form.Operation ??= nameof(DeskOperation.Payment);
    }

    /// <summary>The desk's form; its id is drawn when the form is shown, so that posting it twice records once.</summary>
    public sealed class DeskForm
    {
        public Guid? Id { get; set; }

        public string? Family { get; set; }

        public string? Wallet { get; set; }

        public string? Operation { get; set; }

        public string? Amount { get; set; }

        public string? Date { get; set; }

        public string? Mode { get; set; }

        public string? Piece { get; set; }

        public string? Payer { get; set; }

        public string? Bank { get; set; }

        public string? Reason { get; set; }
    }
}
