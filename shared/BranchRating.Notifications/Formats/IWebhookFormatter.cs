using System.Text.Json;
using BranchRating.Notifications.Events;

namespace BranchRating.Notifications.Formats;

/// <summary>Turns an event into the HTTP request(s) a format expects, signed at send time, and reads the endpoint's answer.</summary>
public interface IWebhookFormatter
{
    WebhookFormat Format { get; }

    /// <summary>One request per message; robots get several when a long list is split. <paramref name="now"/> is the signing time.</summary>
    IReadOnlyList<WebhookRequest> Render(NotificationEvent evt, WebhookTarget target, DateTimeOffset now);

    /// <summary>Whether the endpoint accepted the request, and if not whether trying again may help.</summary>
    WebhookVerdict Judge(int statusCode, string responseBody);
}

/// <summary>The formatter of each format.</summary>
public sealed class WebhookFormatters(RobotMessageLimits? limits = null)
{
    private readonly IReadOnlyDictionary<WebhookFormat, IWebhookFormatter> _formatters = new IWebhookFormatter[]
    {
        new CloudEventsFormatter(),
        new WeComFormatter(limits ?? new RobotMessageLimits()),
        new DingTalkFormatter(limits ?? new RobotMessageLimits()),
        new FeishuFormatter(limits ?? new RobotMessageLimits()),
    }.ToDictionary(f => f.Format);

    public IWebhookFormatter For(WebhookFormat format) => _formatters[format];
}

/// <summary>HTTP status rules shared by every format: 2xx accepted, 408/429/5xx worth retrying, redirects and other 4xx not.</summary>
public static class HttpVerdicts
{
    public static WebhookVerdict FromStatus(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => WebhookVerdict.Ok,
        408 or 425 or 429 => new WebhookVerdict(false, true, $"HTTP {statusCode}"),
        >= 500 => new WebhookVerdict(false, true, $"HTTP {statusCode}"),
        >= 300 and < 400 => new WebhookVerdict(false, false, $"HTTP {statusCode}: redirects are not followed; register the final URL"),
        _ => new WebhookVerdict(false, false, $"HTTP {statusCode}"),
    };

    /// <summary>
    /// The robots answer HTTP 200 with an error code in the body (<c>errcode</c> for WeCom and DingTalk, <c>code</c> for
    /// Feishu); 0 means sent. A non-zero code (rate limit, bad signature…) is retried and ends in the dead-letter store.
    /// </summary>
    public static WebhookVerdict FromRobotBody(int statusCode, string body, string codeProperty, string messageProperty)
    {
        var byStatus = FromStatus(statusCode);
        if (!byStatus.Accepted)
        {
            return byStatus;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty(codeProperty, out var code)
                && code.ValueKind == JsonValueKind.Number && code.GetInt64() != 0)
            {
                var message = doc.RootElement.TryGetProperty(messageProperty, out var m) ? m.ToString() : "";
                return new WebhookVerdict(false, true, $"{codeProperty} {code.GetInt64()}: {message}");
            }
        }
        catch (JsonException)
        {
            return new WebhookVerdict(false, true, "HTTP 200 with a body that is not the robot's JSON answer");
        }

        return WebhookVerdict.Ok;
    }
}
