using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Notifications.Signing;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com, spec "Signature scheme"): the headers <c>webhook-id</c>,
/// <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c> = <c>v1,</c> + base64 of
/// HMAC-SHA256 over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the base64-decoded part of a
/// <c>whsec_</c> secret. Verifiers split the header on spaces and compare each <c>v1,</c> entry in constant time
/// and refuse timestamps more than 5 minutes off (as summarised in dev.to/shannonllc "Standard Webhooks Explained"
/// and signatureapi.com/docs/api/guides/how-to/verify-webhooks).
/// </summary>
public static class StandardWebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes (the spec asks for 24 to 64 bytes).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValidSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var key = new byte[128];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out var written) && written is >= 24 and <= 64;
    }

    /// <summary>The value of <c>webhook-signature</c>.</summary>
    public static string Sign(string id, long timestamp, ReadOnlySpan<byte> body, string secret)
    {
        if (!IsValidSecret(secret))
        {
            throw new ArgumentException("The secret must be 'whsec_' followed by base64 of 24 to 64 bytes.", nameof(secret));
        }

        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
