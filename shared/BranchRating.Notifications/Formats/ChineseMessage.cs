using System.Globalization;
using BranchRating.Notifications.Events;
using NodaTime;

namespace BranchRating.Notifications.Formats;

/// <summary>
/// The Chinese wording of an event for people reading a group chat: a title, labelled lines and an optional list.
/// Deadlines are shown in Beijing time (Asia/Shanghai); the robot formatters render this in their own markup.
/// </summary>
public sealed record ChineseMessage(string Title, IReadOnlyList<(string Label, string Value)> Lines, string? ListCaption, IReadOnlyList<string> Items, string? Link)
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static ChineseMessage From(NotificationEvent evt, RobotMessageLimits limits)
    {
        var data = evt.Data;
        var title = $"【{NotificationEventTypes.Label(evt.Type)}】{data.CampaignName ?? "党组织星级评定"}";
        var lines = new List<(string, string)>();
        if (data.StepName is { Length: > 0 } step)
        {
            lines.Add(("环节", step));
        }

        if (data.OrganizationName is { Length: > 0 } org)
        {
            lines.Add(("组织", org));
        }

        if (data.Deadline is { } deadline)
        {
            lines.Add(("截止时间", ShowInBeijing(deadline)));
        }

        if (data.Detail is { Length: > 0 } detail)
        {
            lines.Add(("说明", detail.Length > limits.MaxDetailChars ? detail[..limits.MaxDetailChars] + "…" : detail));
        }

        lines.Add(("时间", ShowInBeijing(evt.Time)));
        var items = data.Items ?? [];
        string? caption = items.Count == 0 ? null : evt.Type switch
        {
            NotificationEventTypes.StepClosed or NotificationEventTypes.DeadlineApproaching => $"未提交的组织（共 {items.Count} 个）",
            _ => $"涉及的组织（共 {items.Count} 个）",
        };
        return new ChineseMessage(title, lines, caption, items, data.Link);
    }

    /// <summary>An instant as Beijing wall time, e.g. <c>2026-07-31 18:00（北京时间）</c>.</summary>
    public static string ShowInBeijing(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Shanghai).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture) + "（北京时间）";

    /// <summary>The line naming a part of a split list, e.g. <c>（第 2/3 部分）</c>; empty when there is one part.</summary>
    public static string PartLabel(MessagePart part) => part.Count > 1 ? $"（第 {part.Index}/{part.Count} 部分）" : "";

    /// <summary>The closing line of a summarised list.</summary>
    public static string OmittedLine(MessagePart part) => part.Omitted > 0 ? $"……另有 {part.Omitted} 个未列出，请登录系统查看完整名单" : "";
}
