using BranchRating.Domain.Results;

namespace BranchRating.Domain.Lifecycle;

/// <summary>
/// An upheld objection re-rates an organization (篇五 第四步: "对有异议的,要重新进行审核认定"): the superior's level
/// replaces the published one in a new published version, the change recorded among the result's level changes with
/// the objection's id as its rule, so the explanation says which objection changed it, why and who decided. The
/// department's final adjustment is recorded the same way with the rule <c>final-determination:&lt;code&gt;</c>.
/// </summary>
public static class ReRating
{
    public const string DefaultReasonCode = "objection-upheld";

    public static string Rule(string objectionId) => $"objection:{objectionId}";

    public static LevelChange Change(Level from, Level to, string objectionId, string? reasonCode, string reason, string decidedBy) =>
        new(from, to, string.IsNullOrWhiteSpace(reasonCode) ? DefaultReasonCode : reasonCode, Rule(objectionId), $"异议 {objectionId} 经复核成立 ({decidedBy}): {reason}");

    /// <summary>Reason code of the organization department's final adjustment (RATING-RULES §6 step 5: confirm or adjust).</summary>
    public const string DeterminationReasonCode = "determination";

    /// <summary>The rule of a final adjustment: one per organization (a later determination replaces the earlier one).</summary>
    public static string DeterminationRule(string organizationCode) => $"final-determination:{organizationCode}";

    public static LevelChange Determination(Level from, Level to, string organizationCode, string reason, string by) =>
        new(from, to, DeterminationReasonCode, DeterminationRule(organizationCode), $"组织部门最终认定调整 ({by}): {reason}");
}
