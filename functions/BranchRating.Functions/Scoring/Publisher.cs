using System.Diagnostics;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Http;
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
/// A final close whose version was prepared at the last input close (<see cref="PrepareAsync"/>) and is still current
/// (<see cref="PreparedPublications"/>) flips the pointer to that version instead of ranking and writing again.
/// A redelivery that finds the pointer already flipped by its operation only completes the operation.
/// </summary>
public sealed partial class Publisher(
    ScoreStore scores, ResultStore results, CampaignStore campaigns, OperationStore operations, RatingAdapter rating, PreparedPublications prepared,
    TimeProvider time, IOptions<PipelineOptions> options, AuditTrail audit, ILogger<Publisher> logger)
{
    public async Task PublishAsync(CampaignSnapshot campaign, OperationRecord operation, CancellationToken cancellationToken)
    {
        var c = campaign.Campaign;
        if (campaign.Publication.OperationId == operation.Id && campaign.Publication.Version > 0)
        {
            // A redelivery after this operation flipped the pointer (the worker stopped before completing it): the
            // publication stands as it is; ranking again would publish a second version of the same close.
            await CompleteFlippedAsync(c, operation, campaign.Publication.Version, cancellationToken);
            return;
        }

        if (operation.Kind == OperationKinds.Publish && options.Value.PrepareAhead
            && await prepared.FindCurrentAsync(campaign, cancellationToken) is { } ready
            && await PublishPreparedAsync(c, operation, ready, cancellationToken))
        {
            await SettlePreparedAsync(c.Id, ready.Version, cancellationToken);
            return;
        }

        var clock = Stopwatch.StartNew();
        var run = await ComputeAsync(c, cancellationToken);
        var built = clock.Elapsed;
        var written = await results.WriteVersionAsync(c.Id, operation.Version!.Value, c.Buckets, run.Content, cancellationToken);
        var wrote = clock.Elapsed;
        var now = time.GetUtcNow();
        var flipped = await FlipAsync(c, operation.Version.Value, operation.Id, PublicationSummary.Of(run.Content), now, cancellationToken);
        var detail = (flipped ? $"Published version {operation.Version}: " : $"Version {operation.Version} was written but a newer version is already published: ")
            + $"{run.Rated} organizations rated" + (run.Refused > 0 ? $", {run.Refused} without a valid score (see their status)" : "") + $"; {written} rows written.";
        await operations.UpdateAsync(c.Id, operation.Id, OperationStatuses.Completed, done: operation.Total, detail: detail, completedAt: now, cancellationToken: cancellationToken);
        LogPublished(logger, c.Id, operation.Version.Value, run.Rated, run.ReadTime.TotalMilliseconds, (built - run.ReadTime).TotalMilliseconds, written,
            (wrote - built).TotalMilliseconds, (clock.Elapsed - wrote).TotalMilliseconds);
        if (flipped) await SettlePreparedAsync(c.Id, operation.Version.Value, cancellationToken);
    }

    /// <summary>
    /// After <paramref name="published"/> is published: the record of a prepared version up to it goes (it is published, or
    /// older than the published one and so never published), and so do the rows of a prepared version older than it, after
    /// the publication has completed (a failure here leaves rows nobody reads). A published version's rows are never deleted.
    /// </summary>
    private async Task SettlePreparedAsync(string campaignId, long published, CancellationToken cancellationToken)
    {
        if (await campaigns.GetPreparedAsync(campaignId, cancellationToken) is not { } p || p.Version > published) return;
        if (p.Version < published) await DiscardAsync(campaignId, p.Version, cancellationToken);
        await campaigns.ForgetPreparedAsync(campaignId, p.Version, cancellationToken);
    }

    private async Task CompleteFlippedAsync(CampaignRecord c, OperationRecord operation, long version, CancellationToken cancellationToken)
    {
        await operations.UpdateAsync(c.Id, operation.Id, OperationStatuses.Completed, done: operation.Total,
            detail: $"Published version {version} (completed on a redelivery: the publication had flipped before the worker stopped).",
            completedAt: time.GetUtcNow(), cancellationToken: cancellationToken, version: version);
        await SettlePreparedAsync(c.Id, version, cancellationToken);
    }

    public const string NotPreparedAfterFinalClose = "No version prepared: the final step had closed already (its publication ranks and writes).";

    /// <summary>
    /// Ranks and writes a version without publishing it, and records it as prepared when every bucket's scores were
    /// current before and after it read them; not when the final step has closed already (the publication is under way).
    /// Returns what it did, for the operation's detail.
    /// </summary>
    public async Task<string> PrepareAsync(CampaignSnapshot campaign, CancellationToken cancellationToken)
    {
        var c = campaign.Campaign;
        if (campaign.FinalStepClosed)
        {
            return NotPreparedAfterFinalClose;
        }

        if (await prepared.BasisAsync(campaign, cancellationToken) is not { } basis)
        {
            return "No version prepared: some bucket's scores are not current (the final close ranks and writes).";
        }

        var clock = Stopwatch.StartNew();
        var version = await campaigns.NextVersionAsync(c.Id, cancellationToken);
        var run = await ComputeAsync(c, cancellationToken);
        var built = clock.Elapsed;
        var written = await results.WriteVersionAsync(c.Id, version, c.Buckets, run.Content, cancellationToken);
        LogPrepared(logger, c.Id, version, run.Rated, run.ReadTime.TotalMilliseconds, (built - run.ReadTime).TotalMilliseconds, written, (clock.Elapsed - built).TotalMilliseconds);
        if (await prepared.BasisAsync(campaign, cancellationToken) != basis)
        {
            await DiscardAsync(c.Id, version, cancellationToken);
            return $"Version {version} written and deleted, not kept as prepared: scores changed while it was computed (the final close ranks and writes).";
        }

        var earlier = await campaigns.GetPreparedAsync(c.Id, cancellationToken);
        await campaigns.SavePreparedAsync(c.Id, new PreparedPublication(version, basis, PublicationSummary.Of(run.Content), time.GetUtcNow()), cancellationToken);
        if (earlier is not null && earlier.Version != version
            && await campaigns.GetAsync(c.Id, cancellationToken) is { FinalStepClosed: false })
        {
            // Replaced before any final close: that close reads the record, now this version, so the earlier one is never
            // published. (Once the final step has closed, its publication may have taken the earlier one: it stays.)
            await DiscardAsync(c.Id, earlier.Version, cancellationToken);
        }

        return $"Prepared version {version} ({run.Rated} organizations rated; {written} rows written), published at the final close if nothing changes before it.";
    }

    /// <summary>Deletes the rows of a version that will not be published; a storage failure is logged, not thrown (the rows are unread).</summary>
    private async Task DiscardAsync(string campaignId, long version, CancellationToken cancellationToken)
    {
        try
        {
            LogDiscarded(logger, campaignId, version, await results.DeleteVersionAsync(campaignId, version, cancellationToken));
        }
        catch (Azure.RequestFailedException e)
        {
            LogDiscardFailed(logger, e, campaignId, version);
        }
    }

    private async Task<bool> PublishPreparedAsync(CampaignRecord c, OperationRecord operation, PreparedPublication ready, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await FlipAsync(c, ready.Version, operation.Id, ready.Summary, now, cancellationToken)) return false; // a newer version came first: rank and write
        await operations.UpdateAsync(c.Id, operation.Id, OperationStatuses.Completed, done: operation.Total,
            detail: $"Published version {ready.Version}, prepared at {ShanghaiTime.Format(ready.PreparedAt)} when the input steps closed; nothing it was computed from has changed since: "
                + $"{ready.Summary.Organizations} organizations rated; 0 rows written.",
            completedAt: now, cancellationToken: cancellationToken, version: ready.Version);
        LogPublishedPrepared(logger, c.Id, ready.Version, ready.Summary.Organizations, operation.Version ?? 0);
        return true;
    }

    private async Task<bool> FlipAsync(CampaignRecord c, long version, string operationId, PublicationSummary summary, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var published = PublicationEvents.ResultsPublished(c, version, summary, now);
        var head = AuditTrail.IsValidChain(c.Id) ? await audit.HeadAsync(c.Id, cancellationToken) : null;
        return await campaigns.TryPublishAsync(c.Id, version, operationId, now, published,
            head is null ? null : new PublishedAuditHead(head.Sequence, head.Hash), cancellationToken);
    }

    private sealed record Run(PublicationContent Content, int Rated, int Refused, TimeSpan ReadTime);

    /// <summary>Reads every bucket's scores and ranks them into a publication's rows.</summary>
    private async Task<Run> ComputeAsync(CampaignRecord c, CancellationToken cancellationToken)
    {
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
        return new Run(content, ranked.Count, refused, read);
    }

    [LoggerMessage(LogLevel.Debug, "Campaign {Campaign} bucket {Bucket}: {Scores} scores read for ranking (started at {StartMs:F0} ms, query {QueryMs:F0} ms, parse {ParseMs:F0} ms)")]
    private static partial void LogBucketRead(ILogger logger, string campaign, int bucket, int scores, double startMs, double queryMs, double parseMs);

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} version {Version}: {Organizations} organizations ranked and published (read scores {ReadMs:F0} ms, rank {RankMs:F0} ms, write {Entities} entities {WriteMs:F0} ms, flip and complete {FlipMs:F0} ms)")]
    private static partial void LogPublished(ILogger logger, string campaign, long version, int organizations, double readMs, double rankMs, int entities, double writeMs, double flipMs);

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} version {Version}: {Organizations} organizations ranked and written ahead of the final close (read scores {ReadMs:F0} ms, rank {RankMs:F0} ms, write {Entities} entities {WriteMs:F0} ms)")]
    private static partial void LogPrepared(ILogger logger, string campaign, long version, int organizations, double readMs, double rankMs, int entities, double writeMs);

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign}: unpublished version {Version} deleted ({Rows} rows)")]
    private static partial void LogDiscarded(ILogger logger, string campaign, long version, int rows);

    [LoggerMessage(LogLevel.Warning, "Campaign {Campaign}: the rows of unpublished version {Version} could not be deleted; they stay, unread")]
    private static partial void LogDiscardFailed(ILogger logger, Exception exception, string campaign, long version);

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign}: prepared version {Version} ({Organizations} organizations) published by the final close (its own version {Allocated} is left unused)")]
    private static partial void LogPublishedPrepared(ILogger logger, string campaign, long version, int organizations, long allocated);
}
