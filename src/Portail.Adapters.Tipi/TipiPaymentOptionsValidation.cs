using Microsoft.Extensions.Options;

namespace Portail.Adapters.Tipi;

/// <summary>Checks <see cref="TipiPaymentOptions"/>, naming each faulty setting.</summary>
internal sealed class TipiPaymentOptionsValidation : IValidateOptions<TipiPaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, TipiPaymentOptions options)
    {
        var errors = new List<string>();
        if ((options.ClientNumbers.Count == 0 || !string.IsNullOrEmpty(options.ClientNumber)) && !IsClientNumber(options.ClientNumber))
        {
            errors.Add($"TipiPaymentOptions.ClientNumber is '{options.ClientNumber}': the régie's client number at the treasury (numcli) is 6 digits.");
        }

        foreach (var (tenant, number) in options.ClientNumbers)
        {
            if (!IsClientNumber(number))
            {
                errors.Add($"TipiPaymentOptions.ClientNumbers:{tenant} is '{number}': a client number (numcli) is 6 digits.");
            }
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"TipiPaymentOptions.Mode is {(int)options.Mode}: Test, Activation or Production.");
        }

        if (!Enum.IsDefined(options.Protocol))
        {
            errors.Add($"TipiPaymentOptions.Protocol is {(int)options.Protocol}: WebService or Classic.");
        }

        Url(errors, options.WebServiceUrl, nameof(options.WebServiceUrl), options.Mode);
        Url(errors, options.PaymentPageUrl, nameof(options.PaymentPageUrl), options.Mode);
        Url(errors, options.ClassicUrl, nameof(options.ClassicUrl), options.Mode);
        Url(errors, options.NotificationUrl, nameof(options.NotificationUrl), options.Mode);
        Url(errors, options.ReturnUrl, nameof(options.ReturnUrl), options.Mode);
        if (options.ClassicSaisie is { Length: > 0 } saisie && (saisie.Length != 1 || !char.IsAsciiLetterUpper(saisie[0])))
        {
            errors.Add($"TipiPaymentOptions.ClassicSaisie is '{saisie}': one capital letter (T, X, A, M or W), or empty for the mode's default.");
        }

        Span(errors, options.Timeout, nameof(options.Timeout), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        Span(errors, options.PageLifetime, nameof(options.PageLifetime), TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        Span(errors, options.ResultWait, nameof(options.ResultWait), TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Span(errors, options.AbandonedGrace, nameof(options.AbandonedGrace), TimeSpan.Zero, TimeSpan.FromDays(1));
        if (options.ResultWait < options.PageLifetime)
        {
            errors.Add($"TipiPaymentOptions.ResultWait ({options.ResultWait}) is shorter than TipiPaymentOptions.PageLifetime ({options.PageLifetime}): an attempt would expire while the family can still pay.");
        }

        if (options.MaxTotal < 1m || options.MaxTotal > 100_000m || decimal.Round(options.MaxTotal, 2) != options.MaxTotal)
        {
            errors.Add($"TipiPaymentOptions.MaxTotal is {options.MaxTotal}: whole cents between 1.00 and 100,000 euros.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsClientNumber(string? number) => number is { Length: 6 } && number.All(char.IsAsciiDigit);

    private static void Url(List<string> errors, Uri? url, string name, TipiMode mode)
    {
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"TipiPaymentOptions.{name} is '{url}': an absolute http(s) URL.");
        }
        else if (mode == TipiMode.Production && url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            errors.Add($"TipiPaymentOptions.{name} is '{url}': in production every URL is https (loopback excepted, for tests).");
        }
    }

    private static void Span(List<string> errors, TimeSpan value, string name, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"TipiPaymentOptions.{name} is {value}: between {min} and {max}.");
        }
    }
}
