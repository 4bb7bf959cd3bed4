using BranchRating.Domain.Ranking;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Quotas;

/// <summary>
/// Step (e): quotas inside each scope value (RATING-RULES §4.10, §4.11, §4.16). Caps run from the top level down,
/// demoting the lowest-ranked of the capped level one level (cascading); floors then move the lowest-ranked above
/// the floor level down to it. Nothing is ever promoted.
/// </summary>
internal sealed class QuotaEnforcer(Scheme scheme, Func<string, ScopeBuckets> buckets)
{
    public List<QuotaOutcome> Enforce(int[] levels, LevelChange[]?[] changes)
    {
        var outcomes = new List<QuotaOutcome>();
        var caps = scheme.Quotas.Where(q => q.Kind == QuotaKind.Cap).OrderByDescending(q => q.Level).ToArray();
        foreach (var cap in caps)
        {
            ApplyCap(cap, levels, changes, outcomes);
        }
        foreach (var floor in scheme.Quotas.Where(q => q.Kind == QuotaKind.Floor))
        {
            ApplyFloor(floor, levels, changes, outcomes);
        }
        foreach (var rule in scheme.Quotas.Where(q => q.Kind is QuotaKind.MinimumPerScope or QuotaKind.Target))
        {
            Report(rule, levels, outcomes);
        }
        return outcomes;
    }

    /// <summary>floor(q·N), exactly.</summary>
    public static int CapBound(decimal share, int n) => (int)decimal.Floor(share * n);

    /// <summary>ceil(q·N), exactly.</summary>
    public static int FloorBound(decimal share, int n) => (int)decimal.Ceiling(share * n);

    private void ApplyCap(QuotaRule cap, int[] levels, LevelChange[]?[] changes, List<QuotaOutcome> outcomes)
    {
        var scope = buckets(cap.Scope);
        var minimums = scheme.Quotas.Where(q => q.Kind == QuotaKind.MinimumPerScope && q.Level == cap.Level)
            .Select(q => (Rule: q, Buckets: buckets(q.Scope)))
            .ToArray();
        var atLevel = minimums.Select(m => CountAt(m.Buckets, levels, cap.Level)).ToArray();
        for (var b = 0; b < scope.Values.Count; b++)
        {
            var members = scope.Members[b];
            var bound = CapBound(cap.Share, members.Length);
            var before = Count(members, levels, l => l == cap.Level);
            var excess = before - bound;
            var moved = 0;
            var protectedCount = 0;
            LevelChange[]? shared = null;
            for (var i = members.Length - 1; i >= 0 && excess > 0; i--)
            {
                var s = members[i];
                if (levels[s] != cap.Level)
                {
                    continue;
                }
                if (IsProtected(s, minimums, atLevel))
                {
                    protectedCount++;
                    continue;
                }
                for (var m = 0; m < minimums.Length; m++)
                {
                    atLevel[m][minimums[m].Buckets.BucketOf[s]]--;
                }
                // One change (and its text) per bucket, shared by every subject it moves.
                shared ??= [Change(cap.Level, cap.Level - 1, "quota-cap", cap, $"{scheme.Levels[cap.Level].Label} ≤ floor({cap.Share}·{members.Length}) = {bound} in {cap.Scope} {scope.Values[b]}")];
                Move(s, shared, levels, changes);
                moved++;
                excess--;
            }
            var after = before - moved;
            var note = excess > 0 ? $"exceeded: {protectedCount} protected by a minimum per scope" : "";
            outcomes.Add(new QuotaOutcome(cap.Id, "cap", cap.Scope, scope.Values[b], members.Length, bound, before, after, moved, after <= bound, note));
        }
    }

    private static bool IsProtected(int subject, (QuotaRule Rule, ScopeBuckets Buckets)[] minimums, int[][] atLevel)
    {
        for (var m = 0; m < minimums.Length; m++)
        {
            if (atLevel[m][minimums[m].Buckets.BucketOf[subject]] <= minimums[m].Rule.Count)
            {
                return true;
            }
        }
        return false;
    }

