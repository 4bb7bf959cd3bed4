using System.Text;
using System.Text.Json;
using BranchRating.Notifications.Events;

namespace BranchRating.Notifications.Formats;

/// <summary>
/// WeCom (企业微信) group robot, <c>{"msgtype":"markdown","markdown":{"content":…}}</c> POSTed to the robot URL
/// (developer.work.weixin.qq.com/document/path/91770). The robot has no signing: its key is in the URL, which is
/// therefore treated as a secret (never shown in full by the API). <c>content</c> must stay within
/// <see cref="RobotMessageLimits.WeComMarkdownMaxBytes"/> UTF-8 bytes, so long lists are split.
/// </summary>
public sealed class WeComFormatter(RobotMessageLimits limits) : IWebhookFormatter
{
    public WebhookFormat Format => WebhookFormat.WeCom;

    public IReadOnlyList<WebhookRequest> Render(NotificationEvent evt, WebhookTarget target, DateTimeOffset now)
    {
        var message = ChineseMessage.From(evt, limits);
        var parts = MessageSplitter.Split(message.Items, limits.WeComMarkdownMaxBytes, limits.MaxPartsPerEvent,
            part => MessageSplitter.Utf8Bytes(Content(message, part)));
        return parts.Select(part =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new { msgtype = "markdown", markdown = new { content = Content(message, part) } }, NotificationJson.Options);
            return new WebhookRequest(target.Endpoint, "application/json; charset=utf-8", body, new Dictionary<string, string>());
        }).ToList();
    }

    public WebhookVerdict Judge(int statusCode, string responseBody) =>
        HttpVerdicts.FromRobotBody(statusCode, responseBody, "errcode", "errmsg");

    public static string Content(ChineseMessage message, MessagePart part)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(message.Title).Append(ChineseMessage.PartLabel(part)).Append('\n');
        foreach (var (label, value) in message.Lines)
        {
            text.Append("> ").Append(label).Append("：<font color=\"comment\">").Append(value).Append("</font>\n");
        }

        if (message.ListCaption is { } caption)
        {
            text.Append("**").Append(caption).Append("**\n");
            foreach (var item in part.Items)
            {
                text.Append("- ").Append(item).Append('\n');
            }

            if (part.Omitted > 0)
            {
                text.Append(ChineseMessage.OmittedLine(part)).Append('\n');
            }
        }

        if (message.Link is { } link)
        {
            text.Append("[查看详情](").Append(link).Append(')');
        }

        return text.ToString().TrimEnd('\n');
    }
}
