using BranchRating.Contracts.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Lifecycle;

/// <summary>Routes of series (rounds and campaigns over the years) under <c>/api/v1/series/{seriesId}</c>.</summary>
public static class SeriesEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/series/{seriesId}");
        g.MapPut("/rounds/{year:int}/{round:int}", (string seriesId, int year, int round, RegisterRoundRequest request, SeriesService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.RegisterAsync(seriesId, year, round, request, ct)))).WithName("RegisterRound").Produces<RoundResponse>();
        g.MapPost("/rounds/{year:int}/{round:int}/year-end", (string seriesId, int year, int round, YearEndRequest request, SeriesService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.YearEndAsync(seriesId, year, round, request, ct)))).WithName("ApplyYearEndLowering").Produces<YearEndResponse>();
        g.MapGet("/rounds/{year:int}/{round:int}/figures", (string seriesId, int year, int round, SeriesService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.FiguresAsync(seriesId, year, round, ct)))).WithName("GetRoundFigures").Produces<FiguresResponse>();
        g.MapGet("/organizations/{code}/history", (string seriesId, string code, SeriesService s, CancellationToken ct) =>
            LifecycleHttp.RunAsync(async () => TypedResults.Ok(await s.HistoryAsync(seriesId, code, ct)))).WithName("GetRatingHistory").Produces<HistoryResponse>();
        return api;
    }
}
