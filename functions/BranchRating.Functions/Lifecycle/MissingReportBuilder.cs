using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Submissions;

namespace BranchRating.Functions.Lifecycle;

/// <summary>Reads a campaign's roster, submissions and ballots bucket by bucket and reports what is missing for a step.</summary>
public sealed class MissingReportBuilder(RosterStore roster, SubmissionStore submissions, BallotStore ballots, RatingAdapter rating)
{
    public async Task<(IReadOnlyList<CommitteeMissing> Report, IReadOnlyDictionary<string, string> CommitteePaths)> BuildAsync(CampaignSnapshot campaign, string stepKind, CancellationToken cancellationToken)
    {
        var scheme = rating.Scheme(campaign.Campaign.SchemeJson);
        var thresholds = scheme.Ballots.Select(b => new ParticipationThreshold(b.Id, b.MinParticipation)).ToList();
        var single = scheme.Ballots.Count == 1 ? scheme.Ballots[0].Id : "";
        var inputs = new List<OrganizationInputs>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var bucket = 0; bucket < campaign.Campaign.Buckets; bucket++)
        {
            var organizations = await roster.ListBucketAsync(campaign.Campaign.Id, bucket, cancellationToken);
            if (organizations.Count == 0) continue;
            var subs = await submissions.ListBucketAsync(campaign.Campaign.Id, bucket, cancellationToken);
            var cast = await ballots.ListBucketAsync(campaign.Campaign.Id, bucket, cancellationToken);
            foreach (var o in organizations)
            {
                var own = subs[o.Code].ToList();
                inputs.Add(new OrganizationInputs(o.Code, o.Name, o.ParentCode, o.MemberCount,
                    own.Any(s => s.Kind == SubmissionRecord.Self && s.State != SubmissionRecord.Draft),
                    own.Any(s => s.Kind == SubmissionRecord.Review),
                    cast[o.Code].Where(b => b.Choice is not null).GroupBy(b => b.Ballot ?? single).ToDictionary(g => g.Key, g => g.Count())));
                paths[string.IsNullOrEmpty(o.ParentCode) ? MissingInput.TopCommittee : o.ParentCode] = LifecycleEvents.ParentPathOf(o.Path);
            }
        }

        return (MissingInput.Report(stepKind, inputs, thresholds), paths);
    }
}
