using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portail.Payments;

/// <summary>
/// The stable codes and texts stores write for payments, independent of the enums' names and order,
/// so that every store (and a third party's) writes the same: states, sources, and the lines as JSON
/// (<c>[{"wallet":"cdc","amount":"79.30"}]</c>, amounts as exact decimal text).
/// </summary>
public static class PaymentCodes
{
    private static readonly (PaymentState State, string Code)[] States =
    [
        (PaymentState.Created, "created"), (PaymentState.AwaitingPayment, "awaiting_payment"), (PaymentState.Pending, "pending"), (PaymentState.Paid, "paid"),
        (PaymentState.Refused, "refused"), (PaymentState.Abandoned, "abandoned"), (PaymentState.Cancelled, "cancelled"), (PaymentState.Expired, "expired"),
    ];

    private static readonly (PaymentCheckSource Source, string Code)[] Sources =
    [
        (PaymentCheckSource.Notification, "notification"), (PaymentCheckSource.Return, "return"), (PaymentCheckSource.Reconciliation, "reconciliation"), (PaymentCheckSource.OnDemand, "on_demand"),
    ];

    /// <summary>The codes of the live states, for a store's "one live attempt per family" constraint: created, awaiting_payment, pending, abandoned.</summary>
    public static IReadOnlyList<string> LiveStates { get; } = States.Where(s => PaymentStates.IsLive(s.State)).Select(s => s.Code).ToList();

    /// <summary>The code of a state.</summary>
    public static string Code(PaymentState state) => States.First(s => s.State == state).Code;

    /// <summary>The state of a code; throws for a code this version does not know.</summary>
    public static PaymentState State(string code) =>
        States.FirstOrDefault(s => s.Code == code) is { Code: not null } found ? found.State : throw new InvalidOperationException($"Unknown payment state '{code}' in the store: the schema is newer than this package.");

    /// <summary>The code of a source.</summary>
    public static string Code(PaymentCheckSource source) => Sources.First(s => s.Source == source).Code;

    /// <summary>The source of a code.</summary>
    public static PaymentCheckSource Source(string code) =>
        Sources.FirstOrDefault(s => s.Code == code) is { Code: not null } found ? found.Source : throw new InvalidOperationException($"Unknown payment log source '{code}' in the store.");

    /// <summary>The lines as JSON.</summary>
    public static string Json(IReadOnlyList<PaymentLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var line in lines)
            {
                writer.WriteStartObject();
                writer.WriteString("wallet", line.Wallet.Value);
                writer.WriteString("amount", line.Amount.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The lines read back from <see cref="Json"/>.</summary>
    public static IReadOnlyList<PaymentLine> Lines(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new PaymentLine(new WalletTypeId(e.GetProperty("wallet").GetString()!), decimal.Parse(e.GetProperty("amount").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)))
            .ToList();
    }
}
