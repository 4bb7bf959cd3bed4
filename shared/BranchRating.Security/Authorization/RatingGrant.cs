namespace BranchRating.Security.Authorization;

/// <summary>A role held for a scope, carried in a token as one claim value <c>role@/P01/C03</c>.</summary>
public sealed record RatingGrant(Role Role, OrganizationPath Scope)
{
    public static RatingGrant Parse(string value) =>
        TryParse(value, out var grant, out var error) ? grant : throw new FormatException(error);

    public static bool TryParse(string? value, out RatingGrant grant, out string? error)
    {
        grant = null!;
        var at = value?.IndexOf('@') ?? -1;
        if (value is null || at <= 0)
        {
            error = "a grant is 'role@/organization/path', e.g. reviewer@/P01/C03";
            return false;
        }

        var name = Enum.GetNames<Role>().FirstOrDefault(n => n.Equals(value[..at], StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            error = $"unknown role '{value[..at]}' (admin, reviewer, secretary, observer)";
            return false;
        }

        if (!OrganizationPath.TryParse(value[(at + 1)..], out var scope, out error))
        {
            return false;
        }

        grant = new RatingGrant(Enum.Parse<Role>(name), scope);
        return true;
    }

    public override string ToString() => $"{Role.ToString().ToLowerInvariant()}@{Scope}";
}
