using System.Globalization;
using System.Text.Json;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Signing;

namespace BranchRating.Notifications.Formats;

/// <summary>
/// Feishu/Lark (飞书) custom bot, rich text: <c>{"timestamp":…,"sign":…,"msg_type":"post","content":{"post":{"zh_cn":
/// {"title":…,"content":[[{"tag":"text","text":…}],…]}}}}</c> (open.feishu.cn 自定义机器人使用指南). The signature
/// (<see cref="FeishuSigner"/>) goes in the body when the subscription has a secret. Each body stays within
/// <see cref="RobotMessageLimits.FeishuBodyMaxBytes"/>; the bot answers <c>{"code":0}</c> when it sent the message.
/// </summary>
public sealed class FeishuFormatter(RobotMessageLimits limits) : IWebhookFormatter
{
    public WebhookFormat Format => WebhookFormat.Feishu;

    public IReadOnlyList<WebhookRequest> Render(NotificationEvent evt, WebhookTarget target, DateTimeOffset now)
    {
        var message = ChineseMessage.From(evt, limits);
        var timestamp = now.ToUnixTimeSeconds();
        var sign = target.Secret is { Length: > 0 } secret ? FeishuSigner.Sign(timestamp, secret) : null;
        var parts = MessageSplitter.Split(message.Items, limits.FeishuBodyMaxBytes, limits.MaxPartsPerEvent,
            part => Body(message, part, timestamp, sign).Length);
        return parts.Select(part => new WebhookRequest(target.Endpoint, "application/json; charset=utf-8",
            Body(message, part, timestamp, sign), new Dictionary<string, string>())).ToList();
    }

    public WebhookVerdict Judge(int statusCode, string responseBody) =>
        HttpVerdicts.FromRobotBody(statusCode, responseBody, "code", "msg");

    private static byte[] Body(ChineseMessage message, MessagePart part, long timestamp, string? sign)
    {
        var paragraphs = new List<object[]>();
        foreach (var (label, value) in message.Lines)
        {
            paragraphs.Add([new { tag = "text", text = $"{label}：{value}" }]);
        }

        if (message.ListCaption is { } caption)
        {
            paragraphs.Add([new { tag = "text", text = caption + "：" }]);
            paragraphs.AddRange(part.Items.Select(item => new object[] { new { tag = "text", text = "• " + item } }));
            if (part.Omitted > 0)
            {
                paragraphs.Add([new { tag = "text", text = ChineseMessage.OmittedLine(part) }]);
            }
        }

        if (message.Link is { } link)
        {
            paragraphs.Add([new { tag = "a", text = "查看详情", href = link }]);
        }

        var post = new { zh_cn = new { title = message.Title + ChineseMessage.PartLabel(part), content = paragraphs } };
        object body = sign is null
            ? new { msg_type = "post", content = new { post } }
            : new { timestamp = timestamp.ToString(CultureInfo.InvariantCulture), sign, msg_type = "post", content = new { post } };
        return JsonSerializer.SerializeToUtf8Bytes(body, NotificationJson.Options);
    }
}
