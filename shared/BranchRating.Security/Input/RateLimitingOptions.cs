namespace BranchRating.Security.Input;

/// <summary>Per-caller rate limits, bound from configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Policy of submission endpoints (self-assessments, reviews, adjustments): per authenticated caller.</summary>
    public WindowLimit Submissions { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Policy of the anonymous ballot endpoint: per client address (the token is the only credential).</summary>
    public WindowLimit Ballots { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}
