using Portail.Accounts;
using Microsoft.Extensions.Options;
using NodaTime;
using OneOf;
using Portail.Booking;
using Portail.Catalog;
using Portail.Families;

namespace Portail.Notifications;

/// <summary>An information written to the families (R-NTF-2): how many families will get it, and when the last batch is due.</summary>
/// <param name="Families">Families written to (each once, at its addresses).</param>
/// <param name="LastDueAt">When the last batch becomes due for the dispatcher (<see cref="OutboxOptions.InformationPerMinute"/>).</param>
public sealed record InformationWritten(int Families, Instant LastDueAt);

/// <summary>Why an information was not written, in French for the agent, one sentence per faulty field.</summary>
/// <param name="Problems">One sentence per faulty field.</param>
public sealed record InformationRefused(IReadOnlyList<string> Problems)
{
    /// <summary>The problems as one text.</summary>
    public string Message => string.Join(" ", Problems);
}

/// <summary>
/// The service's information to the families of a structure (R-NTF-2), e.g. the strike-day service
/// table: one mail per family with an address, through the outbox, in batches of
/// <see cref="OutboxOptions.InformationPerMinute"/> due a minute apart, so that a mailing to
/// thousands of families neither trips the mail server's limits nor holds back the reports and
/// promotions due meanwhile. Writing the same information again (same id) writes nothing more.
/// </summary>
public sealed class InformationMailing
{
    /// <summary>The longest subject kept.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>The longest text kept.</summary>
    public const int MaxTextLength = 20_000;

    private readonly Catalogue _catalogue;
    private readonly IFamilyDirectory _families;
    private readonly IBookingStore _bookings;
    private readonly IMailOutbox _outbox;
    private readonly IClock _clock;
    private readonly OutboxOptions _options;

    /// <summary>Creates the mailing (resolved from DI by <c>AddPortail</c>).</summary>
    public InformationMailing(Catalogue catalogue, IFamilyDirectory families, IBookingStore bookings, IMailOutbox outbox, IClock clock, IOptions<OutboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalogue = catalogue;
        _families = families;
        _bookings = bookings;
        _outbox = outbox;
        _clock = clock;
        _options = options.Value;
    }

    /// <summary>
    /// The families of <paramref name="structure"/> that have an address: every family of the tenant
    /// when it has one structure; otherwise those with a child enrolled in one of the structure's
    /// activities, or with a booking of one of them within a year either side of today.
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not granted the structure (R-ACC-7).</exception>
    public async Task<IReadOnlyList<FamilyContact>> AudienceAsync(AgentActor agent, StructureId structure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var tenant = agent.Tenant;
        AccessControl.RequireAgent(agent, tenant, AgentRole.Reader, structure);
        var t = _catalogue[tenant];
        var contacts = (await _families.ListContactsAsync(tenant, cancellationToken).ConfigureAwait(false)).Where(c => c.Emails.Count > 0).ToList();
        if (t.Structures.Count == 1)
        {
            return contacts;
        }

        var activities = t.ActivitiesOf(structure).Select(a => a.Id).ToHashSet();
        var today = _clock.GetCurrentInstant().InZone(t.Zone).Date;
        var year = new DateInterval(today.PlusYears(-1), today.PlusYears(1));
        var audience = new List<FamilyContact>();
        foreach (var contact in contacts)
        {
            var children = await _families.GetChildrenAsync(tenant, contact.Family, cancellationToken).ConfigureAwait(false);
            if (children.Any(c => c.Enrolments.Overlaps(activities))
                || (await _bookings.GetFamilyBookingsAsync(tenant, contact.Family, year, cancellationToken).ConfigureAwait(false)).Any(b => activities.Contains(b.Activity)))
            {
                audience.Add(contact);
            }
        }

        return audience;
    }

    /// <summary>
    /// Writes <paramref name="information"/> to the outbox for every family of its structure
    /// (<see cref="AudienceAsync"/>); refuses, writing nothing, an unknown structure, or a subject or
    /// text that is empty or too long.
    /// </summary>
    /// <exception cref="AccessDeniedException">The agent is not a clerk of the information's structure (R-ACC-7).</exception>
    public async Task<OneOf<InformationWritten, InformationRefused>> WriteAsync(AgentActor agent, ServiceInformation information, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(information);
        var tenant = agent.Tenant;
        if (_catalogue[tenant].FindStructure(information.Structure) is not null)
        {
            AccessControl.RequireAgent(agent, tenant, AgentRole.Clerk, information.Structure);
        }

        (information, var problems) = Check(_catalogue[tenant], information);
        if (problems.Count > 0)
        {
            return new InformationRefused(problems);
        }

        var audience = await AudienceAsync(agent, information.Structure, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetCurrentInstant();
        var mails = audience
            .Select((contact, i) => OutboxMails.ServiceInformation(tenant, contact.Family, information, now + Duration.FromMinutes(i / _options.InformationPerMinute)))
            .ToList();
        await _outbox.AddAsync(mails, cancellationToken).ConfigureAwait(false);
        return new InformationWritten(mails.Count, mails.Count == 0 ? now : mails[^1].CreatedAt);
    }

    // The information as it will be kept (subject and text trimmed), and what is wrong with it.
    private static (ServiceInformation Information, List<string> Problems) Check(Tenant tenant, ServiceInformation information)
    {
        var problems = new List<string>();
        if (tenant.FindStructure(information.Structure) is null)
        {
            problems.Add($"La structure « {information.Structure} » n'existe pas : choisissez l'une de celles de la liste.");
        }

        var subject = French.RequiredText(information.Subject, "Le sujet", MaxSubjectLength, problems);
        var text = French.RequiredText(information.Text, "Le texte", MaxTextLength, problems);
        return (information with { Subject = subject, Text = text }, problems);
    }
}
