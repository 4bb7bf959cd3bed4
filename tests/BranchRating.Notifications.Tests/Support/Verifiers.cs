using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BranchRating.Notifications.Tests.Support;

/// <summary>
/// The receiving side of each format's signature, written from the vendors' descriptions and independent of the
/// signers under test: what a department's endpoint (or the robot platform) checks.
/// </summary>
public static class Verifiers
{
    /// <summary>Standard Webhooks: HMAC-SHA256(base64-decoded secret, "id.timestamp.body"), any "v1," entry, constant-time compare.</summary>
    public static bool StandardWebhooks(ReceivedRequest request, string secret)
    {
        var id = request.Headers["webhook-id"];
        var timestamp = request.Headers["webhook-timestamp"];
        var key = Convert.FromBase64String(secret.Split('_', 2)[1]);
        using var hmac = new HMACSHA256(key);
        var signed = Encoding.UTF8.GetBytes(id + "." + timestamp + ".").Concat(request.Body).ToArray();
        var expected = hmac.ComputeHash(signed);
        return request.Headers["webhook-signature"].Split(' ')
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
    }

    /// <summary>DingTalk: sign = urlencode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret))), in the query.</summary>
    public static bool DingTalk(ReceivedRequest request, string secret)
    {
        var query = request.PathAndQuery[(request.PathAndQuery.IndexOf('?') + 1)..].Split('&')
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(query["timestamp"] + "\n" + secret)));
        return query["sign"] == expected && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - long.Parse(query["timestamp"])) < 3_600_000;
    }

    /// <summary>Feishu: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), in the JSON body.</summary>
    public static bool Feishu(ReceivedRequest request, string secret)
    {
        using var doc = JsonDocument.Parse(request.Body);
        var timestamp = doc.RootElement.GetProperty("timestamp").GetString()!;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash([]));
        return doc.RootElement.GetProperty("sign").GetString() == expected
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) < 3600;
    }
}
