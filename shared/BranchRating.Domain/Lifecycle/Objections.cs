namespace BranchRating.Domain.Lifecycle;

public static class ObjectionStates
{
    public const string Open = "open";
    public const string Upheld = "upheld";
    public const string Dismissed = "dismissed";
}

/// <summary>The organization department's final determination of one result: keep it or change its level.</summary>
public static class DeterminationActions
{
    public const string Confirm = "confirm";
    public const string Adjust = "adjust";
}

/// <summary>The public notice (公示) period of a published version.</summary>
public sealed record NoticePeriod(long Version, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public bool EndedAt(DateTimeOffset now) => now >= EndsAt;
}

/// <summary>
/// When a result is final: the notice period has ended and no objection against the organization is still open
/// (篇五 第四步: "对有异议的,要重新进行审核认定").
/// </summary>
public static class Finality
{
    public const string UnderNotice = "under-notice";
    public const string UnderReview = "under-review";
    public const string Final = "final";
    public const string NotPublished = "not-published";

    public static string StatusOf(NoticePeriod? notice, DateTimeOffset now, IEnumerable<string> objectionStates)
    {
        if (notice is null) return NotPublished;
        if (objectionStates.Any(s => s == ObjectionStates.Open)) return UnderReview;
        return notice.EndedAt(now) ? Final : UnderNotice;
    }
}
