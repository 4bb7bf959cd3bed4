namespace BranchRating.Notifications.Formats;

/// <summary>How a subscription wants its events: a CloudEvents JSON webhook, or one of the group robots used in China.</summary>
public enum WebhookFormat
{
    /// <summary>CloudEvents 1.0 structured JSON, signed per the Standard Webhooks specification.</summary>
    CloudEvents,

    /// <summary>WeCom (企业微信) group robot, markdown message. No signing: the robot key is in the URL.</summary>
    WeCom,

    /// <summary>DingTalk (钉钉) custom robot, markdown message, timestamp + HMAC-SHA256 signature in the query.</summary>
    DingTalk,

    /// <summary>Feishu/Lark (飞书) custom bot, rich-text (post) message, timestamp + signature in the body.</summary>
    Feishu,
}

public static class WebhookFormats
{
    /// <summary>The names accepted by the API: cloudevents, wecom, dingtalk, feishu.</summary>
    public static readonly IReadOnlyList<string> Names = ["cloudevents", "wecom", "dingtalk", "feishu"];

    public static string Name(this WebhookFormat format) => Names[(int)format];

    public static bool TryParse(string? name, out WebhookFormat format)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        format = index < 0 ? default : (WebhookFormat)index;
        return index >= 0;
    }
}
