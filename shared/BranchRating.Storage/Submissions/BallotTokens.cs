using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Storage.Submissions;

/// <summary>
/// Ballot tokens that prove their own issue: 12 random bytes and the first 16 bytes of HMAC-SHA256 over the campaign,
/// the organization and those bytes, under the campaign's ballot key (<see cref="Campaigns.CampaignRecord.BallotKey"/>),
/// base64url. Casting checks a token by recomputing its MAC — no stored row is read or changed — and spends it by
/// inserting its spent marker (a second use fails that insert). The key is as secret as the ballots table itself: whoever
/// can read it can also write ballots.
/// </summary>
public static class BallotTokens
{
    private const int NonceBytes = 12;
    private const int MacBytes = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Mint(byte[] key, string campaignId, string code)
    {
        Span<byte> token = stackalloc byte[NonceBytes + MacBytes];
        RandomNumberGenerator.Fill(token[..NonceBytes]);
        Mac(key, campaignId, code, token[..NonceBytes], token[NonceBytes..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>True when <paramref name="token"/> was minted under <paramref name="key"/> for this campaign and organization.</summary>
    public static bool Verify(byte[] key, string campaignId, string code, string token)
    {
        Span<byte> bytes = stackalloc byte[NonceBytes + MacBytes];
        // IsValid first: decoding throws on characters outside the alphabet.
        if (string.IsNullOrEmpty(token) || !Base64Url.IsValid(token, out var size) || size != bytes.Length
            || !Base64Url.TryDecodeFromChars(token, bytes, out var length) || length != bytes.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(key, campaignId, code, bytes[..NonceBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[NonceBytes..]);
    }

    private static void Mac(byte[] key, string campaignId, string code, ReadOnlySpan<byte> nonce, Span<byte> mac)
    {
        var scope = Encoding.UTF8.GetBytes(campaignId + "\n" + code + "\n");
        var message = new byte[scope.Length + nonce.Length];
        scope.CopyTo(message, 0);
        nonce.CopyTo(message.AsSpan(scope.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, message, full);
        full[..MacBytes].CopyTo(mac);
    }
}
