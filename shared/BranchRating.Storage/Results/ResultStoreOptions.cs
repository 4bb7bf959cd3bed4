namespace BranchRating.Storage.Results;

public sealed class ResultStoreOptions
{
    /// <summary>Transactions submitted concurrently while writing a version (different partitions).</summary>
    public int MaxParallelTransactions { get; set; } = 8;

    /// <summary>
    /// Rows per ranking partition (chunk): a ranking of more rows spans several partitions in rank order, so no partition
    /// grows with the campaign (Azure's per-partition write target; Azurite's point operations scan their partition).
    /// </summary>
    public int RankingChunkRows { get; set; } = 1000;

    /// <summary>Largest ranking page returned.</summary>
    public int MaxPageSize { get; set; } = 1000;
}
