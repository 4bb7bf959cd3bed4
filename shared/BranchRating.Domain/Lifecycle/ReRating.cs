using BranchRating.Domain.Results;

namespace BranchRating.Domain.Lifecycle;

/// <summary>
/// An upheld objection re-rates an organization (篇五 第四步: "对有异议的,要重新进行审核认定"): the superior's level
/// replaces the published one in a new published version, the change recorded among the result's level changes with
/// the objection's id as its rule, so the explanation says which objection changed it, why and who decided.
/// </summary>
public static class ReRating
{
    public const string DefaultReasonCode = "objection-upheld";

    public static string Rule(string objectionId) => $"objection:{objectionId}";

    public static LevelChange Change(Level from, Level to, string objectionId, string? reasonCode, string reason, string decidedBy) =>
        new(from, to, string.IsNullOrWhiteSpace(reasonCode) ? DefaultReasonCode : reasonCode, Rule(objectionId), $"异议 {objectionId} 经复核成立 ({decidedBy}): {reason}");
}
