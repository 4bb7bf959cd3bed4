using System.Diagnostics.CodeAnalysis;
using BranchRating.Domain.Inputs;

namespace BranchRating.Domain.Results;

/// <summary>
/// The outcome of steps (a)–(d) for one subject: everything that does not depend on other subjects. Plain and
/// serializable, so it can be stored between scoring and ranking.
/// </summary>
/// <remarks>
/// A score built by the engine keeps its input instead of its explanation: the explanation is recomputed from
/// the input (deterministically, identical to the one scoring saw) when <see cref="Explanation"/> is first read.
/// The input must therefore not be changed after scoring. The values the ranking reads from the explanation
/// (group totals, satisfaction rates named by the order chain) are kept inline.
/// </remarks>
public sealed record SubjectScore
{
    private readonly Rating.SubjectScorer? _scorer;
    private readonly SubjectInput? _input;
    private Explanation? _explanation;
    private readonly string? _schemeId;
    private readonly string? _schemeVersion;

    public SubjectScore()
    {
    }

#pragma warning disable CS8618 // the computed properties read the score (or recompute the explanation), they have no field to set
    [SetsRequiredMembers]
    internal SubjectScore(Rating.SubjectScorer scorer, SubjectInput input, decimal key0, decimal key1)
    {
        _scorer = scorer;
        _input = input;
        Key0 = key0;
        Key1 = key1;
        Code = "";
        Totals = default;
        BandLevel = null!;
        Level = null!;
    }
#pragma warning restore CS8618

    public required string SchemeId
    {
        get => _schemeId ?? _scorer?.SchemeId!;
        init => _schemeId = value;
    }

    public required string SchemeVersion
    {
        get => _schemeVersion ?? _scorer?.SchemeVersion!;
        init => _schemeVersion = value;
    }
    public required string Code { get; init; }
    public IReadOnlyDictionary<string, string> Scopes { get; init; } = new Dictionary<string, string>();
    public required Totals Totals { get; init; }

    /// <summary>The level the band (or the star count) gave.</summary>
    public required Level BandLevel { get; init; }

    /// <summary>The level after lowerings, caps and vetoes (before quotas).</summary>
    public required Level Level { get; init; }

    /// <summary>The self group's proposed level (highest proposed when several raters), for the discrepancy flag.</summary>
    public int? SelfProposedLevel { get; init; }

    /// <summary>The self group's total, for the discrepancy flag.</summary>
    public decimal? SelfTotal { get; init; }

    public required Explanation Explanation
    {
        get => _explanation ??= _scorer!.Explain(_input!);
        init => _explanation = value;
    }

    public IReadOnlyList<LevelChange> LevelChanges { get; init; } = [];

    /// <summary>insufficient-participation:&lt;ballot&gt;, insufficient-raters:&lt;group&gt;, renormalized-weights, vetoed …</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Whether the explanation is still to be recomputed from the input (the inline keys are then valid).</summary>
    internal bool Lazy => _explanation is null && _scorer is not null;

    /// <summary>The scheme plan's first two explanation-derived order values (group total, satisfaction), Missing when absent.</summary>
    internal decimal Key0 { get; }

    internal decimal Key1 { get; }

    /// <summary>An explanation-derived order value kept inline (no explanation recomputed); false when not kept.</summary>
    internal bool TryExplainedKey(Schemes.OrderKey key, out decimal value)
    {
        if (Lazy)
        {
            var keys = _scorer!.ExplainedKeys;
            if (keys.Length > 0 && keys[0] == key)
            {
                value = Key0;
                return true;
            }
            if (keys.Length > 1 && keys[1] == key)
            {
                value = Key1;
                return true;
            }
        }
        value = default;
        return false;
    }
}
