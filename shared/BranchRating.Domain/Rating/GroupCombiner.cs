using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Step (a): aggregate each rater group per indicator and combine the groups into indicator scores.</summary>
internal sealed class GroupCombiner(SchemePlan plan)
{
    private readonly Scheme _scheme = plan.Scheme;

    /// <summary>
    /// The combined indicator scores and the group aggregates in the compact layout of <see cref="ExplanationShape"/>,
    /// with the weights each group got (shared arrays when unchanged); input errors go to <paramref name="errors"/>.
    /// </summary>
    public (decimal[] Values, decimal[][] Weights, bool Renormalized) Combine(
        ReadOnlySpan<RaterSubmission> submissions, decimal[] entries, ReadOnlySpan<decimal?> satisfaction, decimal[] values, ref List<InputError>? errors)
    {
        var groups = plan.Groups;
        var indicators = plan.Indicators;
        var shape = plan.Shape;
        var nGroups = groups.Length;
        Span<int> raters = stackalloc int[nGroups];
        Span<int> proposed = stackalloc int[nGroups];
        Span<bool> sufficient = stackalloc bool[nGroups];
        Span<int> groupOf = submissions.Length <= 64 ? stackalloc int[submissions.Length] : new int[submissions.Length];
        proposed.Fill(-1);
        for (var s = 0; s < submissions.Length; s++)
        {
            var sub = submissions[s];
            var g = plan.GroupIds.IndexOf(sub.Group);
            groupOf[s] = g;
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
            if (sufficient[g])
            {
                AggregateGroup(group, raters[g], groupOf, entries, satisfaction, values.AsSpan(shape.GroupStart(g), indicators.Length));
                shape.StoreTotal(values, g);
            }
            var meta = shape.Meta(g);
            values[meta] = raters[g];
            values[meta + 1] = proposed[g];
            values[meta + 2] = sufficient[g] ? 1 : 0;
        }

        var weights = plan.GroupWeights;
        var renormalized = false;
        if (_scheme.Combination.Method == CombinationMethod.Override)
        {
            Override(sufficient, values, ref weights, ref errors);
        }
        else
        {
            for (var i = 0; i < indicators.Length; i++)
            {
                values[i] = Weighted(i, sufficient, values, ref weights, ref renormalized, ref errors);
            }
        }
        return (values, weights, renormalized);
    }

    private void AggregateGroup(RaterGroup group, int count, ReadOnlySpan<int> groupOf, decimal[] entries, ReadOnlySpan<decimal?> satisfaction, Span<decimal> result)
    {
        var indicators = plan.Indicators;
        if (group.Source == RaterSource.Ballot)
        {
            var rate = satisfaction[plan.BallotOfGroup[group.Index]]!.Value;
            foreach (var ind in indicators)
            {
                result[ind.Index] = _scheme.Rounding.Apply(rate / 100m * ind.Max);
            }
            return;
        }
        // The group's submissions, found once (not once per indicator).
        Span<int> members = count <= 64 ? stackalloc int[count] : new int[count];
        var m = 0;
        for (var s = 0; s < groupOf.Length; s++)
        {
            if (groupOf[s] == group.Index)
            {
                members[m++] = s;
            }
        }
        var width = indicators.Length;
        var method = group.Aggregation.Method;
        if (members.Length == 1 && method is AggregationMethod.Mean or AggregationMethod.Median)
        {
            // One rater: the mean is 0m + v (v itself unless v is a zero, whose scale and sign addition decides), the
            // median is v; then rounding.
            OneRater(entries.AsSpan(members[0] * width, width), method == AggregationMethod.Mean, result);
            return;
        }
        Span<decimal> values = count <= 32 ? stackalloc decimal[count] : new decimal[count];
        foreach (var ind in indicators)
        {
            for (var n = 0; n < members.Length; n++)
            {
                values[n] = Aggregator.Points(ind, entries[members[n] * width + ind.Index]);
            }
            result[ind.Index] = Aggregator.Aggregate(group.Aggregation, values, _scheme.Rounding);
        }
    }

    /// <summary>
    /// One rater's entries as the group's aggregates: the mean is 0m + v (v itself unless v is a zero, whose scale and
    /// sign addition decides), the median is v; then rounding.
    /// </summary>
    private void OneRater(ReadOnlySpan<decimal> row, bool mean, Span<decimal> result)
    {
        var indicators = plan.Indicators;
        var allScored = plan.AllScored;
        var places = _scheme.Rounding.Places;
        var mode = _scheme.Rounding.Mode;
        if (allScored && AreKept(row, mean, places))
        {
            row.CopyTo(result);
            return;
        }
        for (var i = 0; i < row.Length; i++)
        {
            var v = allScored ? row[i] : Aggregator.Points(indicators[i], row[i]);
            if (mean && DecimalBits.IsZero(v))
            {
                v = 0m + v;
            }
            result[i] = v.Scale <= places ? v : Math.Round(v, places, mode);
        }
    }

    /// <summary>
    /// Whether every entry is its own aggregate: at most <paramref name="places"/> decimals (rounding keeps it) and, for
    /// a mean, not a zero (0m + v changes only a zero's scale or sign).
    /// </summary>
    private static bool AreKept(ReadOnlySpan<decimal> row, bool mean, int places)
    {
        foreach (ref readonly var v in row)
        {
            if (v.Scale > places || (mean && DecimalBits.IsZero(in v)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The first group of the priority list with enough raters gives every indicator (weight 1).</summary>
    private void Override(ReadOnlySpan<bool> sufficient, decimal[] values, ref decimal[][] weights, ref List<InputError>? errors)
    {
        foreach (var g in plan.Priority)
        {
            if (!sufficient[g])
            {
                continue;
            }
            weights = plan.OverrideWeights[g];
            Array.Copy(values, plan.Shape.GroupStart(g), values, 0, plan.Indicators.Length);
            return;
        }
        AddMissing(plan.Priority, "none of the priority groups has enough raters", ref errors);
    }

    private decimal Weighted(int i, ReadOnlySpan<bool> sufficient, decimal[] values, ref decimal[][] weights, ref bool renormalized, ref List<InputError>? errors)
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
                if (ReferenceEquals(weights, plan.GroupWeights))
                {
                    weights = (decimal[][])weights.Clone();
                }
                if (ReferenceEquals(weights[g], plan.GroupWeights[g]))
                {
                    weights[g] = (decimal[])weights[g].Clone();
                }
                weights[g][i] = w;
            }
            if (w != 0)
            {
                score += w * values[plan.Shape.GroupStart(g) + i];
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
