using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Scores;
using BranchRating.Storage.Submissions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Scores subjects from their stored inputs and stores the scores (upsert: a recompute, never an increment, so a
/// redelivered message or a second run leaves the same score). A subject whose inputs the engine refuses gets its
/// errors stored instead of a score.
/// </summary>
public sealed partial class SubjectScorer(
    RosterStore roster, SubmissionStore submissions, BallotStore ballots, ScoreStore scores, BucketScoringMarks marks, RatingAdapter rating, TimeProvider time,
    IOptions<PipelineOptions> options, ILogger<SubjectScorer> logger)
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

    /// <summary>
    /// Brings one bucket's stored scores up to date with its inputs. With <paramref name="incremental"/>, when the bucket was
    /// scored completely under the same rating date and scheme (<see cref="BucketScoringMarks"/>), only the organizations
    /// whose submissions or roster entry were stored since (less <see cref="PipelineOptions.WatermarkSkew"/>) are scored
    /// again. Otherwise the whole bucket is scored, and marked current as of its reading only when
    /// <paramref name="inputStepsClosed"/>: every input step had closed before the operation was queued (its messages
    /// wait the settle delay, so every self-assessment, ballot and review accepted is stored before the bucket is read,
    /// and none comes later — which is why ballots are not looked at for changes); any other scoring leaves the mark stale.
    /// </summary>
    public async Task RefreshBucketAsync(
        string campaignId, string schemeJson, int buckets, int bucket, DateOnly? asOf, bool incremental, bool inputStepsClosed, CancellationToken cancellationToken)
    {
        var scheme = SchemeHash(schemeJson);
        if (incremental && await marks.GetAsync(campaignId, bucket, cancellationToken) is { } mark && mark.Matches(asOf, scheme))
        {
            var clock = Stopwatch.StartNew();
            var since = mark.Watermark - options.Value.WatermarkSkew;
            var changed = new SortedSet<string>(await submissions.ListCodesChangedSinceAsync(campaignId, bucket, since, cancellationToken), StringComparer.Ordinal);
            changed.UnionWith(await roster.ListCodesChangedSinceAsync(campaignId, bucket, since, cancellationToken));
            if (changed.Count <= options.Value.MaxIncrementalRescores)
            {
                // Recorded before the scores change: a version prepared from the scores read before is then out of date
                // even if this stops halfway (PreparedPublications).
                if (changed.Count > 0) await marks.RecordRescoreAsync(campaignId, bucket, cancellationToken);
                foreach (var code in changed)
                {
                    if (await roster.GetAsync(campaignId, buckets, code, cancellationToken) is { } organization)
                    {
                        await ScoreOneAsync(campaignId, schemeJson, buckets, organization, asOf, cancellationToken);
                    }
                }

                LogBucketCurrent(logger, campaignId, bucket, changed.Count, clock.Elapsed.TotalMilliseconds);
                return;
            }
        }

        var start = await marks.StartAsync(campaignId, bucket, cancellationToken);
        await ScoreBucketAsync(campaignId, schemeJson, buckets, bucket, asOf, cancellationToken);
        if (inputStepsClosed) await marks.CompleteAsync(campaignId, start, asOf, scheme, cancellationToken);
        else await marks.MarkStaleAsync(campaignId, bucket, cancellationToken);
    }

    /// <summary>The scheme a bucket's scores were computed under, as the SHA-256 of its text.</summary>
    public static string SchemeHash(string schemeJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schemeJson)));

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} bucket {Bucket}: scores current since the last scoring, {Changed} organizations with newer inputs scored again ({Ms:F0} ms)")]
    private static partial void LogBucketCurrent(ILogger logger, string campaign, int bucket, int changed, double ms);

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
