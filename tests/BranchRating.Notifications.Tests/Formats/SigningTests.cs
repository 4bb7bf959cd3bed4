using System.Text;
using BranchRating.Notifications.Signing;

namespace BranchRating.Notifications.Tests.Formats;

public sealed class SigningTests
{
    [Fact]
    public void Standard_webhooks_signature_matches_the_specification_test_vector()
    {
        // The vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks, libraries/*/tests).
        var signature = StandardWebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void A_new_secret_is_whsec_with_32_random_bytes_and_differs_each_time()
    {
        var a = StandardWebhookSigner.NewSecret();
        var b = StandardWebhookSigner.NewSecret();

        Assert.StartsWith("whsec_", a);
        Assert.Equal(32, Convert.FromBase64String(a[6..]).Length);
        Assert.NotEqual(a, b);
        Assert.True(StandardWebhookSigner.IsValidSecret(a));
        Assert.False(StandardWebhookSigner.IsValidSecret("whsec_c2hvcnQ="));
        Assert.False(StandardWebhookSigner.IsValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    [Fact]
    public void DingTalk_sign_is_url_encoded_and_goes_after_the_access_token()
    {
        var uri = DingTalkSigner.SignedUri(new Uri("https://oapi.dingtalk.com/robot/send?access_token=abc"), 1700000000123, "SECtest");

        Assert.StartsWith("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000123&sign=", uri.AbsoluteUri);
        var sign = uri.AbsoluteUri[(uri.AbsoluteUri.IndexOf("sign=", StringComparison.Ordinal) + 5)..];
        Assert.DoesNotContain("+", sign);
        Assert.DoesNotContain("/", sign);
        Assert.Equal(DingTalkSigner.Sign(1700000000123, "SECtest"), Uri.UnescapeDataString(sign));
    }

    [Fact]
    public void Feishu_and_DingTalk_signatures_differ_for_the_same_inputs_because_the_key_differs()
    {
        Assert.NotEqual(FeishuSigner.Sign(1700000000, "secret"), DingTalkSigner.Sign(1700000000, "secret"));
        Assert.NotEqual(FeishuSigner.Sign(1700000000, "secret"), FeishuSigner.Sign(1700000001, "secret"));
    }
}
