namespace BranchRating.Domain.Results;

/// <summary>A subject's final result with its full explanation.</summary>
public sealed record SubjectResult
{
    // The engine's results read their rank entries from the run's shared table on first read.
    private readonly Ranking.RankTable? _rankTable;
    private readonly int _rankSubject;
    private IReadOnlyList<RankEntry>? _ranks;

    public SubjectResult()
    {
    }

    internal SubjectResult(Ranking.RankTable table, int subject)
    {
        _rankTable = table;
        _rankSubject = subject;
    }

    public required string Code { get; init; }
    public IReadOnlyDictionary<string, string> Scopes { get; init; } = new Dictionary<string, string>();
    public required Totals Totals { get; init; }
    public required Level BandLevel { get; init; }

    /// <summary>The level after caps, vetoes and lowerings, before quotas.</summary>
    public required Level ScoredLevel { get; init; }
    public required Level FinalLevel { get; init; }
    public required Explanation Explanation { get; init; }

    /// <summary>Every level change, in the order applied (lowerings, caps, veto, then quotas).</summary>
    public IReadOnlyList<LevelChange> LevelChanges { get; init; } = [];
    public IReadOnlyList<RankEntry> Ranks
    {
        get => _ranks ??= _rankTable is null ? [] : _rankTable.Entries(_rankSubject);
        init => _ranks = value;
    }

    /// <summary>Flags of scoring plus discrepancy and rectification:&lt;rule&gt;.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
}

/// <summary>A subject's rank in one ranking (scope kind, its scope value, ordered by By): Rank of Of.</summary>
public readonly record struct RankEntry(string Scope, string ScopeValue, string By, int Rank, int Of, decimal? Relative);

/// <summary>
/// How one quota rule came out in one scope value: N subjects, the bound (floor(q·N) or ceil(q·N) or count),
/// how many matched before and after, how many were moved, whether the rule is met.
/// </summary>
public sealed record QuotaOutcome(string Quota, string Kind, string Scope, string ScopeValue, int N, int Bound, int Before, int After, int Moved, bool Met, string Note);

/// <summary>The outcome of a rating run: results ordered by code (ordinal), and every quota outcome.</summary>
public sealed record RatingRun
{
    public required string SchemeId { get; init; }
    public required string SchemeVersion { get; init; }
    public IReadOnlyList<SubjectResult> Results { get; init; } = [];
    public IReadOnlyList<QuotaOutcome> Quotas { get; init; } = [];
}
