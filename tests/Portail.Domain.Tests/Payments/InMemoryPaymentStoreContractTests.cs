using Microsoft.Extensions.DependencyInjection;
using Portail.Domain.Tests.Notifications;
using Portail.Testing;

namespace Portail.Domain.Tests.Payments;

/// <summary>The in-memory payment store passes the same contract as the real stores, 1,000 payments in the exactly-once test.</summary>
public sealed class InMemoryPaymentStoreContractTests : PaymentStoreContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(InMemoryStorage.Create());
}
