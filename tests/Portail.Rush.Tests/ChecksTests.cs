using Portail.Booking;
using Portail.InMemory;

namespace Portail.Rush.Tests;

/// <summary>The driver's checks fail a broken run: a split basket, an oversold day, a validation that failed.</summary>
public sealed class ChecksTests
{
    [Fact]
    public async Task The_checks_catch_a_split_basket_an_oversold_day_and_a_failed_validation()
    {
        var scenario = Scenario.Build(families: 70, seed: 1);
        var store = new InMemoryBookingStore();
        var records = new List<ValidationRecord>();
        foreach (var family in scenario.Families)
        {
            var lines = family.Basket.Requests.ToList();

            // Every line accepted, the hot day too (about 100 children for 60 places); family 1 keeps
            // only 10 of its lines; family 2's validation failed and stored nothing.
            var stored = family.Index switch { 0 => lines.Take(10), 1 => [], _ => lines };
            foreach (var r in stored)
            {
                store.Record(Scenario.TenantId, new ChildBooking(r.Key.Child, r.Key.Activity, r.Key.Date, BookingStatus.Accepted) { Family = family.Id });
            }

            records.Add(family.Index == 1
                ? new ValidationRecord(family.Index, 10 * family.Index, (10 * family.Index) + 5, string.Empty, "TimeoutException: boom")
                : new ValidationRecord(family.Index, 10 * family.Index, (10 * family.Index) + 5, new string('A', lines.Count), null));
        }

        var checks = (await Checks.RunAsync(scenario, records, store, parallelism: 4)).ToDictionary(c => c.Name, c => c.Passed);

        Assert.False(checks["lines answered"]);
        Assert.False(checks["every basket all or nothing"]);
        Assert.False(checks["no day above capacity"]);
        Assert.True(checks["counts = bookings"]);
    }
}
