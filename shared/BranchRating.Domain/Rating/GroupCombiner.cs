using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Step (a): aggregate each rater group per indicator and combine the groups into indicator scores.</summary>
internal sealed class GroupCombiner(SchemePlan plan)
{
    private readonly Scheme _scheme = plan.Scheme;

    /// <summary>The combined indicator scores with the group lines; input errors go to <paramref name="errors"/>.</summary>
    public (IndicatorLine[] Indicators, GroupLine[] Groups, bool Renormalized) Combine(
        SubjectInput input, decimal[] entries, decimal?[] satisfaction, ref List<InputError>? errors)
    {
        var groups = plan.Groups;
        var indicators = plan.Indicators;
        var nGroups = groups.Length;
        var submissions = input.Submissions.Span();
        Span<int> raters = stackalloc int[nGroups];
        Span<int> proposed = stackalloc int[nGroups];
        Span<bool> sufficient = stackalloc bool[nGroups];
        proposed.Fill(-1);
        foreach (var sub in submissions)
        {
            var g = plan.GroupIndex[sub.Group];
            raters[g]++;
            if (sub.ProposedLevel is { } p && p > proposed[g])
            {
                proposed[g] = p;
            }
        }

        // scores[g][i]: group g's aggregate on indicator i; weights[g][i]: the weight it got (shared arrays when unchanged).
        var scores = new decimal?[nGroups][];
        var weights = new decimal[nGroups][];
        for (var g = 0; g < nGroups; g++)
        {
            var group = groups[g];
            sufficient[g] = group.Source == RaterSource.Ballot
                ? satisfaction[plan.BallotOfGroup[g]] is not null
                : raters[g] >= group.Aggregation.MinRaters;
            scores[g] = sufficient[g] ? AggregateGroup(group, raters[g], submissions, entries, satisfaction) : plan.NoScores;
            weights[g] = plan.GroupWeights[g];
        }

        var lines = new IndicatorLine[indicators.Length];
        var renormalized = false;
        if (_scheme.Combination.Method == CombinationMethod.Override)
        {
            Override(sufficient, scores, weights, lines, ref errors);
        }
        else
        {
            for (var i = 0; i < indicators.Length; i++)
            {
                lines[i] = new IndicatorLine(indicators[i].Id, Weighted(i, sufficient, scores, weights, ref renormalized, ref errors));
            }
        }

        var groupLines = new GroupLine[nGroups];
        for (var g = 0; g < nGroups; g++)
        {
            decimal? total = null;
            if (sufficient[g])
            {
                decimal t = 0;
                foreach (var s in scores[g])
                {
                    t += s ?? 0;
                }
                total = t;
            }
            groupLines[g] = new GroupLine(groups[g].Id, raters[g], total, sufficient[g], proposed[g] < 0 ? null : proposed[g], scores[g], weights[g]);
        }
        return (lines, groupLines, renormalized);
    }

    private decimal?[] AggregateGroup(RaterGroup group, int count, ReadOnlySpan<RaterSubmission> submissions, decimal[] entries, decimal?[] satisfaction)
    {
        var indicators = plan.Indicators;
        var result = new decimal?[indicators.Length];
        if (group.Source == RaterSource.Ballot)
        {
            var rate = satisfaction[plan.BallotOfGroup[group.Index]]!.Value;
            foreach (var ind in indicators)
            {
                result[ind.Index] = _scheme.Rounding.Apply(rate / 100m * ind.Max);
            }
            return result;
        }
        Span<decimal> values = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        var width = indicators.Length;
        foreach (var ind in indicators)
        {
            var n = 0;
            for (var s = 0; s < submissions.Length; s++)
            {
                if (string.Equals(submissions[s].Group, group.Id, StringComparison.Ordinal))
                {
                    values[n++] = Aggregator.Points(ind, entries[s * width + ind.Index]);
                }
            }
            result[ind.Index] = Aggregator.Aggregate(group.Aggregation, values, _scheme.Rounding);
        }
        return result;
    }

    /// <summary>The first group of the priority list with enough raters gives every indicator (weight 1).</summary>
    private void Override(ReadOnlySpan<bool> sufficient, decimal?[][] scores, decimal[][] weights, IndicatorLine[] lines, ref List<InputError>? errors)
    {
        foreach (var g in plan.Priority)
        {
            if (!sufficient[g])
            {
                continue;
            }
            weights[g] = plan.OneWeights;
            for (var i = 0; i < lines.Length; i++)
            {
                lines[i] = new IndicatorLine(plan.Indicators[i].Id, scores[g][i]!.Value);
            }
            return;
        }
        AddMissing(plan.Priority, "none of the priority groups has enough raters", ref errors);
    }

    private decimal Weighted(int i, ReadOnlySpan<bool> sufficient, decimal?[][] scores, decimal[][] weights, ref bool renormalized, ref List<InputError>? errors)
    {
        var configured = plan.Weights[i];
        decimal present = 0;
        var missing = false;
        for (var g = 0; g < configured.Length; g++)
        {
            if (configured[g] == 0)
            {
                continue;
            }
            if (sufficient[g])
            {
                present += configured[g];
            }
            else
            {
                missing = true;
            }
        }
        if (missing && (_scheme.Combination.WhenGroupMissing == MissingGroupPolicy.Reject || present == 0))
        {
            var absent = new List<int>();
            for (var g = 0; g < configured.Length; g++)
            {
                if (configured[g] > 0 && !sufficient[g])
                {
                    absent.Add(g);
                }
            }
            AddMissing(absent, present == 0 ? "no weighted group has enough raters" : "the scheme rejects a missing group", ref errors);
            return 0;
        }
        decimal score = 0;
        for (var g = 0; g < configured.Length; g++)
        {
            if (configured[g] == 0)
            {
                continue;
            }
            var w = !sufficient[g] ? 0m : missing ? configured[g] / present : configured[g];
            if (w != weights[g][i])
            {
                if (ReferenceEquals(weights[g], plan.GroupWeights[g]))
                {
                    weights[g] = (decimal[])weights[g].Clone();
                }
                weights[g][i] = w;
            }
            if (w != 0)
            {
                score += w * scores[g][i]!.Value;
            }
        }
        renormalized |= missing;
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
