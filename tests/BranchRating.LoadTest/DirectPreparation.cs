using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Simulation;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;

namespace BranchRating.LoadTest;

/// <summary>
/// Preparation of a campaign too large to prepare over HTTP within the run (`--prepare direct`; 100,000 organizations
/// take about 45 min at ≈ 145 requests/s): stores each organization's submitted self-assessment and its superior review
/// with the store calls and records the HTTP handlers use (SaveSelfAssessmentDraft, SubmitSelfAssessment,
/// SubmitSuperiorReview), and mints its ballot tokens with the campaign's key as the token route does. Preparation is
/// not measured; it skips the progress counters (the dashboard's figures) and the request checks, so a generated
/// campaign only.
/// </summary>
public static class DirectPreparation
{
    public static async Task<string[][]> RunAsync(string storage, string campaignId, IReadOnlyList<GeneratedOrganization> organizations, int parallelism, CancellationToken cancellationToken = default)
    {
        var campaign = await new CampaignStore(new TableClient(storage, StorageNames.Tables.Campaigns)).GetAsync(campaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign '{campaignId}' does not exist.");
        var key = campaign.Campaign.BallotKey ?? throw new InvalidOperationException($"Campaign '{campaignId}' has no ballot key.");
        var buckets = campaign.Campaign.Buckets;
        var submissions = new SubmissionStore(new TableClient(storage, StorageNames.Tables.Submissions));
        var stored = new StoredResponse(200, "", "");
        var tokens = new string[organizations.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, organizations.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var o = organizations[i];
            var code = o.Row.Code!;
            var at = DateTimeOffset.UtcNow;
            var reviewer = o.Review.Reviewer ?? "superior";
            await submissions.SaveAsync(campaignId, buckets,
                new SubmissionRecord(code, SubmissionRecord.Self, "self", SubmissionRecord.Submitted, JsonSerializer.Serialize(o.SelfAssessment, JsonSerializerOptions.Web), at, at, default),
                null, null, stored, ct);
            await submissions.SaveAsync(campaignId, buckets,
                new SubmissionRecord(code, SubmissionRecord.Review, reviewer, SubmissionRecord.Accepted, JsonSerializer.Serialize(o.Review with { Reviewer = reviewer }, JsonSerializerOptions.Web), at, at, default),
                null, null, stored, ct);
            tokens[i] = [.. Enumerable.Range(0, o.Ballots.Count).Select(_ => BallotTokens.Mint(key, campaignId, code))];
        });
        return tokens;
    }
}
