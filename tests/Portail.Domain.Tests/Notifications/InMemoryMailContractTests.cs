using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portail.Testing;

namespace Portail.Domain.Tests.Notifications;

/// <summary>The in-memory outbox passes the same contract as the real stores.</summary>
public sealed class InMemoryMailOutboxContractTests : MailOutboxContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(InMemoryStorage.Create());
}

/// <summary>The in-memory storage passes the same transmission contract as the real stores.</summary>
public sealed class InMemoryTransmissionContractTests : TransmissionContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(InMemoryStorage.Create());
}

/// <summary>The in-memory storage as <c>UseInMemoryStorage</c> composes it: one outbox and one directory shared by its stores.</summary>
internal static class InMemoryStorage
{
    public static IPortailStorage Create() =>
        new ServiceCollection().AddPortail(new ConfigurationBuilder().Build()).UseInMemoryStorage().Services.BuildServiceProvider().GetRequiredService<IPortailStorage>();
}
