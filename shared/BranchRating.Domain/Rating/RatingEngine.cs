using BranchRating.Domain.Inputs;
using BranchRating.Domain.Quotas;
using BranchRating.Domain.Ranking;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>
/// Rates subjects under one scheme: <see cref="Score"/> (steps (a)–(d) for one subject), <see cref="Rank"/>
/// (steps (e)–(f) across subjects) and <see cref="Rate"/> (both). Deterministic: the same inputs in any order
/// give the same results. Thread-safe; reuse one engine per scheme.
/// </summary>
public sealed class RatingEngine
{
    private readonly SubjectScorer _scorer;
    private readonly string[] _rectificationFlags;

    public RatingEngine(Scheme scheme, RatingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        Scheme = scheme;
        Options = options ?? new RatingOptions();
        _scorer = new SubjectScorer(new SchemePlan(scheme), Options);
        _rectificationFlags = scheme.Rectifications.Select(r => $"rectification:{r.Id}").ToArray();
    }

    public Scheme Scheme { get; }

    public RatingOptions Options { get; }

    /// <summary>Steps (a)–(d) for one subject. Throws <see cref="RatingInputException"/> when the input does not fit the scheme.</summary>
    public SubjectScore Score(SubjectInput input) => _scorer.Score(input);

    /// <summary>
    /// Score every input, then rank: what <see cref="Score"/> of each then <see cref="Rank"/> gives, with the scores
    /// kept in the run's columns (no object per subject until a result is read).
    /// </summary>
    public RatingRun Rate(IEnumerable<SubjectInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var columns = new ScoreColumns(_scorer, inputs.TryGetNonEnumeratedCount(out var n) ? n : 16);
        if (inputs is SubjectInput[] or List<SubjectInput>)
        {
            // Arrays and lists (the usual run) are read as a span: no enumerator call per subject.
            foreach (var input in ((IReadOnlyList<SubjectInput>)inputs).Span())
            {
                columns.Add(input);
            }
        }
        else
        {
            foreach (var input in inputs)
            {
                columns.Add(input);
            }
        }
        ValidateCodes(columns);
        return Rank(columns);
    }

    /// <summary>
    /// Steps (e)–(f): quotas within each quota scope, then ranks, rectification and discrepancy flags. Results are
    /// ordered by the scheme's order chain (best first, code last), whatever the order of the scores.
    /// </summary>
    public RatingRun Rank(IEnumerable<SubjectScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var subjects = scores.ToArray();
        ValidateRun(subjects);
        var columns = new ScoreColumns(_scorer, subjects.Length);
        foreach (var score in subjects)
        {
            columns.Add(score);
        }
        return Rank(columns);
    }

    private RatingRun Rank(ScoreColumns subjects)
    {
        subjects.Complete();
        var count = subjects.Count;
        var order = new OrderKeys(subjects, Scheme.Order, Scheme);
        var sorted = order.Sorted();
        var scopes = subjects.Scopes;
        var cache = new Dictionary<string, ScopeBuckets>(StringComparer.Ordinal);
        ScopeBuckets Buckets(string kind)
        {
            if (!cache.TryGetValue(kind, out var b))
            {
                cache[kind] = b = new ScopeBuckets(kind, scopes, sorted);
            }
            return b;
        }

        var levels = new int[count];
        for (var s = 0; s < count; s++)
        {
            levels[s] = subjects.Row(s).Level;
        }
        var changes = new LevelChange[]?[count];
        var quotas = new QuotaEnforcer(Scheme, Buckets).Enforce(levels, changes);

        var ranker = new Ranker(Scheme, subjects, scopes, order, Buckets);
        var ranks = ranker.Rank();
        var marks = new RectificationMarks(Scheme.Rectifications.Count, count);
        ranker.Rectify(levels, marks);

        var columns = new RunColumns(subjects, sorted, levels, changes, marks, ranks);
        return new RatingRun { SchemeId = Scheme.Id, SchemeVersion = Scheme.Version, Results = new RunResults(this, columns), Quotas = quotas };
    }

