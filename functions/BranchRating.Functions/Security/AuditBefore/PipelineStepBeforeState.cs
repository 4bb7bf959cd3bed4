using BranchRating.Contracts.Operations;
using BranchRating.Storage.Campaigns;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>Closing a step now (pipeline operation): the step named in the body as stored (deadline, state, closing instant).</summary>
public sealed class PipelineStepBeforeState(CampaignStore campaigns) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(arguments);
        var campaignId = AuditBeforeStates.Route(http, "campaignId");
        var kind = arguments.OfType<CloseStepRequest>().FirstOrDefault()?.Step;
        if (campaignId is null || kind is null || await campaigns.GetAsync(campaignId, cancellationToken) is not { } campaign
            || campaign.Steps.FirstOrDefault(s => s.Kind == kind) is not { } step)
        {
            return new(kind, null);
        }

        return new(step.Kind, new { kind = step.Kind, order = step.Order, final = step.Final, deadline = step.Deadline, state = step.State, closedAt = step.ClosedAt });
    }
}
