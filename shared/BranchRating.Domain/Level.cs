namespace BranchRating.Domain;

/// <summary>
/// A rating level. Higher ordinals are better: 0★…5★ for stars, 0…n for counted stars, and for tiers
/// the worst tier is 0 (e.g. 后进 = 0, 一般 = 1, 先进 = 2).
/// </summary>
public sealed record Level(int Ordinal, string Label)
{
    public override string ToString() => $"{Ordinal} {Label}";
}
