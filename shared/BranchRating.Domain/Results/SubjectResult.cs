using System.Diagnostics.CodeAnalysis;

namespace BranchRating.Domain.Results;

/// <summary>A subject's final result with its full explanation.</summary>
/// <remarks>
/// A result built by the engine is a view: it reads code, scopes, totals, levels and explanation from its
/// <see cref="SubjectScore"/> and its rank entries from the run's shared table, and keeps only what ranking
/// decided (final level, level changes, flags). Values given with an initializer take precedence.
/// </remarks>
public sealed record SubjectResult
{
    private readonly SubjectScore? _score;
    private readonly Ranking.RankTable? _rankTable;
    private readonly int _rankSubject;
    private IReadOnlyList<RankEntry>? _ranks;
    private Given? _given;

    public SubjectResult()
    {
    }

#pragma warning disable CS8618 // the computed properties read the score (or recompute the explanation), they have no field to set
    [SetsRequiredMembers]
    internal SubjectResult(SubjectScore score, Ranking.RankTable table, int subject, Level finalLevel)
    {
        _score = score;
        _rankTable = table;
        _rankSubject = subject;
        FinalLevel = finalLevel;
    }
#pragma warning restore CS8618

    public required string Code
    {
        get => _given?.Code ?? _score?.Code!;
        init => Set().Code = value;
    }

    public IReadOnlyDictionary<string, string> Scopes
    {
        get => _given?.Scopes ?? _score?.Scopes ?? EmptyScopes;
        init => Set().Scopes = value;
    }

    public required Totals Totals
    {
        get => _given?.Totals ?? _score?.Totals ?? default;
        init => Set().Totals = value;
    }

    public required Level BandLevel
    {
        get => _given?.BandLevel ?? _score?.BandLevel!;
        init => Set().BandLevel = value;
    }

    /// <summary>The level after caps, vetoes and lowerings, before quotas.</summary>
    public required Level ScoredLevel
    {
        get => _given?.ScoredLevel ?? _score?.Level!;
        init => Set().ScoredLevel = value;
    }

    public required Level FinalLevel { get; init; }

    public required Explanation Explanation
    {
        get => _given?.Explanation ?? _score?.Explanation!;
        init => Set().Explanation = value;
    }

    /// <summary>Every level change, in the order applied (lowerings, caps, veto, then quotas).</summary>
    public IReadOnlyList<LevelChange> LevelChanges { get; init; } = [];
    public IReadOnlyList<RankEntry> Ranks
    {
        get => _ranks ??= _rankTable is null ? [] : _rankTable.Entries(_rankSubject);
        init => _ranks = value;
    }

    /// <summary>Flags of scoring plus discrepancy and rectification:&lt;rule&gt;.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    private static readonly IReadOnlyDictionary<string, string> EmptyScopes = new Dictionary<string, string>();

    // Copy on write: a copy made with `with` shares the original's values until it sets one.
    private Given Set() => _given = _given is null ? new Given() : _given with { };

    /// <summary>The values set with an initializer (a result not built by the engine, or overridden with <c>with</c>).</summary>
    private sealed record Given
    {
        public string? Code { get; set; }
        public IReadOnlyDictionary<string, string>? Scopes { get; set; }
        public Totals? Totals { get; set; }
        public Level? BandLevel { get; set; }
        public Level? ScoredLevel { get; set; }
        public Explanation? Explanation { get; set; }
    }
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