    private void ApplyFloor(QuotaRule floor, int[] levels, LevelChange[]?[] changes, List<QuotaOutcome> outcomes)
    {
        var scope = buckets(floor.Scope);
        for (var b = 0; b < scope.Values.Count; b++)
        {
            var members = scope.Members[b];
            var bound = FloorBound(floor.Share, members.Length);
            var before = Count(members, levels, l => l <= floor.Level);
            var need = bound - before;
            var moved = 0;
            string? detail = null;
            // One change per level moved from (and one text) per bucket, shared by every subject it moves.
            var shared = new LevelChange[]?[scheme.Levels.Count];
            for (var i = members.Length - 1; i >= 0 && need > 0; i--)
            {
                var s = members[i];
                if (levels[s] <= floor.Level)
                {
                    continue;
                }
                detail ??= $"{scheme.Levels[floor.Level].Label} or below ≥ ceil({floor.Share}·{members.Length}) = {bound} in {floor.Scope} {scope.Values[b]}";
                Move(s, shared[levels[s]] ??= [Change(levels[s], floor.Level, "quota-floor", floor, detail)], levels, changes);
                moved++;
                need--;
            }
            outcomes.Add(new QuotaOutcome(floor.Id, "floor", floor.Scope, scope.Values[b], members.Length, bound, before, before + moved, moved, before + moved >= bound, ""));
        }
    }

    private void Report(QuotaRule rule, int[] levels, List<QuotaOutcome> outcomes)
    {
        var scope = buckets(rule.Scope);
        Func<int, bool> match = rule.Match switch
        {
            LevelMatch.AtOrBelow => l => l <= rule.Level,
            LevelMatch.AtOrAbove => l => l >= rule.Level,
            _ => l => l == rule.Level,
        };
        for (var b = 0; b < scope.Values.Count; b++)
        {
            var members = scope.Members[b];
            var count = Count(members, levels, match);
            int bound;
            bool met;
            string kind;
            if (rule.Kind == QuotaKind.MinimumPerScope)
            {
                (bound, met, kind) = (rule.Count, count >= rule.Count, "minimumPerScope");
            }
            else if (rule.Compare == TargetCompare.AtMost)
            {
                bound = CapBound(rule.Share, members.Length);
                (met, kind) = (count <= bound, "target");
            }
            else
            {
                bound = FloorBound(rule.Share, members.Length);
                (met, kind) = (count >= bound, "target");
            }
            var note = met ? "" : rule.Kind == QuotaKind.MinimumPerScope ? "unmet: quotas never promote" : "target not met (reported, not enforced)";
            outcomes.Add(new QuotaOutcome(rule.Id, kind, rule.Scope, scope.Values[b], members.Length, bound, count, count, 0, met, note));
        }
    }

    private static int[] CountAt(ScopeBuckets scope, int[] levels, int level)
    {
        var counts = new int[scope.Values.Count];
        for (var s = 0; s < levels.Length; s++)
        {
            if (levels[s] == level)
            {
                counts[scope.BucketOf[s]]++;
            }
        }
        return counts;
    }

    private static int Count(int[] members, int[] levels, Func<int, bool> match)
    {
        var n = 0;
        foreach (var s in members)
        {
            if (match(levels[s]))
            {
                n++;
            }
        }
        return n;
    }

    private LevelChange Change(int from, int to, string reason, QuotaRule rule, string detail) =>
        new(scheme.Levels[from], scheme.Levels[to], reason, rule.Id, detail);

    /// <summary>Moves a subject by a (shared, one-element) change: its first quota change is that array itself.</summary>
    private static void Move(int subject, LevelChange[] change, int[] levels, LevelChange[]?[] changes)
    {
        changes[subject] = changes[subject] is { } earlier ? [.. earlier, change[0]] : change;
        levels[subject] = change[0].To.Ordinal;
    }
}
