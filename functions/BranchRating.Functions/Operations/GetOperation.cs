using BranchRating.Functions.Http;
using BranchRating.Storage.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Operations;

/// <summary>GET /api/v1/campaigns/{campaignId}/operations/{operationId}: progress (done/total parts) and completion of long work.</summary>
public static class GetOperation
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/operations/{operationId}", HandleAsync).WithName(nameof(GetOperation))
        .Produces<BranchRating.Contracts.Operations.OperationResponse>(200)
        .ProducesProblem(404);

    public static async Task<IResult> HandleAsync(string campaignId, string operationId, OperationStore operations, CancellationToken cancellationToken)
    {
        var operation = await operations.GetAsync(campaignId, operationId, cancellationToken);
        return operation is null
            ? Problems.NotFound("operationId", $"Operation '{operationId}' of campaign '{campaignId}' does not exist.")
            : TypedResults.Ok(OperationMapping.ToResponse(operation));
    }
}
