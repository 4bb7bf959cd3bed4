using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>What scoring decided for one subject (steps (a)–(d)), as the scorer hands it over.</summary>
internal struct ScoredSubject
{
    public string Code;
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
/// One subject's row in the run's score columns: what ranking reads, numbers only (no references, so the array
/// needs no write barrier, no card marking and no zeroing by the collector). Everything else a result shows is
/// scored again from the input when the result is read.
/// </summary>
internal struct ScoreRow
{
    /// <summary><see cref="UniqueCodes.Key"/> of the code.</summary>
    public ulong CodeKey;
    public decimal Final;
    public decimal Key0;
    public decimal Key1;
    public int Level;

    /// <summary>1 + the index of the subject's tracks beside the rows (several-track schemes), 0 when none.</summary>
    public int Tracks;
}

/// <summary>
/// The scores of one run: a row of numbers per subject in one array owned by the run, the codes and scopes in their
/// own columns, so scoring a run allocates no object per subject. A <see cref="SubjectScore"/> is made when one is
/// first asked for (scored again from its input: the same steps, the same numbers), or is the score that was given
/// when the run was ranked from scores. Scoring into the columns is single-threaded; reading is thread-safe.
/// </summary>
internal sealed class ScoreColumns
{
    private readonly SubjectScorer _scorer;
    private readonly IReadOnlyDictionary<string, decimal> _noTracks;
    private readonly List<IReadOnlyDictionary<string, decimal>> _tracks = [];
    private ScoreRow[] _rows;
    private string[] _codes;
    private IReadOnlyDictionary<string, string>[] _scopes;
    private decimal[]? _bases;
    private SubjectInput?[] _inputs;
    private SubjectScore?[]? _scores;
    private ScoreScratch? _scratch;

    public ScoreColumns(SubjectScorer scorer, int capacity)
    {
        _scorer = scorer;
        _noTracks = scorer.EmptyTracks;
        _rows = GC.AllocateUninitializedArray<ScoreRow>(capacity);
        _codes = new string[capacity];
        _scopes = new IReadOnlyDictionary<string, string>[capacity];
        _inputs = new SubjectInput?[capacity];
        if (scorer.RanksByBase)
        {
            _bases = new decimal[capacity];
        }
    }

    public int Count { get; private set; }

    public OrderKey[] ExplainedKeys => _scorer.ExplainedKeys;

    /// <summary>The codes by subject (the run's own column; do not change).</summary>
    public string[] Codes => _codes;

    /// <summary>The scopes by subject (the run's own column; do not change).</summary>
    public IReadOnlyDictionary<string, string>[] Scopes => _scopes;

    public ref ScoreRow Row(int s) => ref _rows[s];

    /// <summary>Subject s's base total (kept only when the scheme orders or ranks by the base or a track).</summary>
    public decimal Base(int s) => _bases is { } bases ? bases[s] : throw new InvalidOperationException("The scheme does not rank by the base total.");

    /// <summary>Scores one more subject into the next row.</summary>
    public void Add(SubjectInput input)
    {
        var scored = default(ScoredSubject);
        _scorer.ScoreInto(input, ref scored, _scratch ??= _scorer.NewScratch());
        var s = Grow();
        _inputs[s] = input;
        Store(s, in scored);
    }

    /// <summary>Takes a score made earlier (validated by the caller) as the next row.</summary>
    public void Add(SubjectScore score)
    {
        var s = Grow();
        (_scores ??= new SubjectScore?[_rows.Length])[s] = score;
        var keys = ExplainedKeys;
        var scored = new ScoredSubject
        {
            Code = score.Code,
            Scopes = score.Scopes,
            Totals = score.Totals,
            Level = score.Level.Ordinal,
            Key0 = keys.Length > 0 ? ExplainedValue(score, keys[0]) : Ranking.OrderKeys.Missing,
            Key1 = keys.Length > 1 ? ExplainedValue(score, keys[1]) : Ranking.OrderKeys.Missing,
        };
        Store(s, in scored);
    }

    /// <summary>Subject s's tracks (none for a one-track scheme).</summary>
    public IReadOnlyDictionary<string, decimal> Tracks(int s) => _rows[s].Tracks == 0 ? _noTracks : _tracks[_rows[s].Tracks - 1];

    /// <summary>Subject s's score: the one given, or its input scored again (then kept; a race keeps the first).</summary>
    public SubjectScore Score(int s)
    {
        var scores = Volatile.Read(ref _scores) ?? Interlocked.CompareExchange(ref _scores, new SubjectScore?[_rows.Length], null) ?? _scores;
        var score = Volatile.Read(ref scores[s]);
        if (score is null)
        {
            score = _scorer.Score(_inputs[s]!);
            score = Interlocked.CompareExchange(ref scores[s], score, null) ?? score;
        }
        return score;
    }

    private void Store(int s, in ScoredSubject scored)
    {
        _codes[s] = scored.Code;
        _scopes[s] = scored.Scopes;
        ref var row = ref _rows[s];
        row.CodeKey = UniqueCodes.Key(scored.Code);
        if (_bases is { } bases)
        {
            bases[s] = scored.Totals.Base;
        }
        row.Final = scored.Totals.Final;
        row.Key0 = scored.Key0;
        row.Key1 = scored.Key1;
        row.Level = scored.Level;
        row.Tracks = 0;
        if (scored.Totals.Tracks is { Count: > 0 } tracks && !ReferenceEquals(tracks, _noTracks))
        {
            _tracks.Add(tracks);
            row.Tracks = _tracks.Count;
        }
    }

    /// <summary>Trims the columns to <see cref="Count"/> (after scoring an input of unknown length), before ranking.</summary>
    public void Complete()
    {
        _scratch = null;
        if (Count != _rows.Length)
        {
            Resize(Count);
        }
    }

    private int Grow()
    {
        if (Count == _rows.Length)
        {
            Resize(Math.Max(16, _rows.Length * 2));
        }
        return Count++;
    }

    private void Resize(int size)
    {
        var rows = GC.AllocateUninitializedArray<ScoreRow>(size);
        _rows.AsSpan(0, Count).CopyTo(rows);
        _rows = rows;
        Array.Resize(ref _codes, size);
        Array.Resize(ref _scopes, size);
        Array.Resize(ref _inputs, size);
        if (_bases is not null)
        {
            Array.Resize(ref _bases, size);
        }
        if (_scores is not null)
        {
            Array.Resize(ref _scores, size);
        }
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
