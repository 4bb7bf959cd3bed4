using BranchRating.Domain.Schemes;

namespace BranchRating.Domain.Rating;

/// <summary>Aggregation of several raters' points within one group (mean, median, trimmed mean), then rounding.</summary>
internal static class Aggregator
{
    public static decimal Aggregate(Aggregation aggregation, Span<decimal> values, RoundingRule rounding)
    {
        decimal result;
        switch (aggregation.Method)
        {
            case AggregationMethod.Median:
            {
                values.Sort();
                var mid = values.Length / 2;
                result = values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2m;
                break;
            }
            case AggregationMethod.TrimmedMean:
            {
                values.Sort();
                result = Mean(values[aggregation.Trim..^aggregation.Trim]);
                break;
            }
            default:
                result = Mean(values);
                break;
        }
        return rounding.Apply(result);
    }

    private static decimal Mean(ReadOnlySpan<decimal> values)
    {
        if (values.Length == 1 && values[0] != 0)
        {
            return values[0]; // what 0m + v gives for any v other than a zero (whose sign and scale stay decimal's)
        }
        decimal sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }
        return values.Length == 1 ? sum : sum / values.Length;
    }

    /// <summary>The points one rater's entry is worth: binary 1 → max, rank k → rankPoints[k-1], scored as is.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static decimal Points(Indicator indicator, decimal entry) => indicator.Kind switch
    {
        IndicatorKind.Binary => entry == 1m ? indicator.Max : 0m,
        IndicatorKind.Rank => entry <= indicator.RankPoints.Count ? indicator.RankPoints[(int)entry - 1] : indicator.RankOtherwise,
        _ => entry,
    };
}
