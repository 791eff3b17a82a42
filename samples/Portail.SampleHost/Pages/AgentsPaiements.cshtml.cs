using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.Payments;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>The agents' list of online payment attempts into the structure's wallets (R-PAY-3), newest first, with their log and "re-check now".</summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class AgentsPaiementsModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, IServiceProvider services)
    : PaymentPageModel(catalogue, demo, families, clock, services)
{
    /// <summary>How many attempts the page lists.</summary>
    public const int Shown = 200;

    public IReadOnlyList<PaymentAttempt> Attempts { get; private set; } = [];

    public IReadOnlyDictionary<Guid, IReadOnlyList<PaymentCallback>> Logs { get; private set; } = new Dictionary<Guid, IReadOnlyList<PaymentCallback>>();

    public string? Done { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRecheckAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Payments is { } payments && await payments.RecheckAsync(AgentAccount, id, cancellationToken) is { } attempt)
        {
            Done = $"Paiement {attempt.Reference} revérifié : {PaymentStates.French(attempt.State)}.";
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var store = Store;
        Attempts = Payments is { } payments ? await payments.ListAsync(AgentAccount, Structure.Id, Shown, cancellationToken) : [];
        var logs = new Dictionary<Guid, IReadOnlyList<PaymentCallback>>();
        foreach (var attempt in Attempts.Take(20))
        {
            logs[attempt.Id] = await store.ListLogAsync(Tenant.Id, attempt.Id, 50, cancellationToken);
        }

        Logs = logs;
    }
}
