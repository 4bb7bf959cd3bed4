using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Step (a): aggregate each rater group per indicator and combine the groups into indicator scores.</summary>
internal sealed class GroupCombiner(SchemePlan plan)
{
    private readonly Scheme _scheme = plan.Scheme;

    /// <summary>The combined indicator scores (by indicator index), with explanation lines; input errors go to <paramref name="errors"/>.</summary>
    public (decimal[] Scores, IndicatorLine[] Indicators, GroupLine[] Groups, bool Renormalized) Combine(
        SubjectInput input, decimal?[] satisfaction, ref List<InputError>? errors)
    {
        var groups = _scheme.RaterGroups;
        var indicators = _scheme.Indicators;
        var submissions = input.Submissions ?? [];
        var raters = new int[groups.Count];
        var proposed = new int?[groups.Count];
        foreach (var sub in submissions)
        {
            var g = plan.GroupIndex[sub.Group];
            raters[g]++;
            if (sub.ProposedLevel is { } p && (proposed[g] is null || p > proposed[g]))
            {
                proposed[g] = p;
            }
        }
        var sufficient = new bool[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            sufficient[g] = group.Source == RaterSource.Ballot
                ? group.Ballot is { } b && satisfaction[_scheme.FindBallot(b)!.Index] is not null
                : raters[g] >= group.Aggregation.MinRaters;
        }

        var aggregates = new decimal?[groups.Count, indicators.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            if (sufficient[g])
            {
                AggregateGroup(groups[g], raters[g], submissions, satisfaction, aggregates);
            }
        }

        var scores = new decimal[indicators.Count];
        var lines = new IndicatorLine[indicators.Count];
        var renormalized = false;
        for (var i = 0; i < indicators.Count; i++)
        {
            var parts = new GroupPart[groups.Count];
            decimal score;
            if (_scheme.Combination.Method == CombinationMethod.Override)
            {
                score = Override(i, sufficient, aggregates, parts, ref errors);
            }
            else
            {
                score = Weighted(i, sufficient, aggregates, parts, ref renormalized, ref errors);
            }
            for (var g = 0; g < groups.Count; g++)
            {
                parts[g] = parts[g] with { Group = groups[g].Id, Raters = raters[g], Score = aggregates[g, i] };
            }
            scores[i] = score;
            lines[i] = new IndicatorLine(indicators[i].Id, score, parts);
        }

        var groupLines = new GroupLine[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            decimal? total = null;
            if (sufficient[g])
            {
                decimal t = 0;
                for (var i = 0; i < indicators.Count; i++)
                {
                    t += aggregates[g, i] ?? 0;
                }
                total = t;
            }
            groupLines[g] = new GroupLine(groups[g].Id, raters[g], total, sufficient[g], proposed[g]);
        }
        return (scores, lines, groupLines, renormalized);
    }

    private void AggregateGroup(RaterGroup group, int count, IReadOnlyList<RaterSubmission> submissions, decimal?[] satisfaction, decimal?[,] aggregates)
    {
        var indicators = _scheme.Indicators;
        if (group.Source == RaterSource.Ballot)
        {
            var rate = satisfaction[_scheme.FindBallot(group.Ballot!)!.Index]!.Value;
            foreach (var ind in indicators)
            {
                aggregates[group.Index, ind.Index] = _scheme.Rounding.Apply(rate / 100m * ind.Max);
            }
            return;
        }
        Span<decimal> values = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        foreach (var ind in indicators)
        {
            var n = 0;
            foreach (var sub in submissions)
            {
                if (sub.Group == group.Id)
                {
                    values[n++] = Aggregator.Points(ind, sub.Scores[ind.Id]);
                }
            }
            aggregates[group.Index, ind.Index] = Aggregator.Aggregate(group.Aggregation, values, _scheme.Rounding);
        }
    }

    private decimal Override(int i, bool[] sufficient, decimal?[,] aggregates, GroupPart[] parts, ref List<InputError>? errors)
    {
        foreach (var g in plan.Priority)
        {
            if (sufficient[g])
            {
                parts[g] = new GroupPart("", 0, null, 1m);
                return aggregates[g, i]!.Value;
            }
        }
        if (i == 0)
        {
            AddMissing(plan.Priority, "none of the priority groups has enough raters", ref errors);
        }
        return 0;
    }

    private decimal Weighted(int i, bool[] sufficient, decimal?[,] aggregates, GroupPart[] parts, ref bool renormalized, ref List<InputError>? errors)
    {
        var weights = plan.Weights[i];
        decimal present = 0;
        var missing = false;
        for (var g = 0; g < weights.Length; g++)
        {
            if (weights[g] == 0)
            {
                continue;
            }
            if (sufficient[g])
            {
                present += weights[g];
            }
            else
            {
                missing = true;
            }
        }
        if (missing && (_scheme.Combination.WhenGroupMissing == MissingGroupPolicy.Reject || present == 0))
        {
            var absent = Enumerable.Range(0, weights.Length).Where(g => weights[g] > 0 && !sufficient[g]).ToArray();
            AddMissing(absent, present == 0 ? "no weighted group has enough raters" : "the scheme rejects a missing group", ref errors);
            return 0;
        }
        renormalized |= missing;
        decimal score = 0;
        for (var g = 0; g < weights.Length; g++)
        {
            if (weights[g] != 0 && sufficient[g])
            {
                var w = missing ? weights[g] / present : weights[g];
                parts[g] = new GroupPart("", 0, null, w);
                score += w * aggregates[g, i]!.Value;
            }
        }
        return _scheme.Rounding.Apply(score);
    }

    private void AddMissing(IEnumerable<int> groups, string why, ref List<InputError>? errors)
    {
        foreach (var g in groups)
        {
            var group = _scheme.RaterGroups[g];
            var path = group.Source == RaterSource.Ballot ? $"$.ballots.{group.Ballot}" : "$.submissions";
            var error = new InputError(path, "min-raters", $"Group '{group.Id}' needs at least {group.Aggregation.MinRaters} rater(s) ({why}).");
            if (errors?.Contains(error) != true)
            {
                (errors ??= []).Add(error);
            }
        }
    }
}
