using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime.Text;
using NodaTime;
using Portail.Billing;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Accounts;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>The agents' attendance sheet of one activity and day, and its posting to the wallets (R-WAL-4).</summary>
[Authorize(Policy = HostAuthentication.Agent)]
public sealed class PointageModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock, BookingService booking, ConsumptionPosting posting)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "activite")]
    public string? ActivityParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "jour")]
    public string? DayParam { get; set; }

    public Activity? Activity { get; private set; }

    public LocalDate Day { get; private set; }

    public IReadOnlyList<ChildBooking> Booked { get; private set; } = [];

    public string? Done { get; private set; }

    public string? Problem { get; private set; }

    public IEnumerable<Activity> Activities => Tenant.ActivitiesOf(Structure.Id);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Posts the sheet: one <c>presence:{child}</c> field per booked child, and optionally one unbooked child.</summary>
    public async Task<IActionResult> OnPostAsync(string? sansReservationEnfant, string? sansReservationFamille, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Activity is null)
        {
            return NotFound();
        }

        var marks = new List<AttendanceMark>();
        foreach (var b in Booked)
        {
            var value = Request.Form[$"presence:{b.Child.Value}"].ToString();
            if (!Enum.TryParse<Attendance>(value, out var attendance) || attendance == Attendance.PresentWithoutBooking)
            {
                Problem = $"Indiquez si l'enfant « {b.Child} » était présent ou absent.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            marks.Add(new AttendanceMark(b.Child, b.Family, attendance));
        }

        if (!string.IsNullOrWhiteSpace(sansReservationEnfant))
        {
            marks.Add(new AttendanceMark(new ChildId(sansReservationEnfant.Trim()), new FamilyId(sansReservationFamille?.Trim() ?? ""), Attendance.PresentWithoutBooking));
        }

        var answer = await posting.PostDayAsync(AgentAccount, Activity.Id, Day, marks, cancellationToken);
        if (answer.TryPickT1(out var refused, out var report))
        {
            Problem = refused.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Done = report.Posted > 0
            ? $"Pointage enregistré : {report.Posted} consommation(s) débitée(s), {French.Euros(report.Total)} au total."
            : "Cette journée avait déjà été pointée : rien n'a été débité une seconde fois.";
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Activity = string.IsNullOrEmpty(ActivityParam) ? Activities.FirstOrDefault() : Tenant.FindActivity(new ActivityId(ActivityParam));
        var parsed = LocalDatePattern.Iso.Parse(DayParam ?? "");
        Day = parsed.Success ? parsed.Value : Today.PlusDays(-1);
        if (Activity is not null)
        {
            Booked = (await booking.GetDayBookingsAsync(AgentAccount, new DayKey(Activity.Id, Day), cancellationToken))
                .Where(b => b.Status == BookingStatus.Accepted).ToList();
        }
    }
}
