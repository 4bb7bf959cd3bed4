namespace BranchRating.Domain.Rating;

/// <summary>Options of one rating run.</summary>
public sealed class RatingOptions
{
    /// <summary>
    /// The rating date (in Asia/Shanghai). A veto counts when its date is on or before AsOf and less than the
    /// scheme's barMonths before it; without AsOf every veto listed in the input counts.
    /// </summary>
    public DateOnly? AsOf { get; init; }
}
