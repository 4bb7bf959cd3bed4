using BranchRating.Security.Authorization;
using BranchRating.Security.Input;

namespace BranchRating.Functions.Security;

/// <summary>Where a pipeline endpoint finds the organization it acts on.</summary>
public enum PipelineScope
{
    /// <summary>Any valid token (reading campaign headers, polling an operation).</summary>
    AnyCaller,

    /// <summary>No bearer token: the anonymous ballot, whose single-use ballot token is the credential.</summary>
    Anonymous,

    /// <summary>The roster root (replaying the poison queue, series rounds).</summary>
    Root,

    /// <summary>The department that will own a new campaign: the body's <c>scope</c> or the caller's administrator scope (<see cref="CampaignOwnerScope"/>).</summary>
    NewCampaign,

    /// <summary>The department owning the campaign in route value <c>campaignId</c>.</summary>
    Campaign,

    /// <summary>The organization with roster code <c>code</c> in campaign <c>campaignId</c>.</summary>
    Organization,

    /// <summary>The webhook subscription's scope under the roster root (<see cref="SubscriptionScope"/>).</summary>
    Subscription,

    /// <summary>The organization objected to, by the objection in route value <c>objectionId</c> (<see cref="ObjectionScope"/>).</summary>
    Objection,
}

/// <summary>What one endpoint needs; <see cref="MaxBodyBytes"/> overrides <c>RequestLimits:MaxBodyBytes</c>.</summary>
public sealed record PipelineEndpointRule(PipelineScope Scope, Permission? Permission = null, string? RateLimit = null, long? MaxBodyBytes = null);

