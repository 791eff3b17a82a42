using Portail.Billing;
using Portail.Booking;
using Portail.Families;
using Portail.InMemory;
using Portail.Testing;

namespace Portail.Domain.Tests.Booking;

/// <summary>The in-memory basket store passes the same contract as the real stores.</summary>
public sealed class InMemoryBasketStoreContractTests : BasketStoreContract
{
    protected override Task<IBasketStore> CreateCleanStoreAsync() => Task.FromResult<IBasketStore>(new InMemoryBasketStore());
}

/// <summary>The in-memory family directory passes the same contract as the real stores.</summary>
public sealed class InMemoryFamilyDirectoryContractTests : FamilyDirectoryContract
{
    protected override Task<IFamilyDirectory> CreateCleanDirectoryAsync() => Task.FromResult<IFamilyDirectory>(new InMemoryFamilyDirectory());
}

/// <summary>The in-memory wallet ledger passes the ledger contract.</summary>
public sealed class InMemoryWalletLedgerContractTests : WalletLedgerContract
{
    /// <inheritdoc />
    protected override Task<IWalletLedger> CreateCleanLedgerAsync() => Task.FromResult<IWalletLedger>(new InMemoryWalletLedger());
}
