using BranchRating.Functions.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security.AuditBefore;

/// <summary>A final determination: the organization's level (and status) before it.</summary>
public sealed class DeterminationBeforeState(NoticeService notices) : IAuditBeforeState
{
    public const string Step = "determination";

    public async Task<AuditBeforeState> ReadAsync(HttpContext http, IList<object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (campaignId, code) = (AuditBeforeStates.Route(http, "campaignId"), AuditBeforeStates.Route(http, "code"));
        return new(Step, campaignId is null || code is null ? null : await LevelAsync(notices, campaignId, code, cancellationToken));
    }

    /// <summary>The organization's current level through the notice, or null when it has no published result.</summary>
    internal static async Task<object?> LevelAsync(NoticeService notices, string campaignId, string code, CancellationToken cancellationToken)
    {
        try
        {
            var view = await notices.ResultAsync(await notices.CampaignAsync(campaignId, cancellationToken), code, cancellationToken);
            return new { code = view.Code, levelOrdinal = view.LevelOrdinal, level = view.Level, status = view.Status, determination = view.Determination };
        }
        catch (LifecycleProblem)
        {
            return null;
        }
    }
}
