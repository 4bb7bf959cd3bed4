using BranchRating.Contracts;
using BranchRating.Contracts.Operations;
using BranchRating.Functions.Http;
using BranchRating.Storage.Operations;
using BranchRating.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Operations;

/// <summary>
/// POST /api/v1/operations/replay-poison?queue=submissions: moves the messages of <c>&lt;queue&gt;-poison</c> back to their
/// queue (after the cause was fixed); 202 + status URL of the operation, recorded under the pseudo-campaign <c>_system</c>.
/// </summary>
public static class ReplayPoison
{
    public const string SystemPartition = "_system";

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) => api.MapPost("/operations/replay-poison", HandleAsync).WithName(nameof(ReplayPoison))
        .Produces<BranchRating.Contracts.Operations.OperationResponse>(202)
        .ProducesValidationProblem();

    public static async Task<IResult> HandleAsync(string? queue, PoisonQueue poison, OperationStore operations, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = queue ?? StorageNames.Queues.Submissions;
        if (!StorageNames.Queues.All.Contains(name)) return Problems.Invalid("queue", $"One of: {string.Join(", ", StorageNames.Queues.All)}.");
        var started = time.GetUtcNow();
        var replayed = await poison.ReplayAsync(name, cancellationToken: cancellationToken);
        var operation = new OperationRecord(SystemPartition, Guid.NewGuid().ToString("N"), OperationKinds.ReplayPoison, OperationStatuses.Completed, replayed, replayed, null,
            $"Moved {replayed} message(s) from '{StorageNames.Queues.Poison(name)}' back to '{name}'.", started, time.GetUtcNow());
        await operations.CreateAsync(operation, cancellationToken);
        return TypedResults.Accepted(Publications.StatusUrl(SystemPartition, operation.Id), OperationMapping.ToResponse(operation));
    }
}
