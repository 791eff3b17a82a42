using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Portail.Catalog;

namespace Portail.Notifications;

/// <summary>When the nightly transmission runs: the <c>Portail:Transmission</c> configuration section, checked at start-up.</summary>
public sealed class TransmissionOptions
{
    /// <summary>
    /// The local time, in each tenant's zone, at which the transmission runs ("HH:mm"). It transmits
    /// the day that this night closes: at 00:30 the day before, at 23:30 the same day.
    /// </summary>
    /// <value>"00:30".</value>
    public string At { get; set; } = "00:30";

    /// <summary>The parsed <see cref="At"/>.</summary>
    internal LocalTime Time => TransmissionOptionsValidation.Pattern.Parse(At).GetValueOrThrow();
}

/// <summary>Refuses, at start-up, a transmission time that is not HH:mm, naming the setting.</summary>
internal sealed class TransmissionOptionsValidation(string path) : IValidateOptions<TransmissionOptions>
{
    public static LocalTimePattern Pattern { get; } = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public ValidateOptionsResult Validate(string? name, TransmissionOptions options) =>
        Pattern.Parse(options.At ?? "").Success
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{path}:At is '{options.At}': write the local time of the transmission as HH:mm, for example \"00:30\".");
}

/// <summary>The nights of the transmission, in a tenant's zone.</summary>
internal static class TransmissionSchedule
{
    /// <summary>The last instant at or before <paramref name="now"/> when the local clock read <paramref name="at"/>.</summary>
    public static Instant LastAtOrBefore(Instant now, LocalTime at, DateTimeZone zone)
    {
        var today = now.InZone(zone).Date;
        var night = Occurrence(today, at, zone);
        return night <= now ? night : Occurrence(today.PlusDays(-1), at, zone);
    }

    /// <summary>The night after <paramref name="night"/>.</summary>
    public static Instant Next(Instant night, LocalTime at, DateTimeZone zone) => Occurrence(night.InZone(zone).Date.PlusDays(1), at, zone);

    /// <summary>The day a night closes: the day before for a time after midnight, the same day for an evening time (the date twelve hours earlier).</summary>
    public static LocalDate DayClosedBy(Instant night, DateTimeZone zone) => (night.InZone(zone).LocalDateTime - Period.FromHours(12)).Date;

    // A time the spring change skips runs as much later as the clock jumped (02:30 at 03:30); a time seen twice in autumn, the first time.
    private static Instant Occurrence(LocalDate day, LocalTime at, DateTimeZone zone) => day.At(at).InZoneLeniently(zone).ToInstant();
}
