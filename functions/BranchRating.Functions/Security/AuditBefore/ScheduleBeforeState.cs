using BranchRating.Functions.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>Setting the lifecycle schedule: every step's timeline as it was (null when no schedule was set yet).</summary>
public sealed class ScheduleBeforeState(ScheduleService schedule) : IAuditBeforeState
{
    public const string Step = "schedule";

    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var campaignId = AuditBeforeStates.Route(http, "campaignId");
        if (campaignId is null)
        {
            return new(Step, null);
        }

        try
        {
            var steps = (await schedule.GetAsync(campaignId, cancellationToken)).Steps;
            return new(Step, steps.Count == 0 ? null : new { steps });
        }
        catch (LifecycleProblem)
        {
            return new(Step, null);
        }
    }
}
