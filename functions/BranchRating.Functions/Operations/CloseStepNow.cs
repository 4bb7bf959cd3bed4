using BranchRating.Contracts.Operations;
using BranchRating.Functions.Http;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Operations;

/// <summary>POST /api/v1/campaigns/{campaignId}/operations/close-step: the department closes a step before its deadline; 202 + status URL.</summary>
public static class CloseStepNow
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/operations/close-step", HandleAsync).WithName(nameof(CloseStepNow))
        .Produces<BranchRating.Contracts.Operations.OperationResponse>(202)
        .ProducesValidationProblem()
        .ProducesProblem(404)
        .ProducesProblem(409);

    public static async Task<IResult> HandleAsync(string campaignId, CloseStepRequest request, CampaignStore campaigns, Publications publications, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var step = campaign.Steps.FirstOrDefault(s => s.Kind == request.Step);
        if (step is null) return Problems.Invalid("step", $"The campaign's steps are: {string.Join(", ", campaign.Steps.Select(s => s.Kind))}.");
        if (step.State == StepRecord.Closed) return Problems.Conflict("step", $"The '{step.Kind}' step is already closed.");

        var (closed, operation) = await publications.CloseAsync(campaign, step, "closed early by the department", cancellationToken);
        return closed && operation is not null
            ? TypedResults.Accepted(Publications.StatusUrl(campaignId, operation.Id), OperationMapping.ToResponse(operation))
            : Problems.Conflict("step", $"The '{step.Kind}' step was closed concurrently.");
    }
}
