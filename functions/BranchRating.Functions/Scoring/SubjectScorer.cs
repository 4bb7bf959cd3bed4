using System.Diagnostics;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Scores;
using BranchRating.Storage.Submissions;
using Microsoft.Extensions.Logging;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Scores subjects from their stored inputs and stores the scores (upsert: a recompute, never an increment, so a
/// redelivered message or a second run leaves the same score). A subject whose inputs the engine refuses gets its
/// errors stored instead of a score.
/// </summary>
public sealed partial class SubjectScorer(RosterStore roster, SubmissionStore submissions, BallotStore ballots, ScoreStore scores, RatingAdapter rating, TimeProvider time, ILogger<SubjectScorer> logger)
{
    /// <summary>Scores one subject; returns the refusal when the engine refused its inputs.</summary>
    /// <remarks><paramref name="asOf"/> is the campaign's rating date (<see cref="RatingDate"/>): vetoes older than the scheme's bar do not count.</remarks>
    public async Task<RatingInputRefusedException?> ScoreOneAsync(string campaignId, string schemeJson, int buckets, OrganizationRecord organization, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var data = new SubjectData(
            organization,
            await submissions.ListSubjectAsync(campaignId, buckets, organization.Code, cancellationToken),
            await ballots.ListSubjectAsync(campaignId, buckets, organization.Code, cancellationToken));
        var (record, refusal) = Score(schemeJson, data, asOf);
        await scores.UpsertAsync(campaignId, buckets, [record], cancellationToken);
        return refusal;
    }

    /// <summary>Scores every subject of one bucket partition with three partition queries; returns how many were refused.</summary>
    public async Task<int> ScoreBucketAsync(string campaignId, string schemeJson, int buckets, int bucket, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var organizations = await roster.ListBucketAsync(campaignId, bucket, cancellationToken);
        var stored = await submissions.ListBucketAsync(campaignId, bucket, cancellationToken);
        var cast = await ballots.ListBucketAsync(campaignId, bucket, cancellationToken);
        var read = clock.Elapsed;
        var results = organizations.Select(o => Score(schemeJson, new SubjectData(o, stored[o.Code].ToList(), cast[o.Code].ToList()), asOf)).ToList();
        var scored = clock.Elapsed;
        await scores.InsertOrReplaceAsync(campaignId, buckets, results.Select(r => r.Record), cancellationToken);
        LogBucketScored(logger, campaignId, bucket, results.Count, read.TotalMilliseconds, (scored - read).TotalMilliseconds, (clock.Elapsed - scored).TotalMilliseconds);
        return results.Count(r => r.Refusal is not null);
    }

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} bucket {Bucket}: {Organizations} organizations scored (read {ReadMs:F0} ms, score {ScoreMs:F0} ms, write {WriteMs:F0} ms)")]
    private static partial void LogBucketScored(ILogger logger, string campaign, int bucket, int organizations, double readMs, double scoreMs, double writeMs);

    private (ScoreRecord Record, RatingInputRefusedException? Refusal) Score(string schemeJson, SubjectData data, DateOnly? asOf)
    {
        try
        {
            return (new ScoreRecord(data.Organization.Code, rating.Score(schemeJson, data, asOf), null, time.GetUtcNow(), data.Organization), null);
        }
        catch (RatingInputRefusedException e)
        {
            return (new ScoreRecord(data.Organization.Code, null, e.Message, time.GetUtcNow(), data.Organization), e);
        }
    }
}
