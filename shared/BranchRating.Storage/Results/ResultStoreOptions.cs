namespace BranchRating.Storage.Results;

public sealed class ResultStoreOptions
{
    /// <summary>Transactions submitted concurrently while writing a version (different partitions).</summary>
    public int MaxParallelTransactions { get; set; } = 8;

    /// <summary>
    /// Ranking entries packed into one row: row i of a ranking holds the positions [i·P, (i+1)·P) in rank order. A
    /// ranking is written once per version and read by page, so n entries are ⌈n / P⌉ entities instead of n.
    /// </summary>
    public int RankingEntriesPerRow { get; set; } = 100;

    /// <summary>Ranking rows one search request reads at most (a searched page may be short and still continue).</summary>
    public int RankingSearchRowsPerRequest { get; set; } = 50;

    /// <summary>Ranking rows read concurrently (point reads) by one request.</summary>
    public int MaxParallelReads { get; set; } = 8;

    /// <summary>Largest ranking page returned.</summary>
    public int MaxPageSize { get; set; } = 1000;
}
