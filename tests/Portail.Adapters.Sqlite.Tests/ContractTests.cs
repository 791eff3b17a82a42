using Microsoft.Extensions.DependencyInjection;
using Portail.Billing;
using Portail.News;
using Portail.Booking;
using Portail.Families;
using Portail.Testing;

namespace Portail.Adapters.Sqlite.Tests;

/// <summary>
/// The SQLite store passes the booking contract (atomic commits, replay, waiting-list order,
/// capacity changes, tenancy, 64 concurrent validations, capacities 1, 10 and 500 under six times
/// as many attempts, racing cancellations, the model-based comparison with the in-memory
/// reference) on a real file; after every test the file passes <c>PRAGMA integrity_check</c> and
/// its counts equal its rows.
/// </summary>
public sealed class SqliteBookingStoreContractTests : BookingStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IBookingStore> CreateCleanStoreAsync() => Task.FromResult(_database.Get<IBookingStore>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite basket store passes the basket contract on a real file.</summary>
public sealed class SqliteBasketStoreContractTests : BasketStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IBasketStore> CreateCleanStoreAsync() => Task.FromResult(_database.Get<IBasketStore>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite family directory passes the directory contract on a real file.</summary>
public sealed class SqliteFamilyDirectoryContractTests : FamilyDirectoryContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IFamilyDirectory> CreateCleanDirectoryAsync() => Task.FromResult(_database.Get<IFamilyDirectory>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite news store passes the news contract on a real file.</summary>
public sealed class SqliteNewsStoreContractTests : NewsStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<INewsStore> CreateCleanStoreAsync() => Task.FromResult(_database.Get<INewsStore>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite wallet ledger passes the ledger contract on a real file.</summary>
public sealed class SqliteWalletLedgerContractTests : WalletLedgerContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IWalletLedger> CreateCleanLedgerAsync() => Task.FromResult(_database.Get<IWalletLedger>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>
/// The SQLite outbox passes the outbox contract on a real file, its concurrency test claiming through
/// two hosts on the file (two pools, two write gates: what two processes would have).
/// </summary>
public sealed class SqliteMailOutboxContractTests : MailOutboxContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(_database.Get<IPortailStorage>());

    protected override Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult(_database.Host().GetRequiredService<IPortailStorage>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite store passes the nightly transmission's contract on a real file, its concurrent runs through two hosts on the file.</summary>
public sealed class SqliteTransmissionContractTests : TransmissionContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(_database.Get<IPortailStorage>());

    protected override Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult(_database.Host().GetRequiredService<IPortailStorage>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite account store passes the account contract (concurrent failures counted exactly, a token used once) on a real file.</summary>
public sealed class SqliteAccountStoreContractTests : AccountStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(_database.Get<IPortailStorage>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite payment store passes the payment contract on a real file, 1,000 payments in the exactly-once test.</summary>
public sealed class SqlitePaymentStoreContractTests : PaymentStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(_database.Get<IPortailStorage>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}

/// <summary>The SQLite dossier store passes the dossier contract on a real file, its concurrency tests with 48 committers.</summary>
public sealed class SqliteDossierStoreContractTests : DossierStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult(_database.Get<IPortailStorage>());

    public void Dispose() => OnASqliteFile.SoundThenDelete(_database);
}
