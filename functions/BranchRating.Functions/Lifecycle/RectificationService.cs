using System.Text.Json;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Functions.Http;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Lifecycle;
using BranchRating.Storage.Roster;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// Rectification notices (限期整改, 000 §三㈣2; 全面整顿 of the bottom share, 篇五 2): issued to every organization the
/// engine flagged <c>rectification:&lt;rule&gt;</c> (the scheme's bottom share of the lowest levels) and to every
/// downgraded organization, with a deadline and the problems found; the closure is recorded.
/// </summary>
public sealed class RectificationService(
    NoticeService notices, LifecycleStore lifecycle, PublishedResultReader results, SeriesService series, RosterStore roster, TimeProvider time, IOptions<LifecycleOptions> options)
{
    public async Task<IReadOnlyList<RectificationResponse>> IssueAsync(string campaignId, IssueRectificationsRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var now = time.GetUtcNow();
        if (request.Deadline is not { } deadline || deadline <= now) throw LifecycleProblem.Invalid("deadline", "Required: the rectification deadline, a future instant with its offset.");
        var campaign = await notices.CampaignAsync(campaignId, cancellationToken);
        var view = await notices.ResultsAsync(campaign, null, cancellationToken);
        var published = (await results.ListAsync(campaignId, view.Version, campaign.Campaign.Buckets, cancellationToken)).ToDictionary(r => r.Code, StringComparer.Ordinal);
        var previous = request.SeriesId is { Length: > 0 } s ? await series.PreviousLevelsAsync(s, campaignId, cancellationToken) : new Dictionary<string, int>();
        foreach (var item in view.Items)
        {
            var reasons = new List<string>();
            var problems = new List<string>();
            if (published.TryGetValue(item.Code, out var p))
            {
                using var doc = JsonDocument.Parse(p.ResultJson);
                if (doc.RootElement.TryGetProperty("flags", out var flags))
                {
                    reasons.AddRange(flags.EnumerateArray().Select(f => f.GetString()!).Where(f => f.StartsWith("rectification:", StringComparison.Ordinal)));
                }

                if (doc.RootElement.TryGetProperty("levelChanges", out var changes))
                {
                    problems.AddRange(changes.EnumerateArray().Select(c => c.TryGetProperty("reason", out var r) ? r.GetString() : null).OfType<string>());
                }
            }

            if (item.LevelOrdinal < item.PublishedLevelOrdinal)
            {
                reasons.Add($"downgraded {item.PublishedLevel} → {item.Level}");
                problems.AddRange(item.Changes.Select(c => c.Reason));
            }

            if (previous.TryGetValue(item.Code, out var before) && item.LevelOrdinal < before)
            {
                reasons.Add($"downgraded from level {before} in the previous round to {item.Level}");
            }

            if (reasons.Count == 0) continue;
            var stated = request.Problems?.GetValueOrDefault(item.Code);
            var text = !string.IsNullOrWhiteSpace(stated) ? stated.Trim() : problems.Count > 0 ? string.Join("; ", problems.Distinct()) : string.Join("; ", reasons);
            var organization = await roster.GetAsync(campaignId, campaign.Campaign.Buckets, item.Code, cancellationToken);
            var record = new RectificationRecord(campaignId, item.Code, item.Name, reasons, text, deadline.ToUniversalTime(), by, now, null, null, null, default);
            var evt = LifecycleEvents.Make(campaign.Campaign, $"{campaignId}.rectification.{item.Code}", NotificationEventTypes.RectificationIssued, item.Code, now,
                LifecycleEvents.PathOf(organization?.Path), new() { OrganizationId = item.Code, OrganizationName = item.Name, Deadline = deadline, Detail = text, Items = reasons });
            await lifecycle.AddRectificationAsync(record, evt, cancellationToken); // false: already issued, kept as it was
        }

        return await ListAsync(campaignId, cancellationToken);
    }

    public async Task<IReadOnlyList<RectificationResponse>> ListAsync(string campaignId, CancellationToken cancellationToken)
    {
        await notices.CampaignAsync(campaignId, cancellationToken);
        var now = time.GetUtcNow();
        return (await lifecycle.GetRectificationsAsync(campaignId, cancellationToken)).OrderBy(r => r.Code, StringComparer.Ordinal).Select(r => ToResponse(r, now)).ToList();
    }

    public async Task<RectificationResponse> CloseAsync(string campaignId, string code, CloseRectificationRequest request, CancellationToken cancellationToken)
    {
        var by = LifecycleHttp.Department(request.By, options);
        var note = LifecycleHttp.Reason(request.Note, "note");
        var record = (await lifecycle.GetRectificationsAsync(campaignId, cancellationToken)).FirstOrDefault(r => r.Code == code)
            ?? throw LifecycleProblem.NotFound("code", $"Organization '{code}' has no rectification notice in campaign '{campaignId}'.");
        if (record.ClosedAt is not null) throw LifecycleProblem.Conflict("code", $"The rectification of '{code}' was closed on {ShanghaiTime.Format(record.ClosedAt.Value)}.");
        var now = time.GetUtcNow();
        if (!await lifecycle.CloseRectificationAsync(record, by, now, note, cancellationToken)) throw LifecycleProblem.Conflict("code", "The rectification was closed concurrently.");
        return ToResponse(record with { ClosedBy = by, ClosedAt = now, ClosureNote = note }, now);
    }

    private static RectificationResponse ToResponse(RectificationRecord r, DateTimeOffset now) =>
        new(r.Code, r.Name, r.Reasons, r.Problems, r.Deadline, ShanghaiTime.Format(r.Deadline), r.IssuedBy, r.IssuedAt, r.ClosedBy, r.ClosedAt, r.ClosureNote,
            r.ClosedAt is null ? now > r.Deadline : r.ClosedAt > r.Deadline);
}
