using System.Collections.Immutable;
using NodaTime;

namespace Portail.Booking;

/// <summary>Whether a pending request books or cancels.</summary>
public enum RequestKind
{
    /// <summary>A booking request.</summary>
    Book,

    /// <summary>A cancellation request of a recorded booking (or waiting-list entry).</summary>
    Cancel,
}

/// <summary>The key of a pending request: one child, one activity, one day.</summary>
/// <param name="Child">The child.</param>
/// <param name="Activity">The activity.</param>
/// <param name="Date">The day of service.</param>
public readonly record struct RequestKey(ChildId Child, ActivityId Activity, LocalDate Date);

/// <summary>A request collected in the basket, not recorded until the final validation (R-BSK-1).</summary>
/// <param name="Key">Child, activity and day.</param>
/// <param name="Kind">Booking or cancellation.</param>
/// <param name="Arrival">Arrival time for time-entry activities.</param>
/// <param name="Departure">Departure time for time-entry activities.</param>
public sealed record PendingRequest(RequestKey Key, RequestKind Kind, LocalTime? Arrival = null, LocalTime? Departure = null);

/// <summary>
/// The requests a family has collected by clicking days (R-BSK-1): immutable, one request per
/// child, activity and day. Clicking a day that already has a pending request takes it back.
/// </summary>
public sealed class Basket : IEquatable<Basket>
{
    private readonly ImmutableSortedDictionary<RequestKey, PendingRequest> _requests;

    private Basket(ImmutableSortedDictionary<RequestKey, PendingRequest> requests) => _requests = requests;

    /// <summary>The empty basket.</summary>
    public static Basket Empty { get; } = new(ImmutableSortedDictionary.Create<RequestKey, PendingRequest>(KeyOrder.Instance));

    /// <summary>The requests, ordered by day, then activity, then child.</summary>
    public IEnumerable<PendingRequest> Requests => _requests.Values;

    /// <summary>How many requests.</summary>
    public int Count => _requests.Count;

    /// <summary>The pending request for this key, or <see langword="null"/>.</summary>
    public PendingRequest? Find(RequestKey key) => _requests.GetValueOrDefault(key);

    /// <summary>Adds or replaces a request.</summary>
    public Basket With(PendingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(_requests.SetItem(request.Key, request));
    }

    /// <summary>Takes a request back (the red cross of the summary, or a second click).</summary>
    public Basket Without(RequestKey key) => _requests.ContainsKey(key) ? new(_requests.Remove(key)) : this;

    /// <inheritdoc />
    public bool Equals(Basket? other) =>
        other is not null && other._requests.Count == _requests.Count && _requests.All(kv => other.Find(kv.Key) == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Basket);

    /// <inheritdoc />
    public override int GetHashCode() => _requests.Count;

    /// <inheritdoc />
    public override string ToString() => $"Basket[{string.Join(", ", Requests.Select(r => $"{r.Kind} {r.Key.Activity} {r.Key.Date:uuuu-MM-dd} {r.Key.Child}"))}]";

    private sealed class KeyOrder : IComparer<RequestKey>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(RequestKey x, RequestKey y)
        {
            var c = x.Date.CompareTo(y.Date);
            if (c == 0)
            {
                c = string.CompareOrdinal(x.Activity.Value, y.Activity.Value);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Child.Value, y.Child.Value);
        }
    }
}
