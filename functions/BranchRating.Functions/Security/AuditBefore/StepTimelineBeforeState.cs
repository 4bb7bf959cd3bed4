using BranchRating.Functions.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>Extending or closing a step: the step's timeline (deadlines, state) before it.</summary>
public sealed class StepTimelineBeforeState(ScheduleService schedule) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (campaignId, step) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "step"));
        if (campaignId is null || step is null)
        {
            return new(step, null);
        }

        try
        {
            return new(step, (await schedule.GetAsync(campaignId, cancellationToken)).Steps.FirstOrDefault(s => s.Kind == step));
        }
        catch (LifecycleProblem)
        {
            return new(step, null);
        }
    }
}
