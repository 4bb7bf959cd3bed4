using System.Globalization;

namespace BranchRating.Storage.Results;

/// <summary>
/// The continuation token of a ranking page: <c>{chunk}:{the chunk partition's own continuation token}</c>, the part
/// after the colon empty when the next page starts at the beginning of that chunk.
/// </summary>
public static class RankingToken
{
    public static string Format(int chunk, string? inner) => string.Create(CultureInfo.InvariantCulture, $"{chunk}:{inner}");

    /// <summary>Chunk 0 from the start for no token; <see cref="FormatException"/> for a token not made by <see cref="Format"/>.</summary>
    public static (int Chunk, string? Inner) Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, null);
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !int.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) || chunk > 9999)
        {
            throw new FormatException("Not a continuation token of this ranking; pass the token of the previous page as given.");
        }

        return (chunk, colon == token.Length - 1 ? null : token[(colon + 1)..]);
    }
}
