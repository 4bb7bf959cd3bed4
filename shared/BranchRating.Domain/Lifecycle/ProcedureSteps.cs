namespace BranchRating.Domain.Lifecycle;

/// <summary>
/// The seven steps of a campaign's procedure (RATING-RULES §6), in order: publishing the standard, the pipeline's
/// four submission steps, the public notice and the ledger. The three outside the pipeline take no submissions; their
/// timelines are kept by the lifecycle alone (stored at orders <see cref="FirstProcedureOrder"/> and after, beside the
/// pipeline's 1–4).
/// </summary>
public static class ProcedureSteps
{
    /// <summary>Opens the campaign: the standard (the scheme) is published for the organizations to read.</summary>
    public const string PublishStandard = "publish-standard";

    /// <summary>The public notice (公示): the step's opening instant starts it, its deadline ends it.</summary>
    public const string PublicNotice = "public-notice";

    /// <summary>Registration in the ledger (台账), after the notice has ended.</summary>
    public const string Ledger = "ledger";

    public const int FirstProcedureOrder = 90;

    public static readonly IReadOnlyList<string> InOrder =
        [PublishStandard, "self-assessment", "appraisal", "superior-review", "determination", PublicNotice, Ledger];

    private static readonly IReadOnlyList<string> Outside = [PublishStandard, PublicNotice, Ledger];

    /// <summary>True for the steps outside the pipeline (no submissions, no pipeline step row).</summary>
    public static bool OutsidePipeline(string? kind) => kind is not null && Outside.Contains(kind);

    /// <summary>The stored order of a step outside the pipeline; null for the pipeline's own steps.</summary>
    public static int? StoredOrder(string? kind) => OutsidePipeline(kind) ? FirstProcedureOrder + IndexOf(Outside, kind!) : null;

    /// <summary>The step's place in the procedure (unknown kinds last).</summary>
    public static int Position(string kind) => InOrder.Contains(kind) ? IndexOf(InOrder, kind) : int.MaxValue;

    private static int IndexOf(IReadOnlyList<string> list, string kind)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == kind) return i;
        }

        return -1;
    }
}
