using Azure.Data.Tables;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>Submissions live in one partition per organization; a bucket is read as one key range.</summary>
public sealed class SubmissionStoreTests(AzuriteFixture azurite)
{
    private const int Buckets = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bucket_read_returns_the_submissions_of_its_organizations_only_and_each_organization_has_its_own_partition()
    {
        var table = new TableClient(azurite.ConnectionString, "submissions" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        var store = new SubmissionStore(table);
        var codes = Enumerable.Range(1, 24).Select(i => $"B{i:D3}").ToList();
        var bucket = Partitions.Bucket(codes[0], Buckets);
        foreach (var code in codes)
        {
            await store.SaveAsync("c1", Buckets, Record(code, SubmissionRecord.Self, "self"), null, $"k-{code}", Answer(), Ct);
            await store.SaveAsync("c1", Buckets, Record(code, SubmissionRecord.Review, "r1"), null, $"r-{code}", Answer(), Ct);
            await store.SaveAsync("c2", Buckets, Record(code, SubmissionRecord.Self, "self"), null, $"k-{code}", Answer(), Ct); // another campaign
        }

        var read = await store.ListBucketAsync("c1", bucket, Ct);
        var inBucket = codes.Where(c => Partitions.Bucket(c, Buckets) == bucket).ToList();
        Assert.True(inBucket.Count is > 1 and < 24, "the codes spread over the buckets");
        Assert.Equal(inBucket, read.Select(g => g.Key).Order(StringComparer.Ordinal));
        Assert.All(read, g => Assert.Equal([SubmissionRecord.Review, SubmissionRecord.Self], g.Select(r => r.Kind).Order(StringComparer.Ordinal)));

        var partitions = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.RowKey.CompareTo("B001|") >= 0 && x.RowKey.CompareTo("B001}") < 0, cancellationToken: Ct))
        {
            partitions.Add(e.PartitionKey);
        }

        Assert.Equal([Partitions.ForBucket("c1", bucket) + "|B001", Partitions.ForBucket("c2", bucket) + "|B001"], partitions.Order(StringComparer.Ordinal));
        Assert.Equal(2, (await store.ListSubjectAsync("c1", Buckets, "B001", Ct)).Count);
    }

    [Fact]
    public async Task An_organization_is_marked_reviewed_once_by_racing_reviewers_and_the_mark_is_not_a_submission()
    {
        var table = new TableClient(azurite.ConnectionString, "submissions" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        var store = new SubmissionStore(table);
        await store.SaveAsync("c1", Buckets, Record("B001", SubmissionRecord.Review, "r1"), null, "r-1", Answer(), Ct);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.TryMarkReviewedAsync("c1", Buckets, "B001", Ct)));

        Assert.Single(firsts, f => f);
        Assert.True(await store.TryMarkReviewedAsync("c1", Buckets, "B002", Ct)); // another organization has its own mark
        Assert.Equal([SubmissionRecord.Review], (await store.ListSubjectAsync("c1", Buckets, "B001", Ct)).Select(r => r.Kind));
        Assert.Equal(["B001"], (await store.ListBucketAsync("c1", Partitions.Bucket("B001", Buckets), Ct)).Select(g => g.Key));
    }

    private static SubmissionRecord Record(string code, string kind, string id) =>
        new(code, kind, id, SubmissionRecord.Submitted, "{}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, default);

    private static StoredResponse Answer() => new(202, "{}", "hash");
}
