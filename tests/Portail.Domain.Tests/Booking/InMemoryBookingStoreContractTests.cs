using Portail.Booking;
using Portail.InMemory;
using Portail.Testing;

namespace Portail.Domain.Tests.Booking;

/// <summary>The in-memory store passes the same contract as the real stores.</summary>
public sealed class InMemoryBookingStoreContractTests : BookingStoreContract
{
    protected override Task<IBookingStore> CreateCleanStoreAsync() => Task.FromResult<IBookingStore>(new InMemoryBookingStore());
}
