using NodaTime;
using Portail.Catalog;
using Portail.Catalog.Configuration;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Windows;

public class BookingWindowTests
{
    [Fact]
    public void R_WIN_2_three_day_rule_Monday_4_September_bookable_until_Friday_1_September()
    {
        Assert.True(Window("restauration", "2023-09-04", "2023-09-01T23:59").IsOpen);
        var late = Window("restauration", "2023-09-04", "2023-09-02T00:00").Refusal!;
        Assert.Equal(RefusalReason.TooLate, late.Reason);
        Assert.Equal("Hors délai : ce jour pouvait être réservé jusqu'au vendredi 1 septembre 2023 inclus.", late.Message);
    }

    [Fact]
    public void R_WIN_2_open_window_says_until_when()
    {
        var open = Window("restauration", "2023-09-04", "2023-08-25T10:00");
        Assert.True(open.IsOpen);
        Assert.Equal(At("2023-09-02T00:00"), open.AsT0.Until);
    }

    [Fact]
    public void R_WIN_2_cut_off_time_of_day_closes_the_last_day_at_that_time()
    {
        var options = Options();
        options.ActivityOptions("restauration").Deadline = new DeadlineOptions { Days = 3, CutOff = "10:00" };
        var tenant = Load(options);
        Assert.True(Window("restauration", "2023-09-04", "2023-09-01T09:59", tenant: tenant).IsOpen);
        var late = Window("restauration", "2023-09-04", "2023-09-01T10:00", tenant: tenant).Refusal!;
        Assert.Equal(RefusalReason.TooLate, late.Reason);
        Assert.Equal("Hors délai : ce jour pouvait être réservé jusqu'au vendredi 1 septembre 2023 à 10:00.", late.Message);
    }

    [Fact]
    public void R_WIN_2_working_days_skip_weekends_and_public_holidays()
    {
        var options = Options();
        options.ActivityOptions("restauration").Deadline = new DeadlineOptions { WorkingDays = 2 };
        var tenant = Load(options);

        // Monday 13 Nov 2023: two working days before are Thursday 9 and Friday 10 (Saturday 11 is Armistice anyway).
        Assert.True(Window("restauration", "2023-11-13", "2023-11-09T23:59", tenant: tenant).IsOpen);
        Assert.Equal(RefusalReason.TooLate, Window("restauration", "2023-11-13", "2023-11-10T00:00", tenant: tenant).Refusal!.Reason);

        // Thursday 2 May 2024: Wednesday 1 May is a public holiday, so the two working days are Monday 29 and Tuesday 30 April.
        Assert.True(Window("restauration", "2024-05-02", "2024-04-29T23:59", tenant: tenant).IsOpen);
        Assert.Equal(RefusalReason.TooLate, Window("restauration", "2024-05-02", "2024-04-30T00:00", tenant: tenant).Refusal!.Reason);
    }

    [Fact]
    public void R_WIN_2_hours_count_back_from_the_start_of_the_activity()
    {
        // Éveil musical: 48 hours, Wednesdays 14:00.
        Assert.True(Window("eveil-musical", "2023-10-11", "2023-10-09T13:59", child: Lenny).IsOpen);
        var late = Window("eveil-musical", "2023-10-11", "2023-10-09T14:00", child: Lenny).Refusal!;
        Assert.Equal(RefusalReason.TooLate, late.Reason);
        Assert.Equal("Hors délai : ce jour pouvait être réservé jusqu'au lundi 9 octobre 2023 à 14:00.", late.Message);
    }

    [Fact]
    public void R_WIN_2_holiday_centre_closes_7_days_before_the_holidays_start()
    {
        // Toussaint 2023 starts Saturday 21 October: the week of 23 October closes at the end of Saturday 14 October,
        // and so does the second week (30 October): the deadline is the holidays', not the day's.
        Assert.True(Window("alsh-36-vacances", "2023-10-23", "2023-10-14T23:59").IsOpen);
        Assert.True(Window("alsh-36-vacances", "2023-11-03", "2023-10-14T23:59").IsOpen);
        Assert.Equal(RefusalReason.TooLate, Window("alsh-36-vacances", "2023-10-23", "2023-10-15T00:00").Refusal!.Reason);
        Assert.Equal(RefusalReason.TooLate, Window("alsh-36-vacances", "2023-11-03", "2023-10-15T00:00").Refusal!.Reason);
    }

