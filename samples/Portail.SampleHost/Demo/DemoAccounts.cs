using Microsoft.Extensions.Options;
using Portail.Accounts;
using Portail.Catalog;

namespace Portail.SampleHost.Demo;

/// <summary>
/// The demo's accounts (issue 6): the family DUPONT (login <c>dupont</c>) and an agent of every
/// structure with every right, the health right included (login <c>agent</c>). Created on the first
/// start; on every start, an account that still has a temporary password gets a fresh one, printed to
/// the console, so that whoever starts the demo can sign in (and must then choose a password and
/// accept the documents, as a family does). Runs after <see cref="DemoData"/>.
/// </summary>
public sealed class DemoAccounts(IOptions<DemoOptions> options, Catalogue catalogue, AccountService accounts, IAccountStore store, ILogger<DemoAccounts> logger) : IHostedService
{
    public const string FamilyLogin = "dupont";

    public const string AgentLogin = "agent";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var tenant = catalogue[options.Value.TenantId];
        // The seeding acts as the demo agent, the installation's first account (provisioned: nobody is signed in yet).
        var agent = new AgentActor(tenant.Id, new LoginId(AgentLogin), tenant.Structures.ToDictionary(s => s.Id, _ => AgentRole.Health));
        await ShowAsync(agent, new LoginId(FamilyLogin), l => accounts.CreateFamilyAccountAsync(agent, new NewFamilyAccount(l, options.Value.FamilyId), cancellationToken), cancellationToken);
        await ShowAsync(agent, agent.Login, l => accounts.ProvisionAgentAccountAsync(tenant.Id, l, [.. agent.Grants.Select(g => new AgentGrant(g.Key, g.Value))], cancellationToken), cancellationToken);
    }

    // Creates the account when missing, else gives it a fresh temporary password while it still has one; prints what to sign in with.
    private async Task ShowAsync(AgentActor agent, LoginId login, Func<LoginId, ValueTask<OneOf.OneOf<AccountCreated, AccountRefused>>> create, CancellationToken cancellationToken)
    {
        var password = await store.GetAsync(agent.Tenant, login, cancellationToken) switch
        {
            null => (await create(login)).Match(created => created.TemporaryPassword, refused => throw new InvalidOperationException($"The demo account {login} could not be created: {refused.Message}")),
            { MustChangePassword: true } => await accounts.IssueTemporaryPasswordAsync(agent, login, cancellationToken),
            _ => null,
        };
        var text = password is null ? $"identifiant « {login} », mot de passe déjà choisi" : $"identifiant « {login} », mot de passe provisoire « {password} »";
        Console.WriteLine($"Portail : compte de démonstration {text}");
        Log.DemoAccount(logger, login.Value);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account {Login} is ready (its credentials are printed on the console).")]
    public static partial void DemoAccount(ILogger logger, string login);
}
