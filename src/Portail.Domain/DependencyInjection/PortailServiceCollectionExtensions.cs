using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail;
using Portail.Accounts;
using Portail.Billing;
using Portail.Booking;
using Portail.Calendar;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Dossier;
using Portail.Families;
using Portail.InMemory;
using Portail.News;
using Portail.Notifications;
using Portail.Payments;
using Portail.Windows;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <see cref="PortailServiceCollectionExtensions.AddPortail"/> returns: adapters add themselves to it (<c>UseSqliteStorage</c>…).</summary>
public interface IPortailBuilder
{
    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Registers Portail in a host.</summary>
public static class PortailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core: the catalogue read from <paramref name="section"/> and validated at start-up
    /// (errors name the setting), the clock (the system clock unless one is registered), the use cases,
    /// the family file (its rules read from each tenant's <c>Dossier</c> section, the booking gate
    /// <see cref="DossierFileStatus"/> and the quotient <see cref="DossierPricing"/>). Storage must be chosen with a
    /// <c>Use…Storage</c> call; start-up fails naming the packages to add when none is.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="section">The <c>Portail</c> configuration section.</param>
    public static IPortailBuilder AddPortail(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var path = section is IConfigurationSection s ? s.Path : "Portail";

        services.AddOptions<PortailOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortailOptions>>(new CatalogueValidation(path));
        services.TryAddSingleton(sp => CatalogueLoader.Load(sp.GetRequiredService<IOptions<PortailOptions>>().Value, path));

#pragma warning disable RS0030 // the one place the system clock is the default; hosts and tests register their own IClock
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<IFamilyFileStatus, DossierFileStatus>();
        services.TryAddSingleton<IAccountStanding, LedgerStanding>();
        services.TryAddSingleton<IPriceList, ConfiguredPrices>();
        services.TryAddSingleton<IFamilyPricing, DossierPricing>();
        services.TryAddSingleton<ReservationCalendar>();
        services.TryAddSingleton<BookingService>();
        services.TryAddSingleton<BalanceEstimation>();
        services.TryAddSingleton<ConsumptionPosting>();
        services.TryAddSingleton<DeskOperations>();

        services.TryAddSingleton<IBookingStore>(sp => Storage(sp).Bookings);
        services.TryAddSingleton<IBookingReader>(sp => sp.GetRequiredService<IBookingStore>());
        services.TryAddSingleton<IBasketStore>(sp => Storage(sp).Baskets);
        services.TryAddSingleton<IFamilyDirectory>(sp => Storage(sp).Families);
        services.TryAddSingleton<INewsStore>(sp => Storage(sp).News);
        services.TryAddSingleton<IWalletLedger>(sp => Storage(sp).Wallets);
        services.TryAddSingleton<IMailOutbox>(sp => Storage(sp).Outbox);
        services.TryAddSingleton<NewsBoard>();
        services.TryAddSingleton<IAccountStore>(sp => Storage(sp).Accounts);

        // Accounts (R-ACC): passwords, throttling, reset, consent; the access checks (R-ACC-7).
        services.AddOptions<AccountOptions>().Bind(section.GetSection("Accounts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>>(new AccountOptionsValidation($"{path}:Accounts"));
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<AccessControl>();

        // The family file (R-DOS): its rules per tenant, the store, the use case (it needs IAttachmentFiles).
        services.AddSingleton<IValidateOptions<PortailOptions>>(new DossierValidation(path));
        services.TryAddSingleton(sp => DossierConfiguration.Load(sp.GetRequiredService<IOptions<PortailOptions>>().Value, path));
        services.TryAddSingleton<IDossierStore>(sp => Storage(sp).Dossiers);
        services.TryAddSingleton(sp => new DossierService(
            sp.GetRequiredService<Catalogue>(),
            sp.GetRequiredService<DossierSettings>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IDossierStore>(),
            sp.GetRequiredService<IFamilyDirectory>(),
            sp.GetService<IAttachmentFiles>() ?? throw new InvalidOperationException(NoAttachmentFiles),
            sp.GetRequiredService<AccessControl>()));

        // Online payment (R-PAY): the use case needs a gateway (UseTipiPayments).
        services.TryAddSingleton<IPaymentStore>(sp => Storage(sp).Payments);
        services.AddOptions<PaymentOptions>().Bind(section.GetSection("Payments")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentOptions>>(new PaymentOptionsValidation($"{path}:Payments"));
        services.TryAddSingleton(sp => new OnlinePayments(
            sp.GetRequiredService<Catalogue>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IPaymentStore>(),
            sp.GetService<IPaymentGateway>() ?? throw new InvalidOperationException(NoPaymentGateway),
            sp.GetRequiredService<IFamilyDirectory>(),
            sp.GetRequiredService<IOptions<PaymentOptions>>()));

        // Mail (R-NTF): texts, rendering, the nightly transmission and the outbox's dispatcher.
        services.AddOptions<MailTextOptions>().Bind(section.GetSection("MailTexts")).ValidateOnStart();
        // The tenants' ids as configured, not through the validated options, whose errors are the catalogue's to report.
        services.AddSingleton<IValidateOptions<MailTextOptions>>(new MailTextValidation(
            $"{path}:MailTexts", () => section.GetSection("Tenants").GetChildren().Select(t => new TenantId(t["Id"] ?? string.Empty)).ToList()));
        services.AddOptions<OutboxOptions>().Bind(section.GetSection("Outbox")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>>(new OutboxOptionsValidation($"{path}:Outbox"));
        services.TryAddSingleton<MailRenderer>();
        services.TryAddSingleton<NightlyTransmission>();
        services.TryAddSingleton<InformationMailing>();
        services.AddOptions<TransmissionOptions>().Bind(section.GetSection("Transmission")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransmissionOptions>>(new TransmissionOptionsValidation($"{path}:Transmission"));
        services.TryAddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<IMailOutbox>(),
            sp.GetService<IMailSender>() ?? throw new InvalidOperationException(NoMailSender),
            sp.GetRequiredService<MailRenderer>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<OutboxOptions>>()));
        services.AddHostedService<StoragePreparation>();
        services.AddOptions<StorageCheck>()
            .Validate<IServiceProvider>((_, sp) => sp.GetService<IPortailStorage>() is not null, NoStorage)
            .ValidateOnStart();
        return new PortailBuilder(services);
    }

    /// <summary>
    /// Stores everything in memory (<see cref="InMemoryBookingStore"/>, <see cref="InMemoryBasketStore"/>, <see cref="InMemoryFamilyDirectory"/>,
    /// <see cref="InMemoryMailOutbox"/>…, each also registered as itself): for tests, demos and quick starts; nothing survives a restart.
    /// The last <c>Use…Storage</c> call wins.
    /// </summary>
    public static IPortailBuilder UseInMemoryStorage(this IPortailBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InMemoryBookingStore>();
        builder.Services.TryAddSingleton<InMemoryBasketStore>();
        builder.Services.TryAddSingleton<InMemoryFamilyDirectory>();
        builder.Services.TryAddSingleton<InMemoryNewsStore>();
        builder.Services.TryAddSingleton<InMemoryWalletLedger>();
        builder.Services.TryAddSingleton<InMemoryMailOutbox>();
        builder.Services.TryAddSingleton(sp => new InMemoryAccountStore(sp.GetRequiredService<InMemoryMailOutbox>()));
        builder.Services.TryAddSingleton<InMemoryPaymentStore>();
        builder.Services.TryAddSingleton(sp => new InMemoryDossierStore(sp.GetRequiredService<InMemoryMailOutbox>()));
        builder.Services.TryAddSingleton<InMemoryAttachmentFiles>();
        builder.Services.TryAddSingleton<IAttachmentFiles>(sp => sp.GetRequiredService<InMemoryAttachmentFiles>());
        return builder.UseStorage(sp => new InMemoryStorage(
            sp.GetRequiredService<InMemoryBookingStore>(), sp.GetRequiredService<InMemoryBasketStore>(), sp.GetRequiredService<InMemoryFamilyDirectory>(),
            sp.GetRequiredService<InMemoryNewsStore>(), sp.GetRequiredService<InMemoryWalletLedger>(), sp.GetRequiredService<InMemoryMailOutbox>(),
            sp.GetRequiredService<InMemoryAccountStore>(), sp.GetRequiredService<InMemoryPaymentStore>(), sp.GetRequiredService<InMemoryDossierStore>()));
    }

    private static IPortailStorage Storage(IServiceProvider services) =>
        services.GetService<IPortailStorage>() ?? throw new InvalidOperationException(NoStorage);

    private const string NoMailSender =
        "No IMailSender is registered, so the OutboxDispatcher cannot send: after AddPortail(...), call UseSmtpMail(...) "
        + "(package Portail.Adapters.Smtp), or register your own IMailSender.";

    private const string NoAttachmentFiles =
        "No IAttachmentFiles is registered, so the family file cannot keep attached documents: register an IAttachmentFiles "
        + "(a file-system or object-store adapter), or call UseInMemoryStorage() for tests and demos.";

    private const string NoPaymentGateway =
        "No IPaymentGateway is registered, so online payments cannot start: after AddPortail(...), call UseTipiPayments(...) "
        + "(package Portail.Adapters.Tipi), or register your own IPaymentGateway.";

    private const string NoStorage =
        "No storage is configured for Portail: after AddPortail(...), call UseSqliteStorage(\"Data Source=App_Data/portail.db\") "
        + "(package Portail.Adapters.Sqlite), UsePostgresStorage(connectionString) (package Portail.Adapters.Postgres), "
        + "or UseInMemoryStorage() for tests and demos.";

    private sealed class PortailBuilder(IServiceCollection services) : IPortailBuilder
    {
        public IServiceCollection Services { get; } = services;
    }

    private sealed class StorageCheck;

    private sealed class InMemoryStorage(
        InMemoryBookingStore bookings, InMemoryBasketStore baskets, InMemoryFamilyDirectory families, InMemoryNewsStore news, InMemoryWalletLedger wallets, InMemoryMailOutbox outbox,
        InMemoryAccountStore accounts,
        InMemoryPaymentStore payments,
        InMemoryDossierStore dossiers) : IPortailStorage
    {
        public IDossierStore Dossiers => dossiers;

        public IAccountStore Accounts => accounts;

        public IPaymentStore Payments => payments;

        public IMailOutbox Outbox => outbox;

        public INewsStore News => news;

        public IWalletLedger Wallets => wallets;

        public IBookingStore Bookings => bookings;

        public IBasketStore Baskets => baskets;

        public IFamilyDirectory Families => families;

        public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // Registered by AddPortail, before the host's own hosted services: the schema is ready before they seed or serve.
    private sealed class StoragePreparation(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Storage(services).PrepareAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DossierValidation(string path) : IValidateOptions<PortailOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortailOptions options)
        {
            var errors = DossierConfiguration.TryLoad(options, path, out _);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class CatalogueValidation(string path) : IValidateOptions<PortailOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortailOptions options)
        {
            var errors = CatalogueLoader.TryLoad(options, path, out _);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

/// <summary>How storage packages plug into Portail.</summary>
public static class PortailStorageExtensions
{
    /// <summary>
    /// Makes <typeparamref name="TStorage"/> Portail's storage: every port of the core is served by it,
    /// and its <see cref="IPortailStorage.PrepareAsync"/> runs when the host starts. Replaces the
    /// storage of an earlier <c>Use…Storage</c> call (the last one wins). For storage packages
    /// (<c>UseSqliteStorage</c>, <c>UsePostgresStorage</c> call it) and for tests.
    /// </summary>
    /// <param name="builder">What <c>AddPortail</c> returned.</param>
    /// <param name="factory">Builds the storage once, from the host's services.</param>
    public static IPortailBuilder UseStorage<TStorage>(this IPortailBuilder builder, Func<IServiceProvider, TStorage> factory)
        where TStorage : class, IPortailStorage
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IPortailStorage>();
        builder.Services.AddSingleton<IPortailStorage>(factory);
        return builder;
    }
}
