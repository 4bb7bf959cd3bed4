using BranchRating.Contracts.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// HTTP routes of the lifecycle under <c>/api/v1/campaigns/{campaignId}/lifecycle</c>: schedule, early close,
/// extension, missing reports, public notice, objections and their decisions, final determinations, results.
/// </summary>
public static class LifecycleEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/campaigns/{campaignId}/lifecycle");
        g.MapPut("/schedule", (string campaignId, ScheduleRequest request, ScheduleService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.SetAsync(campaignId, request, ct)))).WithName("SetLifecycleSchedule").Produces<LifecycleResponse>();
        g.MapGet("", (string campaignId, ScheduleService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.GetAsync(campaignId, ct)))).WithName("GetLifecycle").Produces<LifecycleResponse>();
        g.MapPost("/steps/{step}/close", (string campaignId, string step, StepActionRequest request, ScheduleService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.CloseEarlyAsync(campaignId, step, request, ct)))).WithName("CloseStepEarly").Produces<LifecycleResponse>();
        g.MapPost("/steps/{step}/extend", (string campaignId, string step, StepActionRequest request, ScheduleService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.ExtendAsync(campaignId, step, request, ct)))).WithName("ExtendStep").Produces<LifecycleResponse>();
        g.MapGet("/steps/{step}/missing", (string campaignId, string step, ScheduleService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.MissingAsync(campaignId, step, ct)))).WithName("GetMissingReport").Produces<MissingReportResponse>();

        g.MapPost("/notice", (string campaignId, StartNoticeRequest request, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Created($"/api/v1/campaigns/{campaignId}/lifecycle/notice", await n.StartAsync(campaignId, request, ct)))).WithName("StartNotice").Produces<NoticeResponse>(StatusCodes.Status201Created);
        g.MapPost("/objections", (string campaignId, ObjectionRequest request, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () =>
            {
                var (objection, created) = await n.RaiseAsync(campaignId, request, ct);
                return created ? TypedResults.Created($"/api/v1/campaigns/{campaignId}/lifecycle/objections/{objection.Id}", objection) : TypedResults.Ok(objection);
            })).WithName("RaiseObjection").Produces<ObjectionResponse>().Produces<ObjectionResponse>(StatusCodes.Status201Created);
        g.MapPost("/objections/{objectionId}/decision", (string campaignId, string objectionId, ObjectionDecisionRequest request, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await n.DecideAsync(campaignId, objectionId, request, ct)))).WithName("DecideObjection").Produces<ObjectionResponse>();
        g.MapPost("/determinations/{code}", (string campaignId, string code, DeterminationRequest request, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await n.DetermineAsync(campaignId, code, request, ct)))).WithName("DetermineResult").Produces<LifecycleResultResponse>();
        g.MapGet("/results", (string campaignId, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await n.ResultsAsync(await n.CampaignAsync(campaignId, ct), null, ct)))).WithName("ListLifecycleResults").Produces<LifecycleResultListResponse>();
        g.MapGet("/results/{code}", (string campaignId, string code, NoticeService n, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await n.ResultAsync(await n.CampaignAsync(campaignId, ct), code, ct)))).WithName("GetLifecycleResult").Produces<LifecycleResultResponse>();
        return api;
    }
}
