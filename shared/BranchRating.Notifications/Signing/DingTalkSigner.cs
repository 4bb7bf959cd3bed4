using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Notifications.Signing;

/// <summary>
/// DingTalk custom robot "加签" (open.dingtalk.com/document/robots/customize-robot-security-settings): the string to
/// sign is <c>timestamp + "\n" + secret</c> with the timestamp in milliseconds; it is HMAC-SHA256'd with the secret as
/// key, base64-encoded, then URL-encoded, and sent as the <c>timestamp</c> and <c>sign</c> query parameters. The
/// timestamp must be within one hour of DingTalk's clock. Matches the official Python sample
/// (<c>hmac.new(secret_enc, string_to_sign_enc, sha256)</c>, <c>urllib.parse.quote_plus(base64…)</c>) as quoted in
/// blog.csdn.net/weixin_31560545/article/details/116255918 and learnku.com/articles/68108.
/// </summary>
public static class DingTalkSigner
{
    public static string Sign(long timestampMilliseconds, string secret)
    {
        var stringToSign = $"{timestampMilliseconds}\n{secret}";
        var hmac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(hmac);
    }

    /// <summary>The endpoint with <c>timestamp</c> and the URL-encoded <c>sign</c> appended to its query (which holds access_token).</summary>
    public static Uri SignedUri(Uri endpoint, long timestampMilliseconds, string secret)
    {
        var sign = Uri.EscapeDataString(Sign(timestampMilliseconds, secret));
        var separator = string.IsNullOrEmpty(endpoint.Query) ? "?" : "&";
        return new Uri(endpoint.AbsoluteUri + separator + "timestamp=" + timestampMilliseconds + "&sign=" + sign);
    }
}
