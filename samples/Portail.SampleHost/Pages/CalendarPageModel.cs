using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using Portail.Catalog;
using Portail.Families;
using Portail.SampleHost.Booking;
using Portail.SampleHost.Demo;

namespace Portail.SampleHost.Pages;

/// <summary>A page of the booking journey: it carries the calendar's child, activity and month (<c>?child=&amp;activity=&amp;month=</c>) so that "Retour au calendrier" goes back where the family was.</summary>
public abstract class CalendarPageModel(Catalogue catalogue, IOptions<DemoOptions> demo, IFamilyDirectory families, IClock clock)
    : PortalPageModel(catalogue, demo, families, clock)
{
    [BindProperty(SupportsGet = true, Name = "child")]
    public string? ChildParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "activity")]
    public string? ActivityParam { get; set; }

    [BindProperty(SupportsGet = true, Name = "month")]
    public string? MonthParam { get; set; }

    /// <summary>The calendar the family came from, as it asked for it.</summary>
    public CalendarRoute Back => new(StructureRoute, ChildParam, ActivityParam, MonthParam);
}
