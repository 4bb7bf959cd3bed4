using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Lifecycle;
using BranchRating.Functions.Http;
using BranchRating.Storage.Lifecycle;

namespace BranchRating.Functions.Lifecycle;

/// <summary>The ledger (台账, §6.7): every organization's result ordered by region, then field, then level from 5★ down.</summary>
/// When a ledger step is scheduled, the ledger is served once that step has opened (after the notice has ended).
public sealed class LedgerService(NoticeService notices, PublishedResultReader results, LifecycleStore lifecycle)
{
    public static readonly IReadOnlyList<string> Labels = ["区域", "领域", "组织代码", "组织名称", "星级", "星级序号", "得分", "状态", "上报备案"];

    public async Task<IReadOnlyList<LedgerRow>> RowsAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await notices.CampaignAsync(campaignId, cancellationToken);
        var step = (await lifecycle.GetStepsAsync(campaignId, cancellationToken)).FirstOrDefault(s => s.Timeline.Kind == ProcedureSteps.Ledger);
        if (step is { OpenedAt: null })
        {
            throw LifecycleProblem.Conflict("step", $"The 'ledger' step opens at {ShanghaiTime.Format(step.Timeline.OpensAt)} once the notice has ended; the ledger is not registered before it.");
        }

        var view = await notices.ResultsAsync(campaign, null, cancellationToken);
        var totals = (await results.ListAsync(campaignId, view.Version, campaign.Campaign.Buckets, cancellationToken)).ToDictionary(r => r.Code, r => r.FinalTotal, StringComparer.Ordinal);
        return view.Items
            .Select(i => new LedgerRow(i.Region, i.Field, i.Code, i.Name, i.LevelOrdinal, i.Level, totals.GetValueOrDefault(i.Code), i.Status, i.FiledUpwardTo))
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal).ThenByDescending(r => r.LevelOrdinal).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<object?> Cells(LedgerRow r) => [r.Region, r.Field, r.Code, r.Name, r.Level, r.LevelOrdinal, r.FinalTotal, StatusLabel(r.Status), FilingLabel(r.FiledUpwardTo)];

    private static string StatusLabel(string status) => status switch
    {
        "final" => "已确定",
        "under-notice" => "公示中",
        "under-review" => "异议复核中",
        _ => status,
    };

    private static string FilingLabel(string? body) => body switch
    {
        null => "",
        "city" => "报市级备案",
        "province" => "报省级备案",
        _ => body,
    };
}
