using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Step (a): aggregate each rater group per indicator and combine the groups into indicator scores.</summary>
internal sealed class GroupCombiner(SchemePlan plan)
{
    private readonly Scheme _scheme = plan.Scheme;

    /// <summary>The combined indicator scores (by indicator index), with explanation lines; input errors go to <paramref name="errors"/>.</summary>
    public (IndicatorLine[] Indicators, GroupPart[] Parts, GroupLine[] Groups, bool Renormalized) Combine(
        SubjectInput input, decimal[] entries, decimal?[] satisfaction, ref List<InputError>? errors)
    {
        var groups = _scheme.RaterGroups;
        var indicators = _scheme.Indicators;
        var nGroups = groups.Count;
        var submissions = input.Submissions ?? [];
        Span<int> raters = stackalloc int[nGroups];
        Span<int> proposed = stackalloc int[nGroups];
        Span<bool> sufficient = stackalloc bool[nGroups];
        proposed.Fill(-1);
        foreach (var sub in (submissions).Span())
        {
            var g = plan.GroupIndex[sub.Group];
            raters[g]++;
            if (sub.ProposedLevel is { } p && p > proposed[g])
            {
                proposed[g] = p;
            }
        }
        for (var g = 0; g < nGroups; g++)
        {
            var group = groups[g];
            sufficient[g] = group.Source == RaterSource.Ballot
                ? satisfaction[plan.BallotOfGroup[g]] is not null
                : raters[g] >= group.Aggregation.MinRaters;
        }

        // aggregates[i * nGroups + g]; parts carry them with the weights actually used.
        var parts = new GroupPart[indicators.Count * nGroups];
        for (var g = 0; g < nGroups; g++)
        {
            if (sufficient[g])
            {
                AggregateGroup(groups[g], raters[g], submissions, entries, satisfaction, parts);
            }
        }

        var lines = new IndicatorLine[indicators.Count];
        var renormalized = false;
        for (var i = 0; i < indicators.Count; i++)
        {
            var row = parts.AsSpan(i * nGroups, nGroups);
            for (var g = 0; g < nGroups; g++)
            {
                row[g] = new GroupPart(indicators[i].Id, groups[g].Id, raters[g], row[g].Score, 0m);
            }
            var score = _scheme.Combination.Method == CombinationMethod.Override
                ? Override(i, sufficient, row, ref errors)
                : Weighted(i, sufficient, row, ref renormalized, ref errors);
            lines[i] = new IndicatorLine(indicators[i].Id, score);
        }

        var groupLines = new GroupLine[nGroups];
        for (var g = 0; g < nGroups; g++)
        {
            decimal? total = null;
            if (sufficient[g])
            {
                decimal t = 0;
                for (var i = 0; i < indicators.Count; i++)
                {
                    t += parts[i * nGroups + g].Score ?? 0;
                }
                total = t;
            }
            groupLines[g] = new GroupLine(groups[g].Id, raters[g], total, sufficient[g], proposed[g] < 0 ? null : proposed[g]);
        }
        return (lines, parts, groupLines, renormalized);
    }

    private void AggregateGroup(RaterGroup group, int count, IReadOnlyList<RaterSubmission> submissions, decimal[] entries, decimal?[] satisfaction, GroupPart[] parts)
    {
        var indicators = _scheme.Indicators;
        var stride = _scheme.RaterGroups.Count;
        if (group.Source == RaterSource.Ballot)
        {
            var rate = satisfaction[plan.BallotOfGroup[group.Index]]!.Value;
            foreach (var ind in (indicators).Span())
            {
                parts[ind.Index * stride + group.Index] = new GroupPart(ind.Id, group.Id, 0, _scheme.Rounding.Apply(rate / 100m * ind.Max), 0m);
            }
            return;
        }
        Span<decimal> values = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        var subs = submissions.Span();
        var width = plan.Indicators.Length;
        foreach (var ind in plan.Indicators)
        {
            var n = 0;
            for (var s = 0; s < subs.Length; s++)
            {
                if (string.Equals(subs[s].Group, group.Id, StringComparison.Ordinal))
                {
                    values[n++] = Aggregator.Points(ind, entries[s * width + ind.Index]);
                }
            }
            parts[ind.Index * stride + group.Index] = new GroupPart(ind.Id, group.Id, count, Aggregator.Aggregate(group.Aggregation, values, _scheme.Rounding), 0m);
        }
    }

    private decimal Override(int i, ReadOnlySpan<bool> sufficient, Span<GroupPart> row, ref List<InputError>? errors)
    {
        foreach (var g in plan.Priority)

        {
            if (sufficient[g])
            {
                row[g] = row[g] with { Weight = 1m };
                return row[g].Score!.Value;
            }
        }
        if (i == 0)
        {
            AddMissing(plan.Priority, "none of the priority groups has enough raters", ref errors);
        }
        return 0;
    }

    private decimal Weighted(int i, ReadOnlySpan<bool> sufficient, Span<GroupPart> row, ref bool renormalized, ref List<InputError>? errors)
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
            var absent = new List<int>();
            for (var g = 0; g < weights.Length; g++)
            {
                if (weights[g] > 0 && !sufficient[g])
                {
                    absent.Add(g);
                }
            }
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
                row[g] = row[g] with { Weight = w };
                score += w * row[g].Score!.Value;
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
