using Microsoft.Extensions.Options;

namespace Portail.Payments;

/// <summary>Checks <see cref="PaymentOptions"/> at start-up, naming each faulty setting.</summary>
internal sealed class PaymentOptionsValidation(string path) : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions options)
    {
        var errors = new List<string>();
        if (options.ReconcileEvery < TimeSpan.FromSeconds(10) || options.ReconcileEvery > TimeSpan.FromDays(1))
        {
            errors.Add($"{path}:ReconcileEvery is {options.ReconcileEvery}: between 10 seconds and 1 day (5 minutes is the advice: the notification may never come).");
        }

        if (options.LookBack < TimeSpan.FromHours(1) || options.LookBack > TimeSpan.FromDays(365))
        {
            errors.Add($"{path}:LookBack is {options.LookBack}: between 1 hour and 365 days (7 days is the advice).");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add($"{path}:BatchSize is {options.BatchSize}: 1 to 10000.");
        }

        if (string.IsNullOrWhiteSpace(options.Label) || options.Label.Length > 100)
        {
            errors.Add($"{path}:Label is empty or longer than 100 characters: what the family reads on the platform, e.g. \"Portail Famille {{reference}}\".");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
