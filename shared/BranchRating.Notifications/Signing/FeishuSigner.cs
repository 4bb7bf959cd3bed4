using System.Security.Cryptography;
using System.Text;

namespace BranchRating.Notifications.Signing;

/// <summary>
/// Feishu/Lark custom bot "签名校验" (open.feishu.cn, 自定义机器人使用指南): the string <c>timestamp + "\n" + secret</c>
/// (timestamp in seconds) is used as the HMAC-SHA256 <em>key</em> over an empty message; the digest is base64-encoded
/// and sent in the JSON body as <c>timestamp</c> (string) and <c>sign</c>. The timestamp must be within one hour.
/// Confirmed by the official Python sample (<c>hmac.new(key_enc, msg_enc="", digestmod=sha256)</c>) quoted in
/// m.down10s.com/jiaocheng/5605312225.html and by gitea's fix (github.com/go-gitea/gitea/pull/34802).
/// </summary>
public static class FeishuSigner
{
    public static string Sign(long timestampSeconds, string secret)
    {
        var key = Encoding.UTF8.GetBytes($"{timestampSeconds}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Array.Empty<byte>()));
    }
}
