using BranchRating.Domain.Quotas;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Ranking;

/// <summary>Step (f): ranks within each ranking scope, and the rectification flags.</summary>
internal sealed class Ranker(
    Scheme scheme,
    ScoreColumns subjects,
    IReadOnlyDictionary<string, string>[] scopes,
    OrderKeys order,
    Func<string, ScopeBuckets> buckets)
{
    /// <summary>Every subject's entries, one per ranking rule, in scheme order.</summary>
    public RankTable Rank()
    {
        var ranks = new RankTable(scheme.Rankings.Count);
        for (var r = 0; r < scheme.Rankings.Count; r++)
        {
            var rule = scheme.Rankings[r];
            var (keys, members) = rule.By == scheme.Order[0]
                ? (order, buckets(rule.Scope))
                : ByOwnKey(rule);
            ranks.Describe(r, rule.Scope, rule.By.ToString(), members, rule.Relative, subjects.Count);
            for (var b = 0; b < members.Values.Count; b++)
            {
                var list = members.Members[b];
                var top = list.Length > 0 ? keys.Head(list[0]) : 0;
                var rank = 0;
                var dense = 0;
                for (var i = 0; i < list.Length; i++)
                {
                    var s = list[i];
                    if (i == 0 || !keys.Tied(list[i - 1], s))
                    {
                        rank = i + 1;
                        dense++;
                    }
                    decimal? relative = null;
                    if (rule.Relative && top > 0 && keys.Head(s) != OrderKeys.Missing)
                    {
                        relative = scheme.Rounding.Apply(keys.Head(s) * 100m / top);
                    }
                    ranks.Set(r, s, rule.Style == RankStyle.Dense ? dense : rank, relative);
                }
            }
        }
        return ranks;
    }

    private (OrderKeys Keys, ScopeBuckets Members) ByOwnKey(RankingRule rule)
    {
        var chain = new List<OrderKey> { rule.By };
        chain.AddRange(scheme.Order.Where(k => k != rule.By));
        var keys = new OrderKeys(subjects, chain, scheme);
        var own = keys.Sorted();
        return (keys, new ScopeBuckets(rule.Scope, scopes, own));
    }

    /// <summary>Marks rectification: all at or below the level, or the lowest-ranked ceil(q·N) of them per scope.</summary>
    public void Rectify(int[] levels, RectificationMarks marks)
    {
        for (var r = 0; r < scheme.Rectifications.Count; r++)
        {
            var rule = scheme.Rectifications[r];
            if (rule.Share is not { } share)
            {
                for (var s = 0; s < levels.Length; s++)
                {
                    if (levels[s] <= rule.AtOrBelow)
                    {
                        marks.Mark(s, r);
                    }
                }
                continue;
            }
            var scope = buckets(rule.Scope!);
            foreach (var list in scope.Members)
            {
                var bound = QuotaEnforcer.FloorBound(share, list.Length);
                for (var i = list.Length - 1; i >= 0 && bound > 0; i--)
                {
                    if (levels[list[i]] <= rule.AtOrBelow)
                    {
                        marks.Mark(list[i], r);
                        bound--;
                    }
                }
            }
        }
    }
}
