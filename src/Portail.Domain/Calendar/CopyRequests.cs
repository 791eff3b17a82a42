using NodaTime;
using Portail.Booking;

namespace Portail.Calendar;

/// <summary>A day that the copy did not bring over, and why (R-CAL-6).</summary>
/// <param name="Date">The day.</param>
/// <param name="Reason">Why, in French.</param>
public sealed record NotCopiedDay(LocalDate Date, string Reason)
{
    /// <summary>The guides' wording of the day: "Mardi 9 Mai 2017".</summary>
    public string Label => French.TitleDate(Date);
}

/// <summary>The outcome of a copy: the new basket and the days not copied.</summary>
/// <param name="Basket">The basket with the copied requests added.</param>
/// <param name="Copied">How many requests were added.</param>
/// <param name="NotCopied">The days not copied ("Liste des réservations non importées"), in date order.</param>
public sealed record CopyResult(Basket Basket, int Copied, IReadOnlyList<NotCopiedDay> NotCopied);

/// <summary>
/// The copy ("Importer", R-CAL-6): the new booking requests just made for one child and activity
/// over a range of days, copied onto another child or another activity of the same child. Each day
/// is checked again on the target calendar.
/// </summary>
public static class CopyRequests
{
    /// <summary>Copies the basket's booking requests of (<paramref name="sourceChild"/>, <paramref name="sourceActivity"/>) within <paramref name="range"/> onto <paramref name="target"/>.</summary>
    /// <param name="basket">The current basket, holding the requests to copy.</param>
    /// <param name="sourceChild">The child whose new requests are copied.</param>
    /// <param name="sourceActivity">The activity whose new requests are copied.</param>
    /// <param name="range">The days to copy, both ends included.</param>
    /// <param name="target">The target child and activity's calendar, drawn over at least <paramref name="range"/> from the same basket.</param>
    public static CopyResult Copy(Basket basket, ChildId sourceChild, ActivityId sourceActivity, DateInterval range, ActivityCalendar target)
    {
        ArgumentNullException.ThrowIfNull(basket);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Child.Id == sourceChild && target.Activity.Id == sourceActivity)
        {
            throw new ArgumentException("The copy's target must be another child or another activity than its source.", nameof(target));
        }

        var notCopied = new List<NotCopiedDay>();
        var copied = 0;
        var result = basket;
        foreach (var request in basket.Requests)
        {
            if (request.Kind != RequestKind.Book || request.Key.Child != sourceChild || request.Key.Activity != sourceActivity || !range.Contains(request.Key.Date))
            {
                continue;
            }

            var date = request.Key.Date;
            if (!target.Days.Contains(date))
            {
                notCopied.Add(new NotCopiedDay(date, "jour hors du calendrier affiché"));
                continue;
            }

            var cell = target[date];
            var reason = cell.State switch
            {
                DayState.Available => null,
                DayState.NotOpen => cell.Why?.Message ?? "activité non ouverte ce jour",
                DayState.Full or DayState.WaitlistOnly => "plus de place disponible",
                _ => "déjà réservée ou demandée ce jour",
            };
            var times = reason is null ? TimesOn(target, request) : null;
            if (reason is null && times is null)
            {
                reason = "horaires incompatibles avec l'activité";
            }

            if (reason is not null)
            {
                notCopied.Add(new NotCopiedDay(date, reason));
                continue;
            }

            result = result.With(new PendingRequest(target.KeyOf(date), RequestKind.Book, times!.Value.Arrival, times.Value.Departure));
            copied++;
        }

        return new CopyResult(result, copied, notCopied);
    }

    // The source's times carry over when the target allows them; a target without time entry takes none.
    private static (LocalTime? Arrival, LocalTime? Departure)? TimesOn(ActivityCalendar target, PendingRequest source)
    {
        var entry = target.Activity.TimeEntry;
        if (entry is null)
        {
            return (null, null);
        }

        var arrival = Pick(entry.Arrivals, source.Arrival, QuickTools.DefaultArrival(target.Activity));
        var departure = Pick(entry.Departures, source.Departure, QuickTools.DefaultDeparture(target.Activity));
        return arrival.Ok && departure.Ok ? (arrival.Time, departure.Time) : null;

        static (bool Ok, LocalTime? Time) Pick(IReadOnlyList<LocalTime> allowed, LocalTime? wanted, LocalTime? fallback) =>
            allowed.Count == 0 ? (true, null)
            : wanted is null ? (true, fallback)
            : allowed.Contains(wanted.Value) ? (true, wanted)
            : (false, null);
    }
}
