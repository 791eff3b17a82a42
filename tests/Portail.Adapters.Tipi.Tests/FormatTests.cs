using NodaTime;

namespace Portail.Adapters.Tipi.Tests;

/// <summary>The platform's formats: cents, objet, Paris time.</summary>
public sealed class FormatTests
{
    /// <summary>TIPI.md: eopayment's own example of the objet normalisation.</summary>
    [Fact]
    public void R_PAY_1_objet_is_normalised_as_eopayment_does() =>
        Assert.Equal("18092020 Etablissement attestation hors sol n1234", TipiFormats.Objet("18/09/2020  Établissement attestation hors-sol n#1234"));

    [Theory]
    [InlineData("Cantine d'Amélie — garçon", "Cantine d Amelie garcon")]
    [InlineData("   ", "")]
    [InlineData("ÀÉÎÕÜ œ ß 123", "AEIOU 123")]
    public void R_PAY_1_objet_keeps_only_ascii_letters_digits_and_single_spaces(string label, string objet) => Assert.Equal(objet, TipiFormats.Objet(label));

    [Fact]
    public void R_PAY_1_objet_is_cut_at_100() => Assert.Equal(100, TipiFormats.Objet(new string('a', 150)).Length);

    /// <summary>TIPI.md "amounts rounded wrongly": euros to cents exactly, never through floating point, never rounded.</summary>
    [Theory]
    [InlineData("79.30", 7930)]
    [InlineData("118.04", 11804)]
    [InlineData("1.00", 100)]
    [InlineData("0.29", 29)]
    [InlineData("99999.99", 9999999)]
    public void R_PAY_1_montant_is_in_integer_cents(string euros, long cents) => Assert.Equal(cents, TipiFormats.Cents(decimal.Parse(euros, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void R_PAY_1_an_amount_that_is_not_whole_cents_is_refused_not_rounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TipiFormats.Cents(0.005m));
        Assert.Throws<ArgumentOutOfRangeException>(() => TipiFormats.Cents(-1m));
        Assert.Equal(79.30m, TipiFormats.Euros("7930"));
        Assert.Null(TipiFormats.Euros("79.30"));
        Assert.Null(TipiFormats.Euros("-7930"));
    }

    /// <summary>TIPI.md "Paris local times stored as if UTC": dattrans/heurtrans are Europe/Paris, across both DST changes.</summary>
    [Theory]
    [InlineData("12032024", "1015", "2024-03-12T09:15:00Z")] // winter, UTC+1
    [InlineData("12072024", "1015", "2024-07-12T08:15:00Z")] // summer, UTC+2
    [InlineData("31032024", "0159", "2024-03-31T00:59:00Z")] // just before the clocks go forward
    [InlineData("31032024", "0230", "2024-03-31T01:30:00Z")] // an hour that does not exist: moved on by the gap
    [InlineData("31032024", "0300", "2024-03-31T01:00:00Z")] // just after
    [InlineData("27102024", "0230", "2024-10-27T00:30:00Z")] // an hour that happens twice: its first occurrence
    [InlineData("27102024", "0330", "2024-10-27T02:30:00Z")]
    [InlineData("31122024", "2359", "2024-12-31T22:59:00Z")] // no minute 60 anywhere
    public void R_PAY_2_platform_times_are_paris_local_time(string day, string hour, string utc) =>
        Assert.Equal(NodaTime.Text.InstantPattern.General.Parse(utc).Value, TipiFormats.Instant(day, hour));

    [Fact]
    public void R_PAY_2_unreadable_dates_are_null_and_instants_print_back_in_paris()
    {
        Assert.Null(TipiFormats.Instant("32132024", "1015"));
        Assert.Null(TipiFormats.Instant("12032024", "2460"));
        Assert.Equal(("27102024", "0230"), TipiFormats.Text(Instant.FromUtc(2024, 10, 27, 1, 30)));
        Assert.Equal(("27102024", "0230"), TipiFormats.Text(Instant.FromUtc(2024, 10, 27, 0, 30)));
        Assert.Equal(("01012025", "0000"), TipiFormats.Text(Instant.FromUtc(2024, 12, 31, 23, 0)));
    }
}
