namespace BranchRating.Domain.Inputs;

/// <summary>
/// Everything known about one rated subject (an organization or a member). Plain record, serializable with
/// System.Text.Json. Ids refer to the scheme: indicator, rater group, ballot, star, adjustment item, veto type.
/// </summary>
public sealed record SubjectInput
{
    /// <summary>Organization or member code; unique within a run; the last tie-break.</summary>
    public required string Code { get; init; }

    /// <summary>Scope kind → scope value (e.g. "county" → "C01"); every scope kind the scheme uses must be named.</summary>
    public IReadOnlyDictionary<string, string> Scopes { get; init; } = EmptyMaps.Strings;

    /// <summary>Rater submissions; a group may have several raters.</summary>
    public IReadOnlyList<RaterSubmission> Submissions { get; init; } = [];

    /// <summary>Ballot id → tally (satisfaction appraisal).</summary>
    public IReadOnlyDictionary<string, BallotTally> Ballots { get; init; } = EmptyMaps.Ballots;

    /// <summary>Star id → approval vote (per-star indicators earned by vote).</summary>
    public IReadOnlyDictionary<string, StarVote> StarVotes { get; init; } = EmptyMaps.StarVotes;

    /// <summary>Bonus/deduction events (commendations, criticisms, disciplined persons, absences …).</summary>
    public IReadOnlyList<AdjustmentEvent> Events { get; init; } = [];

    /// <summary>Facts that are true (certified-innovation, bottom-ranked, a disqualification reason, a star set from records …).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Numeric facts (election-overdue-days …); a missing fact is 0.</summary>
    public IReadOnlyDictionary<string, decimal> Facts { get; init; } = EmptyMaps.Facts;

    /// <summary>Vetoes (一票否决) with the date of the violation.</summary>
    public IReadOnlyList<VetoEvent> Vetoes { get; init; } = [];
}

/// <summary>One rater's scores for one subject. Scores: indicator id → score (binary 0/1, rank ≥ 1, scored 0 … max).</summary>
public sealed record RaterSubmission
{
    public required string Group { get; init; }

    /// <summary>Who rated (kept for the explanation and duplicate detection; may be null for a single rater).</summary>
    public string? Rater { get; init; }

    public IReadOnlyDictionary<string, decimal> Scores { get; init; } = EmptyMaps.Facts;

    /// <summary>The level this rater proposes (self-assessment 自评星级), as an ordinal.</summary>
    public int? ProposedLevel { get; init; }
}

/// <summary>A ballot's counts per choice id, and the eligible base (members, households …).</summary>
public sealed record BallotTally
{
    public int Eligible { get; init; }

    public IReadOnlyDictionary<string, int> Counts { get; init; } = EmptyMaps.Counts;
}

/// <summary>A per-star approval vote: Approve of Total valid votes.</summary>
public sealed record StarVote
{
    public int Approve { get; init; }

    public int Total { get; init; }
}

/// <summary>An event naming a bonus or deduction item (Type = item id); Count events at once, or one event at a Level.</summary>
public sealed record AdjustmentEvent
{
    public required string Type { get; init; }

    public int Count { get; init; } = 1;

    public string? Level { get; init; }
}

public sealed record VetoEvent
{
    public required string Type { get; init; }

    public DateOnly Date { get; init; }
}

internal static class EmptyMaps
{
    public static readonly IReadOnlyDictionary<string, string> Strings = new Dictionary<string, string>();
    public static readonly IReadOnlyDictionary<string, BallotTally> Ballots = new Dictionary<string, BallotTally>();
    public static readonly IReadOnlyDictionary<string, StarVote> StarVotes = new Dictionary<string, StarVote>();
    public static readonly IReadOnlyDictionary<string, decimal> Facts = new Dictionary<string, decimal>();
    public static readonly IReadOnlyDictionary<string, int> Counts = new Dictionary<string, int>();
}
