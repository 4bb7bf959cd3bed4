namespace BranchRating.Domain.Lifecycle;

/// <summary>A veto (一票否决) recorded in an earlier campaign: organization, type and date of the violation.</summary>
public sealed record RecordedVeto(string SourceCampaign, string SourceId, string Code, string Type, DateOnly Date);

/// <summary>The 12-month bar across campaigns: a veto still bars a campaign rated on <c>asOf</c> while asOf &lt; date + barMonths.</summary>
public static class VetoCarry
{
    public static IReadOnlyList<RecordedVeto> StillBarring(IEnumerable<RecordedVeto> vetoes, DateOnly asOf, int barMonths) =>
        barMonths <= 0 ? [] : vetoes.Where(v => v.Date <= asOf && asOf < v.Date.AddMonths(barMonths)).OrderBy(v => v.Code, StringComparer.Ordinal).ThenBy(v => v.Date).ToList();
}
