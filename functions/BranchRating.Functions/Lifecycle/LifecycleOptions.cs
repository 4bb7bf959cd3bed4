namespace BranchRating.Functions.Lifecycle;

/// <summary>Settings of the campaign lifecycle (configuration section <c>Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>How long before a step's soft deadline a reminder goes out (one event per lead time).</summary>
    public IList<TimeSpan> ReminderLeadTimes { get; set; } = [TimeSpan.FromDays(3), TimeSpan.FromDays(1)];

    /// <summary>Public notice (公示) length when the department does not give one: one week (篇十一).</summary>
    public int NoticeDays { get; set; } = 7;

    /// <summary>Shortest notice allowed: not less than 7 days (篇十二, 篇十五).</summary>
    public int MinNoticeDays { get; set; } = 7;

    /// <summary>Level ordinal → the body a result of that level is filed with (4★ city, 5★ province by default).</summary>
    public IDictionary<string, string> FiledUpward { get; set; } = new Dictionary<string, string>();

    /// <summary>Departments that may close early, extend, start the notice, decide objections and determine; empty = any named department.</summary>
    public IList<string> AuthorisedDepartments { get; set; } = [];

    /// <summary>Share of a round's organizations counted as its bottom ranks (lowest final totals), for consecutive bottom ranks.</summary>
    public decimal BottomShare { get; set; } = 0.1m;

    /// <summary>Years in a row ending with no star that flag the organization (secretary to be replaced, 篇十六).</summary>
    public int YearsWithoutStar { get; set; } = 3;

    /// <summary>§6.10 figures: levels at or above this are "advanced".</summary>
    public int AdvancedFrom { get; set; } = 4;

    /// <summary>§6.10 figures: levels at or below this are "lagging".</summary>
    public int LaggingUpTo { get; set; } = 1;

    public string? FiledUpwardTo(int levelOrdinal)
    {
        var map = FiledUpward.Count > 0 ? FiledUpward : DefaultFiling;
        return map.TryGetValue(levelOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture), out var body) ? body : null;
    }

    private static readonly Dictionary<string, string> DefaultFiling = new() { ["4"] = "city", ["5"] = "province" };
}
