using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.Catalog;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo's accounts (issue 6): the family DUPONT (login <c>dupont</c>) and an agent of every
/// structure (login <c>agent</c>). Created on the first start; on every start, an account that still
/// has a temporary password gets a fresh one, printed to the console, so that whoever starts the
/// demo can sign in (and must then choose a password and accept the documents, as a family does).
/// Runs after <see cref="DemoData"/>.
/// </summary>
public sealed class DemoAccounts(IOptions<DemoOptions> options, Catalogue catalogue, AccountService accounts, IAccountStore store, ILogger<DemoAccounts> logger) : IHostedService
{
    public const string FamilyLogin = "dupont";

    public const string AgentLogin = "agent";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = catalogue[options.Value.TenantId];
        var family = new LoginId(FamilyLogin);
        var agent = new LoginId(AgentLogin);
        if (await store.GetAsync(tenant.Id, family, cancellationToken) is null)
        {
            await accounts.CreateFamilyAccountAsync(tenant.Id, new NewFamilyAccount(family, options.Value.FamilyId), cancellationToken);
        }

        if (await store.GetAsync(tenant.Id, agent, cancellationToken) is null)
        {
            await accounts.CreateAgentAccountAsync(tenant.Id, agent, [.. tenant.Structures.Select(s => new AgentGrant(s.Id, AgentRole.Manager))], cancellationToken);
        }

        foreach (var login in new[] { family, agent })
        {
            var text = await store.GetAsync(tenant.Id, login, cancellationToken) is { MustChangePassword: true }
                ? $"identifiant « {login} », mot de passe provisoire « {await accounts.IssueTemporaryPasswordAsync(tenant.Id, login, cancellationToken)} »"
                : $"identifiant « {login} », mot de passe déjà choisi";
            Console.WriteLine($"Portail : compte de démonstration {text}");
            Log.DemoAccount(logger, login.Value);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account {Login} is ready (its credentials are printed on the console).")]
    public static partial void DemoAccount(ILogger logger, string login);
}
