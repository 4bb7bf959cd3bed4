using BranchRating.Domain.Results;

namespace BranchRating.Domain.Ranking;

/// <summary>
/// Every subject's rank entries of one run in flat arrays (one column set per ranking rule); a result reads its
/// entries from here when <see cref="SubjectResult.Ranks"/> is first read, so a run keeps no array per subject.
/// </summary>
internal sealed class RankTable
{
    private readonly RankingColumn[] _columns;

    public RankTable(int rules, int subjects)
    {
        _columns = new RankingColumn[rules];
        for (var r = 0; r < rules; r++)
        {
            _columns[r] = new RankingColumn(new string[subjects], new int[subjects], new int[subjects], new decimal?[subjects]);
        }
    }

    public void Set(int rule, int subject, string scopeValue, int rank, int of, decimal? relative)
    {
        var c = _columns[rule];
        c.ScopeValue[subject] = scopeValue;
        c.Rank[subject] = rank;
        c.Of[subject] = of;
        c.Relative[subject] = relative;
    }

    public void Describe(int rule, string scope, string by)
    {
        _columns[rule] = _columns[rule] with { Scope = scope, By = by };
    }

    public RankEntry[] Entries(int subject)
    {
        if (_columns.Length == 0)
        {
            return [];
        }
        var entries = new RankEntry[_columns.Length];
        for (var r = 0; r < entries.Length; r++)
        {
            var c = _columns[r];
            entries[r] = new RankEntry(c.Scope, c.ScopeValue[subject], c.By, c.Rank[subject], c.Of[subject], c.Relative[subject]);
        }
        return entries;
    }

    private sealed record RankingColumn(string[] ScopeValue, int[] Rank, int[] Of, decimal?[] Relative)
    {
        public string Scope { get; init; } = "";

        public string By { get; init; } = "";
    }
}