/// <summary>
/// What each campaign-pipeline, lifecycle and webhook-subscription HTTP function needs, by endpoint name, in one table: the pipeline's handlers stay
/// free of security code, and an endpoint missing from this table is refused to everyone (fail closed; a test lists
/// the host's endpoints against it).
/// </summary>
public static class PipelineEndpointPermissions
{
    public static readonly IReadOnlyDictionary<string, PipelineEndpointRule> Rules = new Dictionary<string, PipelineEndpointRule>(StringComparer.Ordinal)
    {
        ["CreateCampaign"] = new(PipelineScope.NewCampaign, Permission.ManageCampaign, RatingRateLimits.Submissions),
        ["ListCampaigns"] = new(PipelineScope.AnyCaller),
        ["GetCampaign"] = new(PipelineScope.AnyCaller),
        ["ImportRoster"] = new(PipelineScope.Campaign, Permission.ImportRoster, RatingRateLimits.Submissions, MaxBodyBytes: 16 * 1024 * 1024),
        ["IssueBallotTokens"] = new(PipelineScope.Campaign, Permission.IssueBallotTokens, RatingRateLimits.Submissions),
        ["SaveSelfAssessmentDraft"] = new(PipelineScope.Organization, Permission.SubmitSelfAssessment, RatingRateLimits.Submissions),
        ["SubmitSelfAssessment"] = new(PipelineScope.Organization, Permission.SubmitSelfAssessment, RatingRateLimits.Submissions),
        ["GetSelfAssessment"] = new(PipelineScope.Organization, Permission.ReadSubmissions),
        ["SubmitSuperiorReview"] = new(PipelineScope.Organization, Permission.SubmitReview, RatingRateLimits.Submissions),
        ["RecordAdjustment"] = new(PipelineScope.Organization, Permission.RecordAdjustment, RatingRateLimits.Submissions),
        ["GetSubjectStatus"] = new(PipelineScope.Organization, Permission.ReadSubmissions),
        ["GetProgress"] = new(PipelineScope.Campaign, Permission.ReadResults),
        ["CastBallots"] = new(PipelineScope.Anonymous, RateLimit: RatingRateLimits.Ballots),
        ["CloseStepNow"] = new(PipelineScope.Campaign, Permission.CloseStep),
        ["Recompute"] = new(PipelineScope.Campaign, Permission.RunOperations),
        ["ReplayPoison"] = new(PipelineScope.Root, Permission.RunOperations),
        ["GetOperation"] = new(PipelineScope.AnyCaller),
        ["GetOrganizationResult"] = new(PipelineScope.Organization, Permission.ReadResults),
        ["GetRanking"] = new(PipelineScope.Campaign, Permission.ReadResults),
        ["GetDistribution"] = new(PipelineScope.Campaign, Permission.ReadResults),

        // Lifecycle (MapLifecycleFunctions): schedule, notice, objections, determinations, rectifications, ledger, series.
        ["SetLifecycleSchedule"] = new(PipelineScope.Campaign, Permission.CloseStep, RatingRateLimits.Submissions),
        ["GetLifecycle"] = new(PipelineScope.AnyCaller),
        ["CloseStepEarly"] = new(PipelineScope.Campaign, Permission.CloseStep, RatingRateLimits.Submissions),
        ["ExtendStep"] = new(PipelineScope.Campaign, Permission.CloseStep, RatingRateLimits.Submissions),
        ["GetMissingReport"] = new(PipelineScope.Campaign, Permission.ReadSubmissions),
        ["StartNotice"] = new(PipelineScope.Campaign, Permission.DetermineRating, RatingRateLimits.Submissions),
        ["RaiseObjection"] = new(PipelineScope.Anonymous, RateLimit: RatingRateLimits.Ballots),
        ["DecideObjection"] = new(PipelineScope.Objection, Permission.DecideObjection, RatingRateLimits.Submissions),
        ["DetermineResult"] = new(PipelineScope.Organization, Permission.DetermineRating, RatingRateLimits.Submissions),
        ["ListObjections"] = new(PipelineScope.Campaign, Permission.ReadResults),
        ["ListLifecycleResults"] = new(PipelineScope.Campaign, Permission.ReadResults),
        ["GetLifecycleResult"] = new(PipelineScope.Organization, Permission.ReadResults),
        ["GetLedger"] = new(PipelineScope.Campaign, Permission.ReadResults),
        ["IssueRectifications"] = new(PipelineScope.Campaign, Permission.DetermineRating, RatingRateLimits.Submissions),
        ["ListRectifications"] = new(PipelineScope.Campaign, Permission.ReadSubmissions),
        ["CloseRectification"] = new(PipelineScope.Organization, Permission.ReplyRectification, RatingRateLimits.Submissions),
        ["ImportRosterXlsx"] = new(PipelineScope.Campaign, Permission.ImportRoster, RatingRateLimits.Submissions, MaxBodyBytes: Lifecycle.ImportRosterXlsx.MaxBytes),
        ["RegisterRound"] = new(PipelineScope.Root, Permission.ManageCampaign, RatingRateLimits.Submissions),
        ["ApplyYearEndLowering"] = new(PipelineScope.Root, Permission.DetermineRating, RatingRateLimits.Submissions),
        ["GetRoundFigures"] = new(PipelineScope.Root, Permission.ReadResults),
        ["GetRatingHistory"] = new(PipelineScope.Root, Permission.ReadResults),

        // Webhook subscriptions (MapNotificationFunctions): the administrator of the subscription's scope.
        ["CreateSubscription"] = new(PipelineScope.Subscription, Permission.ManageCampaign, RatingRateLimits.Submissions),
        ["ListSubscriptions"] = new(PipelineScope.Subscription, Permission.ManageCampaign),
        ["GetSubscription"] = new(PipelineScope.Subscription, Permission.ManageCampaign),
        ["DeleteSubscription"] = new(PipelineScope.Subscription, Permission.ManageCampaign, RatingRateLimits.Submissions),
        ["ListDeliveryLog"] = new(PipelineScope.Subscription, Permission.ManageCampaign),
        ["GetDelivery"] = new(PipelineScope.Subscription, Permission.ManageCampaign),
        ["RedeliverDelivery"] = new(PipelineScope.Subscription, Permission.ManageCampaign, RatingRateLimits.Submissions),
        ["ListDeadLetters"] = new(PipelineScope.Subscription, Permission.ManageCampaign),
        ["PingSubscription"] = new(PipelineScope.Subscription, Permission.ManageCampaign, RatingRateLimits.Submissions),
    };
}
