namespace BranchRating.Storage.Campaigns;

public sealed class CampaignStoreOptions
{
    /// <summary>Campaigns listed per page.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>How often a conflicting (412) counter update is retried.</summary>
    public int MaxConcurrencyRetries { get; set; } = 20;
}
