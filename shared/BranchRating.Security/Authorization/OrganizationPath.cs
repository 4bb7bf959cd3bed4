using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace BranchRating.Security.Authorization;

/// <summary>
/// An organization's place in the hierarchy by affiliation, as codes from the province down:
/// <c>/P01/C03/X12/B0042</c>. A grant's scope is such a path; it covers the organization and, depending on the
/// role's reach, its subtree.
/// </summary>
public sealed partial class OrganizationPath : IEquatable<OrganizationPath>
{
    public const int MaxDepth = 10;

    private OrganizationPath(string[] segments)
    {
        Segments = segments;
        Value = "/" + string.Join('/', segments);
    }

    public IReadOnlyList<string> Segments { get; }

    public string Value { get; }

    public int Depth => Segments.Count;

    public static OrganizationPath Parse(string value) =>
        TryParse(value, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out OrganizationPath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrEmpty(value) || value[0] != '/')
        {
            error = "an organization path starts with '/', e.g. /P01/C03/X12";
            return false;
        }

        var segments = value[1..].Split('/');
        if (segments.Length > MaxDepth)
        {
            error = $"an organization path has at most {MaxDepth} levels";
            return false;
        }

        foreach (var segment in segments)
        {
            if (!SegmentPattern().IsMatch(segment))
            {
                error = $"'{Truncate(segment)}' is not an organization code (1-32 letters, digits, '-' or '_')";
                return false;
            }
        }

        error = null;
        path = new OrganizationPath(segments);
        return true;
    }

    /// <summary>True when this is <paramref name="ancestor"/> itself or lies below it.</summary>
    public bool IsSelfOrDescendantOf(OrganizationPath ancestor) =>
        ancestor.Depth <= Depth && ancestor.Segments.Select((s, i) => string.Equals(s, Segments[i], StringComparison.Ordinal)).All(x => x);

    /// <summary>True when this lies strictly below <paramref name="ancestor"/>.</summary>
    public bool IsDescendantOf(OrganizationPath ancestor) => ancestor.Depth < Depth && IsSelfOrDescendantOf(ancestor);

    public bool Equals(OrganizationPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as OrganizationPath);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex SegmentPattern();
}
