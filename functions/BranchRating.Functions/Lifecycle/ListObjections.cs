using BranchRating.Contracts.Lifecycle;
using BranchRating.Storage.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Lifecycle;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/lifecycle/objections: the notice period and every objection with its state
/// (raised, upheld, dismissed) — objections are few, so one answer; the notice list of the dashboard.
/// </summary>
public static class ListObjections
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/lifecycle/objections", HandleAsync).WithName(nameof(ListObjections))
            .Produces<ObjectionListResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static Task<IResult> HandleAsync(string campaignId, NoticeService notices, LifecycleStore lifecycle, TimeProvider time, CancellationToken cancellationToken) =>
        LifecycleHttp.RunAsync(async () =>
        {
            await notices.CampaignAsync(campaignId, cancellationToken);
            var notice = await lifecycle.GetNoticeAsync(campaignId, cancellationToken);
            var objections = await lifecycle.GetObjectionsAsync(campaignId, cancellationToken);
            return (IResult)TypedResults.Ok(new ObjectionListResponse(
                campaignId,
                notice is null ? null : NoticeService.ToResponse(notice.Period, time.GetUtcNow()),
                objections.OrderByDescending(o => o.RaisedAt).Select(NoticeService.ToResponse).ToList()));
        });
}
