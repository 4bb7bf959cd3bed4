namespace BranchRating.Notifications.Events;

/// <summary>
/// The CloudEvents <c>type</c> of every event departments can subscribe to (RATING-RULES §7), reverse-DNS
/// prefixed as the CloudEvents 1.0 spec recommends. A subscription lists the types it wants.
/// </summary>
public static class NotificationEventTypes
{
    public const string Prefix = "cn.branchrating.";

    /// <summary>A step of a campaign opened (self-assessment, appraisal, review, …).</summary>
    public const string StepOpened = Prefix + "step.opened";

    /// <summary>A step's deadline is near.</summary>
    public const string DeadlineApproaching = Prefix + "deadline.approaching";

    /// <summary>A step closed; <c>data.items</c> lists the subordinates whose submissions are missing.</summary>
    public const string StepClosed = Prefix + "step.closed";

    /// <summary>Results were published (staged decisions released in one batch).</summary>
    public const string ResultsPublished = Prefix + "results.published";

    public const string NoticeStarted = Prefix + "notice.started";

    public const string NoticeEnded = Prefix + "notice.ended";

    /// <summary>An objection was raised during the public notice against one of the department's organizations.</summary>
    public const string ObjectionRaised = Prefix + "objection.raised";

    /// <summary>An organization lost a star (降级摘星).</summary>
    public const string StarLost = Prefix + "star.lost";

    /// <summary>A rectification notice with a deadline was issued (限期整改通知书).</summary>
    public const string RectificationIssued = Prefix + "rectification.issued";

    /// <summary>Sent only by the test-ping endpoint; never matched by subscriptions.</summary>
    public const string Ping = Prefix + "ping";

    public static readonly IReadOnlyList<string> All =
    [
        StepOpened, DeadlineApproaching, StepClosed, ResultsPublished, NoticeStarted, NoticeEnded,
        ObjectionRaised, StarLost, RectificationIssued,
    ];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);

    /// <summary>The Chinese label shown in robot messages.</summary>
    public static string Label(string type) => type switch
    {
        StepOpened => "环节开始",
        DeadlineApproaching => "截止提醒",
        StepClosed => "环节截止",
        ResultsPublished => "结果发布",
        NoticeStarted => "公示开始",
        NoticeEnded => "公示结束",
        ObjectionRaised => "收到异议",
        StarLost => "摘星降级",
        RectificationIssued => "限期整改通知",
        Ping => "连通测试",
        _ => "通知",
    };
}
