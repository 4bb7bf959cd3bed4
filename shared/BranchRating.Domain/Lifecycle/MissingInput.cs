using System.Globalization;

namespace BranchRating.Domain.Lifecycle;

/// <summary>What one organization supplied for a step (self-assessment, reviews, ballots per ballot id).</summary>
public sealed record OrganizationInputs(
    string Code, string Name, string? ParentCode, int Eligible, bool SelfSubmitted, bool Reviewed, IReadOnlyDictionary<string, int> Ballots);

/// <summary>One missing item: the organization, what is missing and the scheme's rule that now applies.</summary>
public sealed record MissingItem(string Code, string Name, string Missing, string Consequence);

/// <summary>The missing items of the organizations one reviewing committee (their superior) is responsible for.</summary>
public sealed record CommitteeMissing(string Committee, IReadOnlyList<MissingItem> Items);

/// <summary>A ballot's participation threshold (percentage of the eligible voters; 0 = none).</summary>
public sealed record ParticipationThreshold(string Ballot, decimal MinPercent);

/// <summary>
/// Computes what is missing when a step closes, per reviewing committee (the superior organization; organizations
/// without a superior are reported under <see cref="TopCommittee"/>). The consequences name the rules the engine
/// applies when it scores (no self-assessment → the superior's scores alone; participation below the threshold →
/// the rate of the ballots cast, flagged <c>insufficient-participation</c>, §4.14).
/// </summary>
public static class MissingInput
{
    public const string TopCommittee = "(top)";

    public const string SelfAssessment = "self-assessment";
    public const string Appraisal = "appraisal";
    public const string SuperiorReview = "superior-review";

    public static IReadOnlyList<CommitteeMissing> Report(string stepKind, IEnumerable<OrganizationInputs> organizations, IReadOnlyList<ParticipationThreshold> thresholds)
    {
        var items = new List<(string Committee, MissingItem Item)>();
        foreach (var o in organizations)
        {
            var committee = string.IsNullOrEmpty(o.ParentCode) ? TopCommittee : o.ParentCode;
            foreach (var item in Missing(stepKind, o, thresholds))
            {
                items.Add((committee, item));
            }
        }

        return items.GroupBy(x => x.Committee, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CommitteeMissing(g.Key, g.Select(x => x.Item).OrderBy(i => i.Code, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    private static IEnumerable<MissingItem> Missing(string stepKind, OrganizationInputs o, IReadOnlyList<ParticipationThreshold> thresholds)
    {
        switch (stepKind)
        {
            case SelfAssessment when !o.SelfSubmitted:
                yield return new(o.Code, o.Name, "self-assessment not submitted", "rated on the superior's scores alone");
                break;
            case SuperiorReview when !o.Reviewed:
                yield return new(o.Code, o.Name, "superior review not done", "the organization cannot be rated until its superior reviews it");
                break;
            case Appraisal:
                foreach (var t in thresholds)
                {
                    var cast = o.Ballots.GetValueOrDefault(t.Ballot);
                    var percent = o.Eligible <= 0 ? 0m : Math.Round(100m * cast / o.Eligible, 1);
                    if (cast == 0 || percent < t.MinPercent)
                    {
                        yield return new(o.Code, o.Name,
                            string.Create(CultureInfo.InvariantCulture, $"ballot '{t.Ballot}': {cast} of {o.Eligible} eligible ({percent:0.0}% < {t.MinPercent:0.##}%)"),
                            cast == 0 ? "no satisfaction rate; satisfaction rules do not apply" : "rate of the ballots cast used, flagged insufficient-participation");
                    }
                }

                break;
        }
    }
}