    /// <summary>Assembles subject <paramref name="s"/>'s result from the run's columns (when the result is first read).</summary>
    internal SubjectResult Result(RunColumns run, int s)
    {
        var score = run.Subjects.Score(s);
        var level = run.Levels[s];
        var quotaChanges = run.Changes[s];
        var rectified = run.Marks.Count(s);
        var flags = score.Flags;
        var discrepant = Discrepant(score, level);
        if (rectified > 0 || discrepant)
        {
            var scored = flags;
            var all = new string[scored.Count + (discrepant ? 1 : 0) + rectified];
            var n = 0;
            foreach (var f in scored)
            {
                all[n++] = f;
            }
            if (discrepant)
            {
                all[n++] = "discrepancy";
            }
            for (var r = 0; r < run.Marks.Rules; r++)
            {
                if (run.Marks.IsMarked(s, r))
                {
                    all[n++] = _rectificationFlags[r];
                }
            }
            flags = all;
        }
        var changes = score.LevelChanges;
        if (quotaChanges is not null)
        {
            changes = [.. changes, .. quotaChanges];
        }
        return new SubjectResult(score, run.Ranks, s, Scheme.Levels[level])
        {
            LevelChanges = changes,
            Flags = flags,
        };
    }

    private bool Discrepant(SubjectScore score, int level)
    {
        if (Scheme.Discrepancy is not { } rule)
        {
            return false;
        }
        if (score.SelfProposedLevel is { } proposed && Math.Abs(proposed - level) >= rule.LevelDifferenceAtLeast)
        {
            return true;
        }
        return score.SelfTotal is { } self && self - score.Totals.Final >= rule.SelfTotalExceedsBy;
    }

    /// <summary>Codes are unique within a run (what scoring each input cannot check on its own).</summary>
    private static void ValidateCodes(ScoreColumns subjects)
    {
        if (UniqueCodes.Duplicates(subjects) is { } duplicates)
        {
            throw new RatingInputException("run", duplicates
                .Select(code => new InputError($"$[{code}]", "unique", $"Code '{code}' appears more than once in the run."))
                .ToList());
        }
    }

    private void ValidateRun(SubjectScore[] subjects)
    {
        List<InputError>? errors = null;
        var codes = new HashSet<string>(subjects.Length, StringComparer.Ordinal);
        var kinds = Scheme.ScopeKinds.Span();
        foreach (var score in subjects)
        {
            if (score is null)
            {
                (errors ??= []).Add(new InputError("$", "required", "A score must not be null."));
                continue;
            }
            if (score.SchemeId != Scheme.Id || score.SchemeVersion != Scheme.Version)
            {
                (errors ??= []).Add(new InputError($"$[{score.Code}]", "scheme", $"Scored under {score.SchemeId} {score.SchemeVersion}, not {Scheme.Id} {Scheme.Version}."));
            }
            if (!codes.Add(score.Code))
            {
                (errors ??= []).Add(new InputError($"$[{score.Code}]", "unique", $"Code '{score.Code}' appears more than once in the run."));
            }
            if (score.Level is null || score.Level.Ordinal < 0 || score.Level.Ordinal >= Scheme.Levels.Count)
            {
                (errors ??= []).Add(new InputError($"$[{score.Code}].level", "range", $"Level {score.Level?.Ordinal} does not exist in {Scheme.Id}."));
            }
            foreach (var kind in kinds)
            {
                if (score.Scopes is null || !score.Scopes.ContainsKey(kind))
                {
                    (errors ??= []).Add(new InputError($"$[{score.Code}].scopes.{kind}", "required", $"The subject must name its {kind}."));
                }
            }
        }
        if (errors is not null)
        {
            throw new RatingInputException("run", errors);
        }
    }
}
