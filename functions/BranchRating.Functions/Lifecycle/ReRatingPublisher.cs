using System.Text.Json;
using System.Text.Json.Nodes;
using BranchRating.Contracts.Operations;
using BranchRating.Domain;
using BranchRating.Domain.Lifecycle;
using BranchRating.Domain.Results;
using BranchRating.Functions.Operations;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Lifecycle;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Results;
using BranchRating.Storage.Roster;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// Publishes level changes made after the rating as a new version — the re-rating of upheld objections and the
/// department's final adjustments, the year-end lowering across rounds. After the notice: the notice's version with
/// every upheld objection's and every final adjustment's level applied (in decision order, each recorded in the
/// result's <c>levelChanges</c> with rule <c>objection:&lt;id&gt;</c> or <c>final-determination:&lt;code&gt;</c>), rankings and distributions rebuilt from it, written under a new version and the
/// pointer flipped with its <c>results.published</c> event — readers switch to a consistent version at once. Built from
/// the notice's version each time, so running it again gives the same content.
/// </summary>
public sealed class ReRatingPublisher(
    CampaignStore campaigns, RosterStore roster, PublishedResultReader published, ResultStore results, Publications publications, OperationStore operations,
    LifecycleStore lifecycle, RatingAdapter rating, TimeProvider time, IOptions<PipelineOptions> options)
{
    /// <summary>
    /// Upheld objections and the department's final adjustments on the notice's version, applied in the order they were
    /// decided. The version published, or null when a newer version was already published.
    /// </summary>
    public async Task<long?> PublishAsync(CampaignSnapshot campaign, long noticeVersion, CancellationToken cancellationToken)
    {
        var levels = rating.Scheme(campaign.Campaign.SchemeJson).Levels;
        var upheld = (await lifecycle.GetObjectionsAsync(campaign.Campaign.Id, cancellationToken)).Where(o => o.State == ObjectionStates.Upheld && o.ToLevel is not null).ToList();
        var adjusted = (await lifecycle.GetDeterminationsAsync(campaign.Campaign.Id, cancellationToken)).Where(d => d.Action == DeterminationActions.Adjust).ToList();
        var pending = upheld.Select(o => new Pending(o.Code, o.DecidedAt ?? o.RaisedAt, o.ToLevel!.Value, (from, to) => ReRating.Change(from, to, o.Id, o.ReasonCode, o.DecisionReason ?? "", o.DecidedBy ?? "")))
            .Concat(adjusted.Select(d => new Pending(d.Code, d.At, d.ToLevel, (from, to) => from.Ordinal == to.Ordinal ? null : ReRating.Determination(from, to, d.Code, d.Reason, d.By))))
            .OrderBy(p => p.At).ToLookup(p => p.Code, StringComparer.Ordinal);
        var what = upheld.Select(o => $"objection {o.Id}").Concat(adjusted.Select(d => $"determination {d.Code}"));
        return await PublishChangesAsync(campaign, noticeVersion, (code, level, _) =>
        {
            var changes = new List<LevelChange>();
            foreach (var p in pending[code])
            {
                if (p.Make(level, levels.First(l => l.Ordinal == p.To)) is not { } change) continue;
                changes.Add(change);
                level = change.To;
            }

            return changes;
        }, $"Re-rating after the notice ({string.Join(", ", what)}) on version {noticeVersion}.", cancellationToken);
    }

    /// <summary>One level change decided after the notice: when, to which level, and how it is explained (null: no change).</summary>
    private sealed record Pending(string Code, DateTimeOffset At, int To, Func<Level, Level, LevelChange?> Make);

    /// <summary>
    /// Publishes <paramref name="baseVersion"/> with the level changes <paramref name="changesFor"/> gives each
    /// organization (from its level and the rules already in its result), applied in order, as a new version.
    /// </summary>
    public async Task<long?> PublishChangesAsync(
        CampaignSnapshot campaign, long baseVersion, Func<string, Level, IReadOnlySet<string>, IReadOnlyList<LevelChange>> changesFor, string detail, CancellationToken cancellationToken)
    {
        var c = campaign.Campaign;
        var levels = rating.Scheme(c.SchemeJson).Levels;
        var organizations = new Dictionary<string, OrganizationRecord>(StringComparer.Ordinal);
        for (var bucket = 0; bucket < c.Buckets; bucket++)
        {
            foreach (var o in await roster.ListBucketAsync(c.Id, bucket, cancellationToken)) organizations[o.Code] = o;
        }

        var ranked = new List<RankedSubject>();
        foreach (var r in await published.ListAsync(c.Id, baseVersion, c.Buckets, cancellationToken))
        {
            var json = JsonNode.Parse(r.ResultJson)!.AsObject();
            var level = levels.FirstOrDefault(l => l.Ordinal == r.LevelOrdinal) ?? new Level(r.LevelOrdinal, r.Level);
            foreach (var change in changesFor(r.Code, level, RulesApplied(json)))
            {
                (json["levelChanges"] as JsonArray ?? (JsonArray)(json["levelChanges"] = new JsonArray())).Add(JsonSerializer.SerializeToNode(change, RatingAdapter.Json));
                json["finalLevel"] = JsonSerializer.SerializeToNode(change.To, RatingAdapter.Json);
                level = change.To;
            }

            ranked.Add(new RankedSubject(r.Code, r.FinalTotal, level.Ordinal, level.Label, Ranks(json), json.ToJsonString(RatingAdapter.Json)));
        }

        var content = PublicationBuilder.Build(ranked, organizations, options.Value.RankingScopes, options.Value.DistributionScopes);
        var operation = await publications.CreateAsync(campaign, OperationKinds.ReRate, detail, cancellationToken);
        var version = operation.Version!.Value;
        await results.WriteVersionAsync(c.Id, version, c.Buckets, content, cancellationToken);
        var now = time.GetUtcNow();
        var flipped = await campaigns.TryPublishAsync(c.Id, version, operation.Id, now, PublicationEvents.ResultsPublished(c, version, PublicationSummary.Of(content), now), cancellationToken);
        await operations.UpdateAsync(c.Id, operation.Id, OperationStatuses.Completed, done: operation.Total,
            detail: flipped ? $"Published version {version}: {detail}" : $"Version {version} was written but a newer version is already published.",
            completedAt: now, cancellationToken: cancellationToken);
        return flipped ? version : null;
    }

    /// <summary>The rules of the level changes already in a published result (engine lowerings, caps, vetoes, quotas, later changes).</summary>
    public static IReadOnlySet<string> RulesApplied(string resultJson) => RulesApplied(JsonNode.Parse(resultJson)!.AsObject());

    private static HashSet<string> RulesApplied(JsonObject result) =>
        result["levelChanges"] is JsonArray existing
            ? existing.OfType<JsonObject>().Select(x => x["rule"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The engine's rank per scope, as the first publication took them from the result.</summary>
    private static Dictionary<string, int> Ranks(JsonObject result)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        if (result["ranks"] is not JsonArray array) return ranks;
        foreach (var entry in array.OfType<JsonObject>())
        {
            if (entry["scope"]?.GetValue<string>() is { } scope && entry["rank"] is { } rank) ranks.TryAdd(scope, rank.GetValue<int>());
        }

        return ranks;
    }
}
