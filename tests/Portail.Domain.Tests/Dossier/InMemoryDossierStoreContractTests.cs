using Microsoft.Extensions.DependencyInjection;
using Portail.Domain.Tests.Notifications;
using Portail.Testing;

namespace Portail.Domain.Tests.Dossier;

/// <summary>The in-memory dossier store passes the same contract as the real stores.</summary>
public sealed class InMemoryDossierStoreContractTests : DossierStoreContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(InMemoryStorage.Create());
}
