using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Portail.SampleHost.Demo;

/// <summary>The "Demo" section: who is signed in, and the instant the demo pretends it is.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The pattern of <see cref="Now"/>: a local date-time in the tenant's zone.</summary>
    public static readonly LocalDateTimePattern NowPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>The demo's local date-time (e.g. 2023-10-02T09:00); empty for the system clock.</summary>
    public string? Now { get; set; }

    /// <summary>The tenant the demo family belongs to.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The signed-in family.</summary>
    public string Family { get; set; } = "";

    public TenantId TenantId => new(Tenant);

    public FamilyId FamilyId => new(Family);

    /// <summary>The parsed <see cref="Now"/>, or <see langword="null"/> when not set.</summary>
    public LocalDateTime? LocalNow => string.IsNullOrWhiteSpace(Now) ? null : NowPattern.Parse(Now).GetValueOrThrow();
}

/// <summary>Fails start-up naming the faulty "Demo" setting.</summary>
public sealed class DemoOptionsValidation(IConfiguration configuration) : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Now) && !DemoOptions.NowPattern.Parse(options.Now).Success)
        {
            errors.Add($"{DemoOptions.Section}:Now must be a local date-time written yyyy-MM-ddTHH:mm (e.g. 2023-10-02T09:00); got '{options.Now}'.");
        }

        var tenants = configuration.GetSection("Portail:Tenants").GetChildren().Select(t => t["Id"]).ToList();
        if (!tenants.Contains(options.Tenant))
        {
            errors.Add($"{DemoOptions.Section}:Tenant must be the id of a configured tenant ({string.Join(", ", tenants)}); got '{options.Tenant}'.");
        }

        if (string.IsNullOrWhiteSpace(options.Family))
        {
            errors.Add($"{DemoOptions.Section}:Family must name the signed-in family (e.g. dupont).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
