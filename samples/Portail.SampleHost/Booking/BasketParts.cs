using System.Security.Cryptography;
using System.Text;
using Portail.Booking;
using Portail.Catalog;

namespace Portail.SampleHost.Booking;

/// <summary>
/// The family's basket is one per tenant (<see cref="IBasketStore"/>), the summary and the validation
/// are per structure (<see cref="FamilyScope"/>): the pages show and validate the part of the basket
/// that belongs to the structure chosen in the menu, and keep the rest for later.
/// </summary>
public static class BasketParts
{
    /// <summary>The requests of <paramref name="all"/> whose activity belongs to <paramref name="structure"/>.</summary>
    public static Basket Of(Basket all, Tenant tenant, StructureId structure)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(tenant);
        var part = Basket.Empty;
        foreach (var r in all.Requests)
        {
            if (tenant.FindActivity(r.Key.Activity)?.Structure == structure)
            {
                part = part.With(r);
            }
        }

        return part;
    }

    /// <summary>What is left of <paramref name="all"/> once the requests of <paramref name="part"/> are taken out.</summary>
    public static Basket Without(Basket all, Basket part)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(part);
        foreach (var r in part.Requests)
        {
            all = all.Without(r.Key);
        }

        return all;
    }

    /// <summary>
    /// A short digest of the requests, put in the summary's form: the validation then checks that the
    /// family validates the basket it was shown, not one changed in another tab meanwhile.
    /// </summary>
    public static string Fingerprint(Basket basket)
    {
        ArgumentNullException.ThrowIfNull(basket);
        var text = new StringBuilder();
        foreach (var r in basket.Requests)
        {
            text.Append(r.Kind).Append('|').Append(r.Key.Child.Value).Append('|').Append(r.Key.Activity.Value).Append('|')
                .Append(r.Key.Date.ToString("uuuu-MM-dd", null)).Append('|').Append(r.Arrival?.ToString("HH:mm", null)).Append('|')
                .Append(r.Departure?.ToString("HH:mm", null)).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
