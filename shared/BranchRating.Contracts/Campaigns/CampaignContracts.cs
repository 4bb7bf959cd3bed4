using System.Text.Json;

namespace BranchRating.Contracts.Campaigns;

/// <summary>v1: create a campaign from a preset (<see cref="PresetId"/>) or an uploaded scheme (<see cref="Scheme"/>).</summary>
public sealed record CreateCampaignRequest
{
    /// <summary>Optional id (lower-case letters, digits, '-'); generated when absent.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? PresetId { get; init; }

    /// <summary>A whole scheme document, validated by the engine's scheme loader.</summary>
    public JsonElement? Scheme { get; init; }

    /// <summary>The procedure's steps in order; the last one is the final step (its close publishes results).</summary>
    public IReadOnlyList<StepRequest>? Steps { get; init; }

    /// <summary>
    /// Optional: the organization department owning the campaign, as an organization path (e.g. <c>/ROOT/C01/X12</c>);
    /// it must lie within the caller's administrator grant. Absent: the roster root when the caller administers it,
    /// else the caller's own administrator scope.
    /// </summary>
    public string? Scope { get; init; }
}

/// <summary>One step; <see cref="Deadline"/> is an instant with an offset, e.g. <c>2026-06-05T18:00:00+08:00</c>.</summary>
public sealed record StepRequest(string? Kind = null, DateTimeOffset? Deadline = null);

public sealed record CampaignResponse(
    string Id,
    string Name,
    string SchemeId,
    string SchemeVersion,
    string SchemeName,
    DateTimeOffset CreatedAt,
    IReadOnlyList<StepResponse> Steps,
    long? PublishedVersion,
    string Links);

/// <summary>A step: its deadline as a UTC instant and as shown in Asia/Shanghai (<c>2026-06-05T18:00+08:00</c>).</summary>
public sealed record StepResponse(
    string Kind,
    int Order,
    bool Final,
    DateTimeOffset Deadline,
    string DeadlineShanghai,
    string State,
    DateTimeOffset? ClosedAt,
    string? ClosedShanghai);

public sealed record CampaignListResponse(IReadOnlyList<CampaignResponse> Items, string? ContinuationToken);

/// <summary>The step kinds a submission belongs to. A campaign lists the ones it uses.</summary>
public static class StepKinds
{
    public const string SelfAssessment = "self-assessment";
    public const string Appraisal = "appraisal";
    public const string SuperiorReview = "superior-review";
    public const string Determination = "determination";

    public static readonly IReadOnlyList<string> All = [SelfAssessment, Appraisal, SuperiorReview, Determination];
}
