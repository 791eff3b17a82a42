using Microsoft.Extensions.DependencyInjection;
using Portail.Domain.Tests.Notifications;
using Portail.Testing;

namespace Portail.Domain.Tests.Accounts;

/// <summary>The in-memory account store, as <c>UseInMemoryStorage</c> composes it with its outbox, passes the same contract as the real stores.</summary>
public sealed class InMemoryAccountStoreContractTests : AccountStoreContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(InMemoryStorage.Create());
}
