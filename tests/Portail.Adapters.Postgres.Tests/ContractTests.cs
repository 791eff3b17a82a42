using Microsoft.Extensions.DependencyInjection;
using Portail.Billing;
using Portail.News;
using Portail.Booking;
using Portail.Families;
using Portail.Testing;

namespace Portail.Adapters.Postgres.Tests;

/// <summary>The booking store contract (atomic commits, replays, waiting lists, 64 concurrent validations, capacities 1/10/500, the model-based comparison) on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresBookingStoreContractTests : BookingStoreContract
{
    /// <inheritdoc />
    protected override Task<IBookingStore> CreateCleanStoreAsync() => Task.FromResult<IBookingStore>(new PostgresBookingStore(PostgresServer.Shared));
}

/// <summary>The basket store contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresBasketStoreContractTests : BasketStoreContract
{
    /// <inheritdoc />
    protected override Task<IBasketStore> CreateCleanStoreAsync() => Task.FromResult<IBasketStore>(new PostgresBasketStore(PostgresServer.Shared));
}

/// <summary>The family directory contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresFamilyDirectoryContractTests : FamilyDirectoryContract
{
    /// <inheritdoc />
    protected override Task<IFamilyDirectory> CreateCleanDirectoryAsync() => Task.FromResult<IFamilyDirectory>(new PostgresFamilyDirectory(PostgresServer.Shared));
}

/// <summary>The news store contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresNewsStoreContractTests : NewsStoreContract
{
    /// <inheritdoc />
    protected override Task<INewsStore> CreateCleanStoreAsync() => Task.FromResult<INewsStore>(new PostgresNewsStore(PostgresServer.Shared));
}

/// <summary>The wallet ledger contract on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class PostgresWalletLedgerContractTests : WalletLedgerContract
{
    /// <inheritdoc />
    protected override Task<IWalletLedger> CreateCleanLedgerAsync() => Task.FromResult<IWalletLedger>(new PostgresWalletLedger(PostgresServer.Shared));
}

/// <summary>The outbox contract on PostgreSQL, its concurrent dispatchers on two stores with pools of their own (as two processes).</summary>
[RequiresPostgres]
public sealed class PostgresMailOutboxContractTests : MailOutboxContract
{
    /// <inheritdoc />
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.Shared));

    /// <inheritdoc />
    protected override Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.SharedElsewhere));
}

/// <summary>The nightly transmission's contract on PostgreSQL, its concurrent runs on two stores with pools of their own (as two processes).</summary>
[RequiresPostgres]
public sealed class PostgresTransmissionContractTests : TransmissionContract
{
    /// <inheritdoc />
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.Shared));

    /// <inheritdoc />
    protected override Task<IPortailStorage> CreateSecondStorageAsync(IPortailStorage first) => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.SharedElsewhere));
}

/// <summary>The account contract on PostgreSQL (concurrent failures counted exactly, a token used once).</summary>
[RequiresPostgres]
public sealed class PostgresAccountStoreContractTests : AccountStoreContract
{
    /// <inheritdoc />
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.Shared));
}

/// <summary>The PostgreSQL payment store passes the payment contract on a real server, 1,000 payments in the exactly-once test.</summary>
[RequiresPostgres]
public sealed class PostgresPaymentStoreContractTests : PaymentStoreContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.Shared));
}

/// <summary>The PostgreSQL dossier store passes the dossier contract on a real server, its concurrency tests with 48 committers.</summary>
[RequiresPostgres]
public sealed class PostgresDossierStoreContractTests : DossierStoreContract
{
    protected override Task<IPortailStorage> CreateCleanStorageAsync() => Task.FromResult<IPortailStorage>(new PostgresStorage(PostgresServer.Shared));
}