    [Fact]
    public void R_WIN_1_period_2_cannot_be_booked_before_Friday_20_October_2023()
    {
        var refusal = Window("restauration", "2023-11-06", "2023-10-19T23:59").Refusal!;
        Assert.Equal(RefusalReason.NotOpenYet, refusal.Reason);
        Assert.Equal(At("2023-10-20T00:00"), refusal.At);
        Assert.Equal("Les réservations de la période 2 ouvriront le vendredi 20 octobre 2023.", refusal.Message);
        Assert.True(Window("restauration", "2023-11-06", "2023-10-20T00:00").IsOpen);
    }

    [Fact]
    public void R_WIN_1_a_day_in_no_period_cannot_be_booked()
    {
        // Summer 2024 has no period in the sample (the holidays start on 6 July), and Monday 8 July is a holiday day.
        var options = Options();
        options.ActivityOptions("restauration").Schedule = "AllYear";
        var refusal = Window("restauration", "2024-07-08", "2024-06-01T10:00", tenant: Load(options)).Refusal!;
        Assert.Equal(RefusalReason.NoPeriod, refusal.Reason);
    }

    [Fact]
    public void R_WIN_3_no_more_than_N_days_ahead()
    {
        // "jusqu'à 60 jours avant une activité": with 30 days, from Monday 21 August 2023 (period 1 opens),
        // Thursday 21 September is too far ahead until Tuesday 22 August.
        var options = Options();
        options.ActivityOptions("restauration").MaxAdvanceDays = 30;
        var tenant = Load(options);
        var tooFar = Window("restauration", "2023-09-21", "2023-08-21T10:00", tenant: tenant).Refusal!;
        Assert.Equal(RefusalReason.TooFarAhead, tooFar.Reason);
        Assert.Equal("Trop tôt : ce jour pourra être réservé à partir du mardi 22 août 2023 (au plus 30 jours à l'avance).", tooFar.Message);
        Assert.True(Window("restauration", "2023-09-19", "2023-08-21T10:00", tenant: tenant).IsOpen);
        Assert.True(Window("restauration", "2023-09-21", "2023-08-22T00:00", tenant: tenant).IsOpen);
    }

    [Fact]
    public void R_WIN_3_the_sample_music_school_books_60_days_ahead()
    {
        // Period 2 opens Friday 20 October; Wednesday 20 December is then 61 days ahead, bookable from the 21st.
        Assert.Equal(RefusalReason.TooFarAhead, Window("eveil-musical", "2023-12-20", "2023-10-20T10:00").Refusal!.Reason);
        Assert.True(Window("eveil-musical", "2023-12-20", "2023-10-21T00:00").IsOpen);
    }

    [Fact]
    public void R_WIN_4_cancel_follows_the_booking_deadline_unless_the_activity_sets_another()
    {
        Assert.True(Window("restauration", "2023-09-04", "2023-09-01T23:59", BookingAction.Cancel).IsOpen);
        var late = Window("restauration", "2023-09-04", "2023-09-02T00:00", BookingAction.Cancel).Refusal!;
        Assert.Equal(RefusalReason.TooLate, late.Reason);
        Assert.StartsWith("Hors délai : ce jour pouvait être annulé", late.Message, StringComparison.Ordinal);

        var options = Options();
        options.ActivityOptions("restauration").CancelDeadline = new DeadlineOptions { Days = 7 };
        var tenant = Load(options);
        Assert.True(Window("restauration", "2023-09-11", "2023-09-07T10:00", tenant: tenant).IsOpen);
        Assert.Equal(RefusalReason.TooLate, Window("restauration", "2023-09-11", "2023-09-07T10:00", BookingAction.Cancel, tenant: tenant).Refusal!.Reason);
        Assert.Equal(RefusalReason.TooLate, Window("restauration", "2023-09-11", "2023-09-07T10:00", BookingAction.Change, tenant: tenant).Refusal!.Reason);
    }

