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
/// One subject's row in the run's score columns: numbers only (no references, so the array needs no write barrier,
/// no card marking and no zeroing by the collector). What most subjects do not have — bonus or deduction totals
/// other than 0, several tracks, level changes, flags — is kept beside the rows (<see cref="Extra"/>).
/// </summary>
internal struct ScoreRow
{
    /// <summary><see cref="UniqueCodes.Key"/> of the code.</summary>
    public ulong CodeKey;
    public decimal Base;
    public decimal Final;
    public decimal SelfTotal;
    public decimal Key0;
    public decimal Key1;
    public int Band;
    public int Level;
    public int SelfProposed;

    /// <summary>1 + the index of the subject's rare parts beside the rows, 0 when it has none.</summary>
    public int Extra;

    /// <summary>The flags: 0 none, k &gt; 0 the plan's k-th shared one-flag list, −1 kept with the rare parts.</summary>
    public int Flags;
    public bool HasSelfTotal;
}

/// <summary>
/// The scores of one run: a row of numbers per subject in one array owned by the run, the codes and scopes in their
/// own columns, so scoring a run allocates no object per subject. A <see cref="SubjectScore"/> is made when one is
/// first asked for (from its row and its input), or is the score that was given when the run was ranked from scores.
/// </summary>
internal sealed class ScoreColumns
{
    private static readonly decimal PlainZero = 0m;
    private readonly SubjectScorer _scorer;
    private readonly IReadOnlyDictionary<string, decimal> _noTracks;
    private readonly List<RowExtra> _extras = [];
    private ScoreRow[] _rows;
    private string[] _codes;
    private IReadOnlyDictionary<string, string>[] _scopes;
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
    }

    public int Count { get; private set; }

    public OrderKey[] ExplainedKeys => _scorer.ExplainedKeys;

    /// <summary>The codes by subject (the run's own column; do not change).</summary>
    public string[] Codes => _codes;

    /// <summary>The scopes by subject (the run's own column; do not change).</summary>
    public IReadOnlyDictionary<string, string>[] Scopes => _scopes;

    public ref ScoreRow Row(int s) => ref _rows[s];

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
            Band = score.BandLevel?.Ordinal ?? score.Level.Ordinal,
            Level = score.Level.Ordinal,
            SelfProposed = score.SelfProposedLevel ?? -1,
            SelfTotal = score.SelfTotal,
            Key0 = keys.Length > 0 ? ExplainedValue(score, keys[0]) : Ranking.OrderKeys.Missing,
            Key1 = keys.Length > 1 ? ExplainedValue(score, keys[1]) : Ranking.OrderKeys.Missing,
            Changes = score.LevelChanges,
            Flags = score.Flags,
        };
        Store(s, in scored);
    }

    public Totals Totals(int s)
    {
        ref var row = ref _rows[s];
        var extra = Extra(s);
        return new Totals(row.Base, extra?.Bonus ?? PlainZero, extra?.Deductions ?? PlainZero, row.Final, extra?.Tracks ?? _noTracks);
    }

    public IReadOnlyList<LevelChange> Changes(int s) => Extra(s)?.Changes ?? [];

    public IReadOnlyList<string> Flags(int s) => _rows[s].Flags switch
    {
        0 => [],
        > 0 and var k => _scorer.SharedFlags(k - 1),
        _ => Extra(s)!.Flags!,
    };

    public decimal? SelfTotal(int s) => _rows[s].HasSelfTotal ? _rows[s].SelfTotal : null;

    /// <summary>Subject s's score: the one given, or one made from its row (then kept; a race keeps the first).</summary>
    public SubjectScore Score(int s)
    {
        var scores = Volatile.Read(ref _scores) ?? Interlocked.CompareExchange(ref _scores, new SubjectScore?[_rows.Length], null) ?? _scores;
        var score = Volatile.Read(ref scores[s]);
        if (score is null)
        {
            ref var row = ref _rows[s];
            var scored = new ScoredSubject
            {
                Code = _codes[s],
                Scopes = _scopes[s],
                Totals = Totals(s),
                Band = row.Band,
                Level = row.Level,
                SelfProposed = row.SelfProposed,
                SelfTotal = SelfTotal(s),
                Key0 = row.Key0,
                Key1 = row.Key1,
                Changes = Changes(s),
                Flags = Flags(s),
            };
            score = _scorer.Materialize(_inputs[s]!, in scored);
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
        row.Base = scored.Totals.Base;
        row.Final = scored.Totals.Final;
        row.HasSelfTotal = scored.SelfTotal.HasValue;
        row.SelfTotal = scored.SelfTotal.GetValueOrDefault();
        row.Key0 = scored.Key0;
        row.Key1 = scored.Key1;
        row.Band = scored.Band;
        row.Level = scored.Level;
        row.SelfProposed = scored.SelfProposed;
        row.Extra = 0;
        var totals = scored.Totals;
        var plainAdjustments = DecimalBits.IsPlainZero(totals.Bonus) && DecimalBits.IsPlainZero(totals.Deductions);
        var tracks = ReferenceEquals(totals.Tracks, _noTracks) ? null : totals.Tracks;
        var changes = scored.Changes.Count == 0 ? null : scored.Changes;
        IReadOnlyList<string>? flags = null;
        row.Flags = 0;
        if (scored.Flags.Count > 0)
        {
            var shared = _scorer.SharedFlagsIndex(scored.Flags);
            row.Flags = shared < 0 ? -1 : shared + 1;
            flags = shared < 0 ? scored.Flags : null;
        }
        if (!plainAdjustments || tracks is not null || changes is not null || flags is not null)
        {
            _extras.Add(new RowExtra(totals.Bonus, totals.Deductions, tracks, changes, flags));
            row.Extra = _extras.Count;
        }
    }

    /// <summary>Trims the columns to <see cref="Count"/> (after scoring an input of unknown length), before ranking.</summary>
    public void Complete()
    {
        if (Count == _rows.Length)
        {
            return;
        }
        var rows = GC.AllocateUninitializedArray<ScoreRow>(Count);
        _rows.AsSpan(0, Count).CopyTo(rows);
        _rows = rows;
        Array.Resize(ref _codes, Count);
        Array.Resize(ref _scopes, Count);
        Array.Resize(ref _inputs, Count);
        if (_scores is not null)
        {
            Array.Resize(ref _scores, Count);
        }
    }

    private RowExtra? Extra(int s) => _rows[s].Extra == 0 ? null : _extras[_rows[s].Extra - 1];

    private int Grow()
    {
        if (Count == _rows.Length)
        {
            var size = Math.Max(16, _rows.Length * 2);
            var rows = GC.AllocateUninitializedArray<ScoreRow>(size);
            _rows.AsSpan(0, Count).CopyTo(rows);
            _rows = rows;
            Array.Resize(ref _codes, size);
            Array.Resize(ref _scopes, size);
            Array.Resize(ref _inputs, size);
            if (_scores is not null)
            {
                Array.Resize(ref _scores, size);
            }
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

    /// <summary>A subject's rare parts: adjustment totals other than 0m, tracks, level changes, flags other than one shared flag.</summary>
    private sealed record RowExtra(
        decimal Bonus,
        decimal Deductions,
        IReadOnlyDictionary<string, decimal>? Tracks,
        IReadOnlyList<LevelChange>? Changes,
        IReadOnlyList<string>? Flags);
}
