using BranchRating.Contracts.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Http;

/// <summary>The responses every submission endpoint can give: 202 with a status URL, or problem details.</summary>
public static class SubmissionEndpointMetadata
{
    public static RouteHandlerBuilder ProducesSubmissionResponses(this RouteHandlerBuilder endpoint) =>
        endpoint
            .Produces<SubmissionAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