    [Fact]
    public void R_WIN_6_file_not_validated_or_account_in_debit_refuses_booking_but_not_cancelling()
    {
        var file = Window("restauration", "2023-09-11", "2023-09-01T10:00", standing: new FamilyStanding(false, 0m)).Refusal!;
        Assert.Equal(RefusalReason.FileNotValidated, file.Reason);
        Assert.Contains("Dossier Famille", file.Message, StringComparison.Ordinal);

        var debit = Window("restauration", "2023-09-11", "2023-09-01T10:00", standing: new FamilyStanding(true, 12.50m)).Refusal!;
        Assert.Equal(RefusalReason.AccountInDebit, debit.Reason);
        Assert.Contains("débiteur", debit.Message, StringComparison.Ordinal);

        Assert.True(Window("restauration", "2023-09-11", "2023-09-01T10:00", BookingAction.Cancel, standing: new FamilyStanding(false, 12.50m)).IsOpen);
    }

    [Fact]
    public void R_ACT_2_no_service_on_weekends_holidays_public_holidays_and_closures()
    {
        Assert.Equal(RefusalReason.NoService, Window("restauration", "2023-09-06", "2023-09-01T10:00").Refusal!.Reason); // Wednesday: no canteen
        Assert.Equal(RefusalReason.NoService, Window("restauration", "2023-09-09", "2023-09-01T10:00").Refusal!.Reason); // Saturday
        var holiday = Window("restauration", "2023-10-23", "2023-10-01T10:00").Refusal!;
        Assert.Equal("Pas d'accueil le lundi 23 octobre 2023 : Vacances de la Toussaint.", holiday.Message);
        var pont = Window("restauration", "2024-05-10", "2024-04-20T10:00").Refusal!;
        Assert.Equal("Pas d'accueil le vendredi 10 mai 2024 : Pont de l'Ascension.", pont.Message);
        Assert.Equal(RefusalReason.NoService, Window("alsh-36-vacances", "2023-10-16", "2023-10-01T10:00").Refusal!.Reason); // school time
    }

    [Fact]
    public void R_ACT_1_age_band_decides_who_may_book()
    {
        var refusal = Window("alsh-612-mercredi-journee", "2023-09-13", "2023-09-01T10:00", child: Lenny).Refusal!;
        Assert.Equal(RefusalReason.NotEligible, refusal.Reason);
        Assert.Equal("Cette activité n'est pas ouverte à votre enfant ce jour : elle est réservée aux enfants de 6 à 11 ans.", refusal.Message);
        Assert.True(Window("alsh-612-mercredi-journee", "2023-09-13", "2023-09-01T10:00", child: Leyah).IsOpen);
    }

    [Fact]
    public void R_ACT_1_school_and_enrolment_restrict_who_may_book()
    {
        var options = Options();
        options.ActivityOptions("restauration").Eligibility = new EligibilityOptions { Schools = ["École du Bourg"], RequiresEnrolment = true };
        var tenant = Load(options);
        Assert.Equal(RefusalReason.NotEligible, Window("restauration", "2023-09-11", "2023-09-01T10:00", tenant: tenant).Refusal!.Reason);
        var pupil = Lenny with { School = "École du Bourg" };
        Assert.Contains("inscription préalable", Window("restauration", "2023-09-11", "2023-09-01T10:00", child: pupil, tenant: tenant).Refusal!.Message, StringComparison.Ordinal);
        var enrolled = pupil with { Enrolments = new HashSet<ActivityId> { new("restauration") } };
        Assert.True(Window("restauration", "2023-09-11", "2023-09-01T10:00", child: enrolled, tenant: tenant).IsOpen);
    }

