using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Portail.Booking;
using Portail.InMemory;
using Portail.Windows;
using static Portail.Domain.Tests.Sample;

namespace Portail.Domain.Tests.Booking;

public sealed class BookingServiceTests : IDisposable
{
    private static readonly FamilyScope Dupont = new(Sample.Account(Sample.Dupont), new StructureId("scolaire"));
    private static readonly ActivityId Matin = new("alsh-36-mercredi-matin");
    private static readonly ActivityId Canteen = new("restauration");
    private readonly FakeClock _clock = new(At("2024-02-20T10:00"));
    private readonly ServiceProvider _provider;
    private readonly BookingService _service;
    private readonly InMemoryBookingStore _store;

    public BookingServiceTests()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "sample-municipality.json")).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(_clock);
        services.AddSingleton<IFamilyFileStatus, NoFileReviewYet>(); // booking tests: the family file's gate has its own (R-DOS-5)
        services.AddPortail(config.GetSection("Portail")).UseInMemoryStorage();
        _provider = services.BuildServiceProvider();
        var families = _provider.GetRequiredService<InMemoryFamilyDirectory>();
        families.Add(Cestas, Lenny);
        families.Add(Cestas, Leyah);
        _service = _provider.GetRequiredService<BookingService>();
        _store = _provider.GetRequiredService<InMemoryBookingStore>();
    }

    public void Dispose() => _provider.Dispose();

    private static PendingRequest Book(string activity, string day, LocalTime? arrival = null, LocalTime? departure = null, Families.Child? child = null) =>
        new(new RequestKey((child ?? Lenny).Id, new ActivityId(activity), Day(day)), RequestKind.Book, arrival, departure);

    private static PendingRequest CancelRequest(string activity, string day) => new(new RequestKey(Lenny.Id, new ActivityId(activity), Day(day)), RequestKind.Cancel);

    private static Basket BasketOf(params PendingRequest[] requests) => requests.Aggregate(Basket.Empty, (b, r) => b.With(r));

    private void Others(ActivityId activity, string day, int accepted, int waitlisted)
    {
        for (var i = 0; i < accepted + waitlisted; i++)
        {
            _store.Record(Cestas, new ChildBooking(new ChildId($"other-{day}-{i}"), activity, Day(day), i < accepted ? BookingStatus.Accepted : BookingStatus.Waitlisted) { Family = new FamilyId($"other-{i}") });
        }
    }

    private async Task<ValidationReport> ValidateAsync(Basket basket, Guid? id = null) =>
        (await _service.ValidateAsync(Dupont, basket, id ?? Guid.NewGuid())).AsT0;

    [Fact]
    public async Task R_ACC_6_a_separated_parent_books_a_shared_child_and_neither_parent_sees_or_cancels_the_others_bookings()
    {
        // The father's account has a family of its own and shares Lenny, recorded in the mother's family.
        var father = new FamilyScope(Sample.Account(new FamilyId("dupont-pere"), shared: Lenny.Id), new StructureId("scolaire"));
        var march = new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31")));

        var booked = (await _service.ValidateAsync(father, BasketOf(Book("restauration", "2024-03-07")), Guid.NewGuid())).AsT0;
        Assert.Equal(LineOutcome.Accepted, Assert.Single(booked.Lines).Outcome);
        Assert.Equal(["DUPONT Lenny"], (await _service.FollowUpAsync(father, march)).Lines.Select(l => l.Person));

        // The mother sees nothing of it, and her cancellation of that day finds nothing of hers to cancel.
        Assert.Empty((await _service.FollowUpAsync(Dupont, march)).Lines);
        var cancel = Assert.Single((await ValidateAsync(BasketOf(CancelRequest("restauration", "2024-03-07")))).Lines);
        Assert.Equal(LineOutcome.NotProcessed, cancel.Outcome);
        Assert.Single(await _store.GetFamilyBookingsAsync(Cestas, new FamilyId("dupont-pere"), march.Days));

        // Leyah is not shared: the father's account cannot book for her.
        var refused = (await _service.ValidateAsync(father, BasketOf(Book("restauration", "2024-03-08", child: Leyah)), Guid.NewGuid())).AsT1;
        Assert.Contains("n'est pas rattaché à votre compte", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task R_BSK_1_the_summary_lists_bookings_and_cancellations_with_costs_and_totals()
    {
        _store.Record(Cestas, new ChildBooking(Lenny.Id, Canteen, Day("2024-03-07"), BookingStatus.Accepted) { Family = Sample.Dupont, Cost = 3.50m });
        var basket = BasketOf(
            Book("alsh-36-mercredi-journee", "2024-03-06"),
            Book("accueil-temps", "2024-03-05", new LocalTime(7, 0)),
            Book("accueil-temps", "2024-03-08", new LocalTime(7, 30)),
            CancelRequest("restauration", "2024-03-07"));

        var summary = (await _service.SummarizeAsync(Dupont, basket)).AsT0;

        Assert.Equal(["Ma 05/03/2024", "Me 06/03/2024", "Ve 08/03/2024"], summary.Bookings.Select(l => l.DateLabel));
        Assert.Equal(0.96m, summary.Bookings[0].Cost); // "Accueil Matin 1/2 heure 0,32 € × 3": 07:00–08:30
        Assert.Equal(6.65m, summary.Bookings[1].Cost);
        Assert.Equal(0.64m, summary.Bookings[2].Cost); // 07:30–08:30: two half-hours
        Assert.Equal(8.25m, summary.BookingsTotal);
        var cancel = Assert.Single(summary.Cancellations);
        Assert.Equal(("Je 07/03/2024", "Restauration scolaire", 3.50m), (cancel.DateLabel, cancel.Activity, cancel.Cost));
        Assert.Empty(await _store.GetFamilyBookingsAsync(Cestas, Sample.Dupont, new DateInterval(Day("2024-03-05"), Day("2024-03-06"))));
    }

    [Fact]
    public async Task R_BSK_2_the_guides_example_accepted_waiting_list_and_refused()
    {
        Others(Matin, "2024-03-13", 12, 4); // full, waiting list full
        Others(Matin, "2024-03-20", 12, 2); // full, waiting list has room
        var report = await ValidateAsync(BasketOf(
            Book("alsh-36-mercredi-matin", "2024-03-06"),
            Book("alsh-36-mercredi-matin", "2024-03-13"),
            Book("alsh-36-mercredi-matin", "2024-03-20"),
            Book("alsh-36-mercredi-matin", "2024-03-27")));

        Assert.Equal([LineOutcome.Accepted, LineOutcome.Refused, LineOutcome.Waitlisted, LineOutcome.Accepted], report.Lines.Select(l => l.Outcome));
        Assert.Equal(
            [("Me 13/03/2024", "Non traitée, activité complète"), ("Me 20/03/2024", "Mise en liste d'attente")],
            report.Remarks.Select(r => (r.Line.DateLabel, r.Remark!)));
    }

    [Fact]
    public async Task R_BSK_2_each_request_is_checked_again_at_the_validation_instant()
    {
        var basket = BasketOf(Book("restauration", "2024-02-12"), Book("restauration", "2024-02-15"));
        _clock.Reset(At("2024-02-09T23:59"));
        var summary = (await _service.SummarizeAsync(Dupont, basket)).AsT0;
        Assert.Equal(2, summary.Bookings.Count);

        _clock.Reset(At("2024-02-10T00:00")); // the family left the summary open past the end of Friday 9
        var report = await ValidateAsync(basket);

        Assert.Equal(LineOutcome.NotProcessed, report.Lines[0].Outcome);
        Assert.Equal("Hors délai : ce jour pouvait être réservé jusqu'au vendredi 9 février 2024 inclus.", report.Lines[0].Remark);
        Assert.Equal(LineOutcome.Accepted, report.Lines[1].Outcome);
    }

    [Fact]
    public async Task R_BSK_2_a_request_past_its_deadline_is_not_recorded_and_says_why()
    {
        _clock.Reset(At("2024-03-02T10:00"));
        var report = await ValidateAsync(BasketOf(Book("restauration", "2024-03-04"), Book("restauration", "2024-03-07")));
        Assert.Equal(LineOutcome.NotProcessed, report.Lines[0].Outcome);
        Assert.Equal("Hors délai : ce jour pouvait être réservé jusqu'au vendredi 1 mars 2024 inclus.", report.Lines[0].Remark);
        Assert.Single(await _store.GetFamilyBookingsAsync(Cestas, Sample.Dupont, new DateInterval(Day("2024-03-04"), Day("2024-03-07"))));
    }

    [Fact]
    public async Task R_ACT_4_exclusive_activities_in_one_basket_keep_the_first()
    {
        var report = await ValidateAsync(BasketOf(Book("aps-forfait", "2024-03-05"), Book("aps-matin", "2024-03-05"), Book("aps-soir", "2024-03-07")));
        var byActivity = report.Lines.ToDictionary(l => l.Line.Key.Activity.Value);
        Assert.Equal(LineOutcome.Accepted, byActivity["aps-forfait"].Outcome);
        Assert.Equal(LineOutcome.NotProcessed, byActivity["aps-matin"].Outcome);
        Assert.Equal("Cette activité ne peut pas être réservée le même jour que « APS Forfait »", byActivity["aps-matin"].Remark);
        Assert.Equal(LineOutcome.Accepted, byActivity["aps-soir"].Outcome);
    }

    [Fact]
    public async Task R_ACT_4_an_exclusive_activity_can_replace_a_booking_cancelled_in_the_same_basket()
    {
        _store.Record(Cestas, new ChildBooking(Lenny.Id, new ActivityId("aps-matin"), Day("2024-03-05"), BookingStatus.Accepted) { Family = Sample.Dupont });
        var report = await ValidateAsync(BasketOf(CancelRequest("aps-matin", "2024-03-05"), Book("aps-forfait", "2024-03-05")));
        Assert.All(report.Lines, l => Assert.Null(l.Remark));
    }

    [Fact]
    public async Task R_ACT_3_only_the_allowed_times_are_accepted()
    {
        var report = await ValidateAsync(BasketOf(Book("accueil-temps", "2024-03-05", new LocalTime(7, 15)), Book("accueil-temps", "2024-03-07"), Book("restauration", "2024-03-08", new LocalTime(11, 0))));
        Assert.Equal("Heure d'arrivée à choisir parmi : 07:00, 07:30", report.Lines[0].Remark);
        Assert.Equal("Heure d'arrivée à choisir parmi : 07:00, 07:30", report.Lines[1].Remark);
        Assert.Equal("L'activité « Restauration scolaire » ne demande pas d'horaires", report.Lines[2].Remark);
        Assert.All(report.Lines, l => Assert.Equal(LineOutcome.NotProcessed, l.Outcome));
    }

    [Fact]
    public async Task R_BSK_2_activities_approved_by_hand_await_an_answer_and_an_acceptance_is_arbitrated()
    {
        var music = new FamilyScope(Sample.Account(Sample.Dupont), new StructureId("musique"));
        var report = (await _service.ValidateAsync(music, BasketOf(Book("eveil-musical", "2024-03-06")), Guid.NewGuid())).AsT0;
        Assert.Equal((LineOutcome.AwaitingAnswer, "En attente réponse"), (report.Lines[0].Outcome, report.Lines[0].Remark));

        var awaiting = Assert.Single(await _service.GetAwaitingAnswerAsync(Sample.Agent()));
        var answer = await _service.AnswerAsync(Sample.Agent(), awaiting.Family, awaiting.Key, accept: true);
        Assert.Equal(LineOutcome.Accepted, Assert.Single(answer.Results).Outcome);
    }

    [Fact]
    public async Task R_BSK_4_a_family_cancelling_frees_its_place_for_the_first_in_line()
    {
        Others(Matin, "2024-03-20", 11, 0);
        await ValidateAsync(BasketOf(Book("alsh-36-mercredi-matin", "2024-03-20")));
        _store.Record(Cestas, new ChildBooking(new ChildId("martin"), Matin, Day("2024-03-20"), BookingStatus.Waitlisted) { Family = new FamilyId("martin") });

        var report = await ValidateAsync(BasketOf(CancelRequest("alsh-36-mercredi-matin", "2024-03-20")));

        Assert.Equal(LineOutcome.Cancelled, report.Lines[0].Outcome);
        Assert.Equal(new ChildId("martin"), Assert.Single(report.Promoted).Child);
    }

    [Fact]
    public async Task R_BSK_4_an_agent_cancellation_promotes_too()
    {
        Others(Matin, "2024-03-20", 12, 1);
        var receipt = await _service.CancelByAgentAsync(Sample.Agent(), new FamilyId("other-0"), new RequestKey(new ChildId("other-2024-03-20-0"), Matin, Day("2024-03-20")));
        Assert.Equal(new ChildId("other-2024-03-20-12"), Assert.Single(receipt.Promoted).Child);
    }

    // --- bad input -------------------------------------------------------------------------

    [Fact]
    public async Task An_empty_basket_is_refused()
    {
        var refused = (await _service.ValidateAsync(Dupont, Basket.Empty, Guid.NewGuid())).AsT1;
        Assert.Equal("Votre panier est vide : aucune demande à valider.", refused.Message);
    }

    [Fact]
    public async Task A_child_of_another_family_is_refused_and_nothing_is_recorded()
    {
        var stranger = Lenny with { Id = new ChildId("martin-paul") };
        var refused = (await _service.ValidateAsync(Dupont, BasketOf(Book("restauration", "2024-03-05"), Book("restauration", "2024-03-05", child: stranger)), Guid.NewGuid())).AsT1;
        Assert.Contains("martin-paul", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.GetFamilyBookingsAsync(Cestas, Sample.Dupont, new DateInterval(Day("2024-03-05"), Day("2024-03-05"))));
    }

    [Fact]
    public async Task An_unknown_activity_or_one_of_another_structure_is_refused()
    {
        Assert.Contains("piscine", (await _service.ValidateAsync(Dupont, BasketOf(Book("piscine", "2024-03-05")), Guid.NewGuid())).AsT1.Message, StringComparison.Ordinal);
        Assert.Contains("eveil-musical", (await _service.ValidateAsync(Dupont, BasketOf(Book("eveil-musical", "2024-03-06")), Guid.NewGuid())).AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_outside_any_period_is_not_processed()
    {
        var report = await ValidateAsync(BasketOf(Book("alsh-36-vacances", "2024-07-08")));
        Assert.Equal("Aucune période de réservation ne comprend le lundi 8 juillet 2024.", report.Lines[0].Remark);
    }

    [Fact]
    public async Task A_basket_submitted_twice_is_recorded_once()
    {
        var id = Guid.NewGuid();
        var basket = BasketOf(Book("restauration", "2024-03-05"), Book("alsh-36-mercredi-matin", "2024-03-06"));
        var first = await ValidateAsync(basket, id);
        var second = await ValidateAsync(basket, id);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Lines.Select(l => l.Outcome), second.Lines.Select(l => l.Outcome));
        Assert.Equal(2, (await _store.GetFamilyBookingsAsync(Cestas, Sample.Dupont, new DateInterval(Day("2024-03-05"), Day("2024-03-06")))).Count);
    }

    [Fact]
    public async Task A_second_click_after_the_basket_was_emptied_answers_the_first_result()
    {
        var id = Guid.NewGuid();
        var first = await ValidateAsync(BasketOf(Book("restauration", "2024-03-05"), Book("alsh-36-mercredi-matin", "2024-03-06")), id);

        var second = await ValidateAsync(Basket.Empty, id);
        var read = await _service.GetValidationAsync(Dupont, id);

        Assert.True(second.Replayed);
        Assert.Equal(first.Lines.Select(l => (l.Line.Key, l.Outcome, l.Remark)), second.Lines.Select(l => (l.Line.Key, l.Outcome, l.Remark)));
        Assert.Equal(first.Lines.Select(l => (l.Line.Key, l.Line.Cost)), read!.Lines.Select(l => (l.Line.Key, l.Line.Cost)));
        Assert.Equal("Votre panier est vide : aucune demande à valider.", (await _service.ValidateAsync(Dupont, Basket.Empty, Guid.NewGuid())).AsT1.Message);
        Assert.Null(await _service.GetValidationAsync(Dupont, Guid.NewGuid()));
    }

    [Fact]
    public async Task A_double_click_racing_itself_is_recorded_once()
    {
        var id = Guid.NewGuid();
        var basket = BasketOf(Book("alsh-36-mercredi-matin", "2024-03-06"));
        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ValidateAsync(basket, id))));
        Assert.Equal(7, reports.Count(r => r.Replayed));
        Assert.Equal(1, (await _service.GetDayAsync(Sample.Agent(), new DayKey(Matin, Day("2024-03-06")))).Accepted);
    }

    // --- R-BSK-5 / R-HIS-3: the follow-up ----------------------------------------------------

    [Fact]
    public async Task R_BSK_5_the_follow_up_shows_states_positions_and_the_total_of_accepted_bookings()
    {
        Others(Matin, "2024-03-20", 12, 2);
        _store.Record(Cestas, new ChildBooking(Lenny.Id, Canteen, Day("2024-03-04"), BookingStatus.Accepted) { Family = Sample.Dupont, Cost = 3.50m, Transmitted = true });
        await ValidateAsync(BasketOf(Book("restauration", "2024-03-05"), Book("alsh-36-mercredi-matin", "2024-03-20"), Book("restauration", "2024-03-05", child: Leyah)));

        var all = await _service.FollowUpAsync(Dupont, new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31"))));
        Assert.Equal(
            ["Lu 04/03/2024 Restauration scolaire DUPONT Lenny Acceptée", "Ma 05/03/2024 Restauration scolaire DUPONT Lenny Acceptée, non transmise",
             "Ma 05/03/2024 Restauration scolaire DUPONT Leyah Acceptée, non transmise", "Me 20/03/2024 ALSH 3-6 Mercredi Matin DUPONT Lenny En liste d'attente, non transmise"],
            all.Lines.Select(l => $"{l.DateLabel} {l.Activity} {l.Person} {l.StateLabel}"));
        Assert.Equal(3, all.Lines[^1].WaitlistPosition);
        Assert.Equal(10.50m, all.AcceptedTotal);

        var justDone = await _service.FollowUpAsync(Dupont, new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31")), States: FollowUpStates.All & ~FollowUpStates.Transmitted));
        Assert.Equal(3, justDone.Lines.Count);
        var leyahOnly = await _service.FollowUpAsync(Dupont, new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31")), Child: Leyah.Id));
        Assert.Single(leyahOnly.Lines);
        var waitingOnly = await _service.FollowUpAsync(Dupont, new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31")), Activity: Matin, States: FollowUpStates.Waitlisted | FollowUpStates.Transmitted | FollowUpStates.NotTransmitted));
        Assert.Single(waitingOnly.Lines);
    }

    [Fact]
    public async Task R_HIS_3_the_export_is_csv_in_utf8_with_bom_and_french_numbers()
    {
        await ValidateAsync(BasketOf(Book("restauration", "2024-03-05"), Book("alsh-36-mercredi-matin", "2024-03-06")));
        var followUp = await _service.FollowUpAsync(Dupont, new FollowUpFilter(new DateInterval(Day("2024-03-01"), Day("2024-03-31"))));
        var bytes = followUp.ToCsv();

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date;Activité;Personne;Arrivée;Départ;Coût;État;Position en liste d'attente", lines[0]);
        Assert.Equal("Ma 05/03/2024;Restauration scolaire;DUPONT Lenny;11:30;13:30;3,50;Acceptée, non transmise;", lines[1]);
        Assert.Equal("TOTAL des réservations acceptées;;;;;8,25;;", lines[^1]);
    }
}
