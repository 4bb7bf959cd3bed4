using BranchRating.Storage.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>Closing a rectification: the notice as stored (reasons, problems, deadline, who issued it, and any closure already recorded).</summary>
public sealed class RectificationBeforeState(LifecycleStore lifecycle) : IAuditBeforeState
{
    public const string Step = "rectification";

    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (campaignId, code) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "code"));
        if (campaignId is null || code is null
            || (await lifecycle.GetRectificationsAsync(campaignId, cancellationToken)).FirstOrDefault(r => r.Code == code) is not { } r)
        {
            return new(Step, null);
        }

        return new(Step, new
        {
            code = r.Code, name = r.Name, reasons = r.Reasons, problems = r.Problems, deadline = r.Deadline, issuedBy = r.IssuedBy, issuedAt = r.IssuedAt,
            closedBy = r.ClosedBy, closedAt = r.ClosedAt, closureNote = r.ClosureNote,
        });
    }
}
