using BranchRating.Functions.Lifecycle;
using BranchRating.Storage.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>An objection decision: the objection's state and the organization's level before it (not the objection text).</summary>
public sealed class ObjectionDecisionBeforeState(LifecycleStore lifecycle, NoticeService notices) : IAuditBeforeState
{
    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (campaignId, id) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "objectionId"));
        if (campaignId is null || id is null
            || (await lifecycle.GetObjectionsAsync(campaignId, cancellationToken)).FirstOrDefault(o => o.Id == id) is not { } objection)
        {
            return new("objection", null);
        }

        return new("objection", new
        {
            objection = new { objection.Id, objection.Code, objection.State, objection.FromLevel, objection.ToLevel, objection.DecidedBy, objection.DecidedAt },
            result = await DeterminationBeforeState.LevelAsync(notices, campaignId, objection.Code, cancellationToken),
        });
    }
}
