namespace Portail;

/// <summary>A municipality (collectivité) served by the installation (R-TEN-1).</summary>
/// <param name="Value">The tenant's stable code, as configured (e.g. <c>cestas</c>).</param>
public readonly record struct TenantId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A structure (régie) of a tenant; activities and wallets belong to one (R-TEN-1).</summary>
/// <param name="Value">The structure's code, unique within its tenant.</param>
public readonly record struct StructureId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A bookable service (activité, prestation), unique within its tenant (R-ACT-1).</summary>
/// <param name="Value">The activity's code.</param>
public readonly record struct ActivityId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A wallet type (porte-monnaie) of a structure (R-WAL-1).</summary>
/// <param name="Value">The wallet type's code.</param>
public readonly record struct WalletTypeId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A booking period (période de vacances à vacances, R-WIN-1).</summary>
/// <param name="Value">The period's code.</param>
public readonly record struct PeriodId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A family account (Compte Famille).</summary>
/// <param name="Value">The family's code, unique within its tenant.</param>
public readonly record struct FamilyId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A child of a family (enfant, consommateur).</summary>
/// <param name="Value">The child's code, unique within its tenant.</param>
public readonly record struct ChildId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// What every store accepts as an id (tenant, structure, activity, family, child…): present, at most
/// <see cref="MaxLength"/> characters, no control character. One rule, so that an id accepted by one
/// store is accepted by all of them.
/// </summary>
public static class Identifier
{
    /// <summary>The longest id a store keeps.</summary>
    public const int MaxLength = 64;

    /// <summary>Returns <paramref name="value"/> when it is a valid id; otherwise throws an <see cref="ArgumentException"/> naming <paramref name="field"/>.</summary>
    /// <param name="value">The id's text.</param>
    /// <param name="field">Where it comes from, as the integrator wrote it (<c>commit.Bookings[3].Key.Child</c>).</param>
    public static string Check(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is empty: no record is kept without its id.", field);
        }

        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"{field} is {value.Length} characters long (it begins \"{value[..20]}…\"): ids have at most {MaxLength} characters.", field);
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} holds a control character: ids are printable text.", field);
        }

        return value;
    }
}