    [Fact]
    public void R_WIN_7_every_refusal_has_a_French_message()
    {
        foreach (var (activity, day, now) in new[]
                 {
                     ("restauration", "2023-09-09", "2023-09-01T10:00"),
                     ("restauration", "2023-11-06", "2023-10-01T10:00"),
                     ("restauration", "2023-09-04", "2023-09-03T10:00"),
                     ("eveil-musical", "2023-12-06", "2023-09-04T10:00"),
                     ("alsh-612-mercredi-journee", "2023-09-13", "2023-09-01T10:00"),
                 })
        {
            var refusal = Window(activity, day, now).Refusal!;
            Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
            Assert.EndsWith(".", refusal.Message, StringComparison.Ordinal);
        }
    }

    // --- Time zone: deadlines across the daylight-saving changes of Europe/Paris ---------------

    [Fact]
    public void R_WIN_2_48_hours_before_across_the_October_change_are_real_hours()
    {
        // Clocks go back on Sunday 29 October 2023 at 03:00 (to 02:00). A Monday 30 Oct 07:15 activity,
        // 48 real hours before: Saturday 28 Oct at 08:15 local (CEST), not 07:15.
        var options = Options();
        var matin = options.ActivityOptions("aps-matin");
        matin.Deadline = new DeadlineOptions { Hours = 48 };
        matin.Schedule = "AllYear";
        var tenant = Load(options);
        var deadline = BookingWindow.Deadline(tenant, tenant.FindActivity(new ActivityId("aps-matin"))!, Day("2023-10-30"), BookingAction.Book);
        Assert.Equal(At("2023-10-28T08:15"), deadline);
        Assert.Equal(Duration.FromHours(48), At("2023-10-30T07:15") - deadline);
        Assert.True(Window("aps-matin", "2023-10-30", "2023-10-28T08:14", tenant: tenant).IsOpen);
        Assert.False(Window("aps-matin", "2023-10-30", "2023-10-28T08:15", tenant: tenant).IsOpen);
    }

    [Fact]
    public void R_WIN_2_72_hours_before_across_the_March_change_are_real_hours()
    {
        // Clocks go forward on Sunday 31 March 2024 at 02:00 (to 03:00). Tuesday 2 April 07:15 minus 72 real
        // hours is Saturday 30 March 06:15 local (the night of the 31st lost an hour), not 07:15.
        var options = Options();
        var matin = options.ActivityOptions("aps-matin");
        matin.Deadline = new DeadlineOptions { Hours = 72 };
        var tenant = Load(options);
        var deadline = BookingWindow.Deadline(tenant, tenant.FindActivity(new ActivityId("aps-matin"))!, Day("2024-04-02"), BookingAction.Book);
        Assert.Equal(At("2024-03-30T06:15"), deadline);
        Assert.Equal(Duration.FromHours(72), At("2024-04-02T07:15") - deadline);
    }

    [Fact]
    public void R_WIN_2_a_cut_off_in_the_hour_skipped_in_March_resolves_to_the_next_valid_instant()
    {
        // 02:30 does not exist on 31 March 2024 in Paris: the deadline is 03:30 local (01:30 UTC), never an exception.
        var options = Options();
        var soir = options.ActivityOptions("aps-soir");
        soir.Deadline = new DeadlineOptions { Days = 2, CutOff = "02:30" };
        var tenant = Load(options);
        var deadline = BookingWindow.Deadline(tenant, tenant.FindActivity(new ActivityId("aps-soir"))!, Day("2024-04-02"), BookingAction.Book);
        Assert.Equal(Instant.FromUtc(2024, 3, 31, 1, 30), deadline);
    }

    [Fact]
    public void R_WIN_2_calendar_day_deadline_on_the_October_change_night_closes_at_local_midnight()
    {
        // Tuesday 31 Oct… is a holiday; take Monday 6 Nov 2023 (period 2) with 8 days: last day Sunday 29 October,
        // the 25-hour day; the deadline is Monday 30 October 00:00 local (CET, UTC+1).
        var options = Options();
        options.ActivityOptions("restauration").Deadline = new DeadlineOptions { Days = 8 };
        var tenant = Load(options);
        var deadline = BookingWindow.Deadline(tenant, tenant.FindActivity(new ActivityId("restauration"))!, Day("2023-11-06"), BookingAction.Book);
        Assert.Equal(Instant.FromUtc(2023, 10, 29, 23, 0), deadline);
    }
}
