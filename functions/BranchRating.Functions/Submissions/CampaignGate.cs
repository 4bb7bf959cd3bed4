using System.Collections.Concurrent;
using BranchRating.Domain.Schemes;
using BranchRating.Functions.Http;
using BranchRating.Functions.Scoring;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Roster;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// Decides whether a submission may be accepted now: the campaign exists, it has a step of the submission's kind,
/// that step is open (its scheduled opening instant has come) and its deadline (a UTC instant) has not passed, and the
/// organization is on the roster.
/// Campaign reads are cached for <see cref="PipelineOptions.CampaignCacheTtl"/>.
/// </summary>
public sealed class CampaignGate(CampaignStore campaigns, RosterStore roster, RatingAdapter rating, TimeProvider time, IOptions<PipelineOptions> options)
{
    /// <summary>The campaign's scheme (parsed once per scheme text), or null when the campaign does not exist.</summary>
    public async Task<Scheme?> SchemeAsync(string campaignId, CancellationToken cancellationToken) =>
        await GetCampaignAsync(campaignId, cancellationToken) is { } c ? rating.Scheme(c.Campaign.SchemeJson) : null;

    private readonly ConcurrentDictionary<string, (CampaignSnapshot Snapshot, DateTimeOffset ReadAt)> _cache = new();

    public async Task<CampaignSnapshot?> GetCampaignAsync(string campaignId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(campaignId, out var cached) && now - cached.ReadAt < options.Value.CampaignCacheTtl && now >= cached.ReadAt)
        {
            return cached.Snapshot;
        }

        var snapshot = await campaigns.GetAsync(campaignId, cancellationToken);
        if (snapshot is not null)
        {
            _cache[campaignId] = (snapshot, now);
        }

        return snapshot;
    }

    /// <summary>Null when accepted; otherwise the field and reason of the refusal and its status code.</summary>
    public async Task<GateResult> CheckAsync(string campaignId, string code, string stepKind, CancellationToken cancellationToken)
    {
        var snapshot = await GetCampaignAsync(campaignId, cancellationToken);
        if (snapshot is null)
        {
            return GateResult.Refuse(404, "campaignId", $"Campaign '{campaignId}' does not exist.");
        }

        var step = snapshot.Steps.FirstOrDefault(s => s.Kind == stepKind);
        if (step is null)
        {
            return GateResult.Refuse(422, "step", $"Campaign '{campaignId}' has no '{stepKind}' step, so it accepts no such submission.");
        }

        var now = time.GetUtcNow();
        if (step.State == StepRecord.Open && step.NotYetOpenAt(now))
        {
            return GateResult.Refuse(409, "step", $"The '{stepKind}' step opens at {ShanghaiTime.Format(step.OpensAt)}; submissions are not accepted before it.", "The step is not open yet.");
        }

        if (!step.IsOpenAt(now))
        {
            var closedAt = step.ClosedAt is { } c && c < step.Deadline ? c : step.Deadline;
            return GateResult.Refuse(409, "step", $"The '{stepKind}' step closed at {ShanghaiTime.Format(closedAt)}; submissions are no longer accepted.");
        }

        var organization = await OrganizationAsync(campaignId, snapshot.Campaign.Buckets, code, cancellationToken);
        if (organization is null)
        {
            return GateResult.Refuse(404, "organizationCode", $"Organization '{code}' is not on the roster of campaign '{campaignId}'.");
        }

        return new GateResult(snapshot, organization, now, null, null, 0);
    }

    private readonly ConcurrentDictionary<(string, string), (OrganizationRecord Organization, DateTimeOffset ReadAt)> _organizations = new();

    /// <summary>Roster entries are reused like campaigns (a re-import shows after the cache time); absent ones are always read.</summary>
    private async Task<OrganizationRecord?> OrganizationAsync(string campaignId, int buckets, string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_organizations.TryGetValue((campaignId, code), out var cached) && now - cached.ReadAt < options.Value.CampaignCacheTtl && now >= cached.ReadAt)
        {
            return cached.Organization;
        }

        var organization = await roster.GetAsync(campaignId, buckets, code, cancellationToken);
        if (organization is not null)
        {
            if (_organizations.Count > 200_000) _organizations.Clear();
            _organizations[(campaignId, code)] = (organization, now);
        }

        return organization;
    }

    /// <summary>True while a request that passed the gate at <paramref name="checkedAt"/> may still write (see SettleDelay).</summary>
    public bool StillInTime(DateTimeOffset checkedAt) => time.GetUtcNow() - checkedAt <= options.Value.MaxAcceptanceLatency;
}

public sealed record GateResult(CampaignSnapshot? Campaign, OrganizationRecord? Organization, DateTimeOffset CheckedAt, string? Field, string? Reason, int Status, string? Title = null)
{
    public bool Accepted => Reason is null;

    public static GateResult Refuse(int status, string field, string reason, string? title = null) => new(null, null, default, field, reason, status, title);

    public Microsoft.AspNetCore.Http.IResult ToProblem() => Status switch
    {
        404 => Problems.NotFound(Field!, Reason!),
        409 => Problems.Conflict(Field!, Reason!, Title ?? "The step is closed."),
        _ => Problems.Unprocessable(Field!, Reason!),
    };
}
