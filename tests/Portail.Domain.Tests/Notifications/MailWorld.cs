using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Booking;
using Portail.Families;
using Portail.InMemory;
using Portail.Notifications;

namespace Portail.Domain.Tests.Notifications;

/// <summary>
/// The guides' mail example as a world to test in: the municipality "Mairie de CarteVille" of the
/// report in SPEC.md §8 (APS MATIN with one place and a waiting list, RESTAURATION unlimited), the
/// family DUPONT (M. DUPONT Jean-Paul, two addresses; Amalia and Paolo), the core registered with
/// <c>AddPortail(...).UseInMemoryStorage()</c>, a fake clock in May 2023 and a recording mail sender.
/// </summary>
internal sealed class MailWorld : IDisposable
{
    public static readonly TenantId CarteVille = new("carteville");
    public static readonly FamilyId Dupont = new("dupont");
    public static readonly ActivityId ApsMatin = new("aps-matin");
    public static readonly ActivityId Restauration = new("restauration");
    public static readonly ChildId Amalia = new("amalia");
    public static readonly ChildId Paolo = new("paolo");

    private const string Configuration = """
        {
          "Portail": {
            "Tenants": [ {
              "Id": "carteville", "Name": "Mairie de CarteVille", "TimeZone": "Europe/Paris",
              "Structures": [ { "Id": "mairie", "Name": "Mairie de CarteVille" }, { "Id": "musique", "Name": "École de musique" } ],
              "WalletTypes": [ { "Id": "scolaire", "Name": "Services Scolaires et ALSH", "Structure": "mairie" }, { "Id": "musique", "Name": "École de musique", "Structure": "musique" } ],
              "Periods": [ { "Id": "P5", "Name": "Période 5", "Start": "2023-04-24", "End": "2023-07-07", "OpensAt": "2023-04-01" } ],
              "Activities": [
                { "Id": "aps-matin", "Name": "APS MATIN", "Structure": "mairie", "Wallet": "scolaire", "Days": [ "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi" ],
                  "Start": "07:00", "End": "08:30", "Capacity": 1, "Waitlist": 3, "Price": 1.20 },
                { "Id": "restauration", "Name": "RESTAURATION", "Structure": "mairie", "Wallet": "scolaire", "Days": [ "Lundi", "Mardi", "Jeudi", "Vendredi" ],
                  "Start": "11:30", "End": "13:30", "Price": 3.50 },
                { "Id": "piano", "Name": "Piano", "Structure": "musique", "Wallet": "musique", "Days": [ "Mercredi" ],
                  "Start": "14:00", "End": "15:00", "Price": 9.00 }
              ]
            } ]
          }
        }
        """;

    public MailWorld(Action<IConfigurationBuilder>? configure = null)
    {
        var builder = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Configuration)));
        configure?.Invoke(builder);
        var config = builder.Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(Clock);
        services.AddSingleton<IMailSender>(Sender);
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var families = Services.GetRequiredService<InMemoryFamilyDirectory>();
        families.Add(CarteVille, new Child(Amalia, Dupont, "DUPONT", "Amalia", new LocalDate(2016, 2, 1), null, new HashSet<ActivityId>()));
        families.Add(CarteVille, new Child(Paolo, Dupont, "DUPONT", "Paolo", new LocalDate(2014, 9, 30), null, new HashSet<ActivityId>()));
    }

    /// <summary>Thursday 4 May 2023, 20:00 in Paris.</summary>
    public FakeClock Clock { get; } = new(Instant.FromUtc(2023, 5, 4, 18, 0));

    public RecordingSender Sender { get; } = new();

    public ServiceProvider Services { get; }

    public IBookingStore Bookings => Services.GetRequiredService<IBookingStore>();

    public IMailOutbox Outbox => Services.GetRequiredService<IMailOutbox>();

    public OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    public NightlyTransmission Transmission => Services.GetRequiredService<NightlyTransmission>();

    public static LocalDate May(int day) => new(2023, 5, day);

    /// <summary>Records M. DUPONT Jean-Paul's contact, with the addresses given.</summary>
    public async Task ContactAsync(params string[] emails) =>
        await Services.GetRequiredService<IFamilyDirectory>().SaveContactAsync(CarteVille, new FamilyContact(Dupont, "M.", "DUPONT", "Jean-Paul", emails));

    /// <summary>One final validation of the family, now: cancellations, then booking requests, as the store arbitrates them.</summary>
    public async Task<CommitReceipt> ValidateAsync(IReadOnlyList<(ChildId Child, ActivityId Activity, LocalDate Date)> bookings, IReadOnlyList<(ChildId Child, ActivityId Activity, LocalDate Date)>? cancellations = null, FamilyId? family = null)
    {
        var limits = new Dictionary<ActivityId, ActivityLimits> { [ApsMatin] = new(1, 3, false), [Restauration] = new(null, 0, false), [new ActivityId("piano")] = new(null, 0, false) };
        var commit = new BookingCommit(
            Guid.NewGuid(),
            family ?? Dupont,
            Clock.GetCurrentInstant(),
            bookings.Select(b => new BookingLine(new RequestKey(b.Child, b.Activity, b.Date), null, null, 1.20m)).ToList(),
            (cancellations ?? []).Select(c => new RequestKey(c.Child, c.Activity, c.Date)).ToList(),
            [],
            [],
            limits,
            []);
        return await Bookings.CommitAsync(CarteVille, commit, Arbitration.Plan);
    }

    /// <summary>Dispatches until nothing is due now.</summary>
    public async Task<DispatchReport> DispatchAllAsync()
    {
        DispatchReport total = new(0, 0, 0, 0, 0);
        DispatchReport round;
        do
        {
            round = await Dispatcher.RunOnceAsync();
            total = new DispatchReport(total.Claimed + round.Claimed, total.Sent + round.Sent, total.Retried + round.Retried, total.Failed + round.Failed, total.LeasesLost + round.LeasesLost);
        }
        while (round.Claimed > 0);
        return total;
    }

    public void Dispose() => Services.Dispose();
}

/// <summary>A mail sender that records what it is given and answers what the test scripts (sent, by default).</summary>
internal sealed class RecordingSender : IMailSender
{
    private readonly ConcurrentQueue<MailMessage> _sent = new();

    /// <summary>What every send answers, unless <see cref="Answer"/> decides otherwise per message.</summary>
    public Func<MailMessage, CancellationToken, Task<MailSendResult>> Answer { get; set; } = (_, _) => Task.FromResult(MailSendResult.Sent);

    /// <summary>Every message handed to the sender, in order (failed attempts included).</summary>
    public IReadOnlyList<MailMessage> Attempts => [.. _sent];

    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(message);
        return await Answer(message, cancellationToken);
    }
}
