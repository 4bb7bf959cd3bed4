using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>
/// Reads, before a change endpoint's handler runs, the stored state the change will replace, for the audit record's
/// "before" (never secrets or ballot tokens). Registered as a keyed service per endpoint name; an endpoint without one
/// records <c>before: null</c>.
/// </summary>
public interface IAuditBeforeState
{
    /// <summary>
    /// The state before the change (serialised as JSON by the caller; null when there is none) and the campaign step it concerns,
    /// if any. <paramref name="arguments"/> are the handler's bound arguments (the request body where the target is named there).
    /// </summary>
    Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken);
}

/// <summary>What an <see cref="IAuditBeforeState"/> found: the step concerned (null when none) and the previous state (null when none).</summary>
public sealed record AuditBeforeState(string? Step, object? State);

public static class AuditBeforeStates
{
    /// <summary>Registers the before-state lookups of the pipeline, lifecycle and subscription endpoints, keyed by endpoint name.</summary>
    public static IServiceCollection AddAuditBeforeStates(this IServiceCollection services)
    {
        services.AddKeyedSingleton<IAuditBeforeState, SelfAssessmentBeforeState>("SaveSelfAssessmentDraft");
        services.AddKeyedSingleton<IAuditBeforeState, SelfAssessmentBeforeState>("SubmitSelfAssessment");
        services.AddKeyedSingleton<IAuditBeforeState, SuperiorReviewBeforeState>("SubmitSuperiorReview");
        services.AddKeyedSingleton<IAuditBeforeState, DeterminationBeforeState>("DetermineResult");
        services.AddKeyedSingleton<IAuditBeforeState, ObjectionDecisionBeforeState>("DecideObjection");
        services.AddKeyedSingleton<IAuditBeforeState, StepTimelineBeforeState>("ExtendStep");
        services.AddKeyedSingleton<IAuditBeforeState, StepTimelineBeforeState>("CloseStepEarly");
        services.AddKeyedSingleton<IAuditBeforeState, SubscriptionBeforeState>("DeleteSubscription");
        services.AddKeyedSingleton<IAuditBeforeState, AdjustmentBeforeState>("RecordAdjustment");
        services.AddKeyedSingleton<IAuditBeforeState, ScheduleBeforeState>("SetLifecycleSchedule");
        services.AddKeyedSingleton<IAuditBeforeState, PipelineStepBeforeState>("CloseStepNow");
        services.AddKeyedSingleton<IAuditBeforeState, RectificationBeforeState>("CloseRectification");
        return services;
    }

    internal static string? Route(HttpContext http, string name) => http.Request.RouteValues[name]?.ToString();

    /// <summary>The campaign and organization code an organization route names; null when either is missing or the campaign is unknown.</summary>
    internal static async Task<(CampaignSnapshot Campaign, string Code)?> OrganizationAsync(HttpContext http, CampaignStore campaigns, CancellationToken cancellationToken)
    {
        var (campaignId, code) = (Route(http, "campaignId"), Route(http, "code"));
        return campaignId is null || code is null || await campaigns.GetAsync(campaignId, cancellationToken) is not { } campaign ? null : (campaign, code);
    }
}
