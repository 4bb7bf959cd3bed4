using System.Text;
using System.Text.Json;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Signing;

namespace BranchRating.Notifications.Formats;

/// <summary>
/// DingTalk (钉钉) custom robot, <c>{"msgtype":"markdown","markdown":{"title":…,"text":…}}</c>
/// (open.dingtalk.com/document/robots/custom-robot-access; message types: text, link, markdown, ActionCard, FeedCard).
/// Signed per <see cref="DingTalkSigner"/> when the subscription has a secret (the robot's "SEC…" string). Each body
/// stays within <see cref="RobotMessageLimits.DingTalkBodyMaxBytes"/> and the text within
/// <see cref="RobotMessageLimits.DingTalkMarkdownMaxChars"/>. DingTalk markdown needs a blank line between paragraphs.
/// </summary>
public sealed class DingTalkFormatter(RobotMessageLimits limits) : IWebhookFormatter
{
    public WebhookFormat Format => WebhookFormat.DingTalk;

    public IReadOnlyList<WebhookRequest> Render(NotificationEvent evt, WebhookTarget target, DateTimeOffset now)
    {
        var message = ChineseMessage.From(evt, limits);
        var parts = MessageSplitter.Split(message.Items, limits.DingTalkBodyMaxBytes, limits.MaxPartsPerEvent, part =>
        {
            var text = Text(message, part);
            return text.Length > limits.DingTalkMarkdownMaxChars ? int.MaxValue : Body(message, part).Length;
        });
        var uri = target.Secret is { Length: > 0 } secret
            ? DingTalkSigner.SignedUri(target.Endpoint, now.ToUnixTimeMilliseconds(), secret)
            : target.Endpoint;
        return parts.Select(part => new WebhookRequest(uri, "application/json; charset=utf-8", Body(message, part), new Dictionary<string, string>())).ToList();
    }

    public WebhookVerdict Judge(int statusCode, string responseBody) =>
        HttpVerdicts.FromRobotBody(statusCode, responseBody, "errcode", "errmsg");

    private static byte[] Body(ChineseMessage message, MessagePart part) => JsonSerializer.SerializeToUtf8Bytes(
        new { msgtype = "markdown", markdown = new { title = message.Title, text = Text(message, part) } }, NotificationJson.Options);

    public static string Text(ChineseMessage message, MessagePart part)
    {
        var text = new StringBuilder();
        text.Append("#### ").Append(message.Title).Append(ChineseMessage.PartLabel(part)).Append("\n\n");
        foreach (var (label, value) in message.Lines)
        {
            text.Append("**").Append(label).Append("**：").Append(value).Append("\n\n");
        }

        if (message.ListCaption is { } caption)
        {
            text.Append("**").Append(caption).Append("**\n\n");
            foreach (var item in part.Items)
            {
                text.Append("- ").Append(item).Append('\n');
            }

            text.Append('\n');
            if (part.Omitted > 0)
            {
                text.Append(ChineseMessage.OmittedLine(part)).Append("\n\n");
            }
        }

        if (message.Link is { } link)
        {
            text.Append("[查看详情](").Append(link).Append(')');
        }

        return text.ToString().TrimEnd('\n');
    }
}
