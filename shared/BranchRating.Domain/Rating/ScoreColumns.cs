using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>What scoring decided for one subject (steps (a)–(d)), as a row of the run's score columns.</summary>
internal struct ScoreRow
{
    public string Code;

    /// <summary><see cref="UniqueCodes.Hash"/> of the code.</summary>
    public ulong CodeHash;
    public IReadOnlyDictionary<string, string> Scopes;
    public Totals Totals;
    public int Band;
    public int Level;

    /// <summary>The self group's proposed level, −1 when none.</summary>
    public int SelfProposed;
    public decimal? SelfTotal;

    /// <summary>The plan's first two explanation-derived order values (<see cref="SchemePlan.ExplainedKeys"/>), Missing when absent.</summary>
    public decimal Key0;
    public decimal Key1;
    public IReadOnlyList<LevelChange> Changes;
    public IReadOnlyList<string> Flags;
}

/// <summary>
/// The scores of one run as rows in one array owned by the run, so scoring a run allocates no object per subject.
/// A <see cref="SubjectScore"/> is made when one is first asked for (from its row and its input), or is the score
/// that was given when the run was ranked from scores.
/// </summary>
internal sealed class ScoreColumns
{
    private readonly SubjectScorer _scorer;
    private ScoreRow[] _rows;
    private SubjectInput?[] _inputs;
    private SubjectScore?[] _scores;

    public ScoreColumns(SubjectScorer scorer, int capacity)
    {
        _scorer = scorer;
        _rows = new ScoreRow[capacity];
        _inputs = new SubjectInput?[capacity];
        _scores = new SubjectScore?[capacity];
    }

    public int Count { get; private set; }

    public OrderKey[] ExplainedKeys => _scorer.ExplainedKeys;

    public ref ScoreRow Row(int s) => ref _rows[s];

    /// <summary>Scores one more subject into the next row.</summary>
    public void Add(SubjectInput input)
    {
        var s = Grow();
        _inputs[s] = input;
        _scorer.ScoreInto(input, ref _rows[s]);
    }

    /// <summary>Takes a score made earlier (validated by the caller) as the next row.</summary>
    public void Add(SubjectScore score)
    {
        var s = Grow();
        _scores[s] = score;
        ref var row = ref _rows[s];
        row.Code = score.Code;
        row.CodeHash = UniqueCodes.Hash(score.Code);
        row.Scopes = score.Scopes;
        row.Totals = score.Totals;
        row.Band = score.BandLevel?.Ordinal ?? score.Level.Ordinal;
        row.Level = score.Level.Ordinal;
        row.SelfProposed = score.SelfProposedLevel ?? -1;
        row.SelfTotal = score.SelfTotal;
        var keys = ExplainedKeys;
        row.Key0 = keys.Length > 0 ? ExplainedValue(score, keys[0]) : Ranking.OrderKeys.Missing;
        row.Key1 = keys.Length > 1 ? ExplainedValue(score, keys[1]) : Ranking.OrderKeys.Missing;
        row.Changes = score.LevelChanges;
        row.Flags = score.Flags;
    }

    /// <summary>Subject s's score: the one given, or one made from its row (then kept; a race keeps the first).</summary>
    public SubjectScore Score(int s)
    {
        var score = Volatile.Read(ref _scores[s]);
        if (score is null)
        {
            score = _scorer.Materialize(_inputs[s]!, in _rows[s]);
            score = Interlocked.CompareExchange(ref _scores[s], score, null) ?? score;
        }
        return score;
    }

    private int Grow()
    {
        if (Count == _rows.Length)
        {
            var size = Math.Max(16, _rows.Length * 2);
            Array.Resize(ref _rows, size);
            Array.Resize(ref _inputs, size);
            Array.Resize(ref _scores, size);
        }
        return Count++;
    }

    private static decimal ExplainedValue(SubjectScore score, OrderKey key)
    {
        if (score.TryExplainedKey(key, out var kept))
        {
            return kept;
        }
        var found = key.Kind == OrderKeyKind.Group
            ? score.Explanation.TryGroupTotal(key.Ref!, out var value)
            : score.Explanation.TrySatisfaction(key.Ref!, out value);
        return found && value is { } v ? v : Ranking.OrderKeys.Missing;
    }
}
