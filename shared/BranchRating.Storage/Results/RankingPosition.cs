using System.Globalization;

namespace BranchRating.Storage.Results;

/// <summary>
/// The continuation token of a ranking page (plain or searched): <c>p{position}</c>, the 0-based position in rank order
/// where the next page starts. Opaque to clients; a reader passes it back as given.
/// </summary>
public static class RankingPosition
{
    public static string Format(int position) => string.Create(CultureInfo.InvariantCulture, $"p{position}");

    /// <summary>Position 0 for no token; <see cref="FormatException"/> for a token not made by <see cref="Format"/>.</summary>
    public static int Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        if (token.Length < 2 || token[0] != 'p' || !int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !string.Equals(Format(position), token, StringComparison.Ordinal))
        {
            throw NotOurs();
        }

        return position;
    }

    internal static FormatException NotOurs() => new("Not a continuation token of this ranking; pass the token of the previous page as given.");
}
