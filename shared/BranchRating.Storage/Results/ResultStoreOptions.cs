namespace BranchRating.Storage.Results;

public sealed class ResultStoreOptions
{
    /// <summary>Transactions submitted concurrently while writing a version (different partitions).</summary>
    public int MaxParallelTransactions { get; set; } = 8;

    /// <summary>Largest ranking page returned.</summary>
    public int MaxPageSize { get; set; } = 1000;
}
