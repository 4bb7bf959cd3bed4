using System.Buffers.Text;
using System.Text;

namespace BranchRating.Storage.Tables;

/// <summary>
/// The continuation token a listing gives its clients: <c>t.</c> and the Tables SDK's own token (next partition and
/// row key) in base64url. A malformed token (not of this form, or not as <see cref="Format"/> writes it) is refused
/// with a <see cref="FormatException"/>, where the SDK would silently answer an empty page. A well-formed token for
/// keys that do not exist still gives an empty page. Opaque to clients; a reader passes it back as given.
/// </summary>
public static class PageToken
{
    private const string Prefix = "t.";

    public static string? Format(string? sdkToken) =>
        sdkToken is null ? null : Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sdkToken));

    /// <summary>The SDK's token (null for none); <see cref="FormatException"/> for a token not as <see cref="Format"/> writes it.</summary>
    public static string? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.StartsWith(Prefix, StringComparison.Ordinal) && Base64Url.IsValid(token.AsSpan(Prefix.Length)))
        {
            var sdkToken = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length)));
            // The SDK's token is the next partition key and row key, separated by a space.
            if (sdkToken.Contains(' ', StringComparison.Ordinal) && string.Equals(Format(sdkToken), token, StringComparison.Ordinal))
            {
                return sdkToken;
            }
        }

        throw new FormatException("Not a continuation token of this listing; pass the token of the previous page as given.");
    }
}
