using System.Diagnostics;
using BranchRating.Contracts.Operations;
using BranchRating.Security.Audit;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Results;
using BranchRating.Storage.Roster;
using BranchRating.Storage.Scores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Scoring;

/// <summary>
/// Ranks every stored score of a campaign and publishes the run as a new version: results per organization,
/// rankings per scope value, level distribution per scope; then flips the publication pointer (ETag-conditional) and, in the same transaction, writes the
/// <c>results.published</c> event to the outbox (once per version). The same transaction records the campaign's audit chain head
/// (sequence and hash) as the version's anchor: history rewritten before it is detected by verification against the anchors.
/// Rewriting the same version after a crash writes the same rows (upserts), so a redelivered message is harmless.
/// </summary>
public sealed partial class Publisher(
    ScoreStore scores, ResultStore results, CampaignStore campaigns, OperationStore operations, RatingAdapter rating,
    TimeProvider time, IOptions<PipelineOptions> options, AuditTrail audit, ILogger<Publisher> logger)
{
    public async Task PublishAsync(CampaignSnapshot campaign, OperationRecord operation, CancellationToken cancellationToken)
    {
        var c = campaign.Campaign;
        var clock = Stopwatch.StartNew();
        // Every bucket's scores, read concurrently (one partition query per bucket) and parsed as each bucket arrives: each
        // score row carries the roster attributes it was scored under, written by a score-bucket stage.
        var buckets = await Task.WhenAll(Enumerable.Range(0, c.Buckets).Select(async bucket =>
        {
            var started = clock.Elapsed;
            var rows = await scores.ListBucketAsync(c.Id, bucket, cancellationToken);
            var listed = clock.Elapsed;
            var parsed = rows.Select(s => (Record: s, Score: s.ScoreJson is { } j ? RatingAdapter.ReadScore(j) : null)).ToList();
            LogBucketRead(logger, c.Id, bucket, rows.Count, started.TotalMilliseconds, (listed - started).TotalMilliseconds, (clock.Elapsed - listed).TotalMilliseconds);
            return parsed;
        }));
        var organizations = new Dictionary<string, OrganizationRecord>(StringComparer.Ordinal);
        var scored = new List<BranchRating.Domain.Results.SubjectScore>();
        var refused = 0;
        foreach (var (s, score) in buckets.SelectMany(b => b))
        {
            if (score is not null && s.Organization is { } o)
            {
                scored.Add(score);
                organizations[s.Code] = o;
            }
            else refused++;
        }

        var read = clock.Elapsed;
        var ranked = rating.Rank(c.SchemeJson, scored);
        var content = PublicationBuilder.Build(ranked, organizations, options.Value.RankingScopes, options.Value.DistributionScopes);
        var built = clock.Elapsed;
        var written = await results.WriteVersionAsync(c.Id, operation.Version!.Value, c.Buckets, content, cancellationToken);
        var wrote = clock.Elapsed;
        var now = time.GetUtcNow();
        var published = PublicationEvents.ResultsPublished(c, operation.Version.Value, content, now);
        var head = AuditTrail.IsValidChain(c.Id) ? await audit.HeadAsync(c.Id, cancellationToken) : null;
        var flipped = await campaigns.TryPublishAsync(c.Id, operation.Version.Value, operation.Id, now, published,
            head is null ? null : new PublishedAuditHead(head.Sequence, head.Hash), cancellationToken);
        var detail = (flipped ? $"Published version {operation.Version}: " : $"Version {operation.Version} was written but a newer version is already published: ")
            + $"{ranked.Count} organizations rated" + (refused > 0 ? $", {refused} without a valid score (see their status)" : "") + $"; {written} rows written.";
        await operations.UpdateAsync(c.Id, operation.Id, OperationStatuses.Completed, done: operation.Total, detail: detail, completedAt: now, cancellationToken: cancellationToken);
        LogPublished(logger, c.Id, operation.Version.Value, ranked.Count, read.TotalMilliseconds, (built - read).TotalMilliseconds, written,
            (wrote - built).TotalMilliseconds, (clock.Elapsed - wrote).TotalMilliseconds);
    }

    [LoggerMessage(LogLevel.Debug, "Campaign {Campaign} bucket {Bucket}: {Scores} scores read for ranking (started at {StartMs:F0} ms, query {QueryMs:F0} ms, parse {ParseMs:F0} ms)")]
    private static partial void LogBucketRead(ILogger logger, string campaign, int bucket, int scores, double startMs, double queryMs, double parseMs);

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} version {Version}: {Organizations} organizations ranked and published (read scores {ReadMs:F0} ms, rank {RankMs:F0} ms, write {Entities} entities {WriteMs:F0} ms, flip and complete {FlipMs:F0} ms)")]
    private static partial void LogPublished(ILogger logger, string campaign, long version, int organizations, double readMs, double rankMs, int entities, double writeMs, double flipMs);
}
