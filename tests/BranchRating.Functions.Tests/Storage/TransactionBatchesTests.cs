using Azure.Data.Tables;
using BranchRating.Storage.Tables;

namespace BranchRating.Functions.Tests.Storage;

public sealed class TransactionBatchesTests
{
    [Fact]
    public void Actions_are_split_into_transactions_of_at_most_100_within_one_partition()
    {
        var actions = Enumerable.Range(0, 250).Select(i => Upsert($"p{i % 2}", $"r{i}", "x")).ToList();

        var batches = TransactionBatches.Split(actions).ToList();

        Assert.Equal([100, 25, 100, 25], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.Single(b.Select(a => a.Entity.PartitionKey).Distinct()));
        Assert.Equal(250, batches.Sum(b => b.Count));
    }

    [Fact]
    public void Interleaved_transactions_take_the_partitions_in_turn_and_keep_every_action_once()
    {
        var actions = Enumerable.Range(0, 350).Select(i => Upsert(i < 250 ? "a" : i < 300 ? "b" : "c", $"r{i}", "x")).ToList();

        var batches = TransactionBatches.Interleave(TransactionBatches.Split(actions)).ToList();

        Assert.Equal(["a", "b", "c", "a", "a"], batches.Select(b => b[0].Entity.PartitionKey));
        Assert.Equal([100, 50, 50, 100, 50], batches.Select(b => b.Count));
        Assert.Equal(actions.Select(a => a.Entity.RowKey).Order(), batches.SelectMany(b => b).Select(a => a.Entity.RowKey).Order());
    }

    [Fact]
    public void A_transaction_near_4_MiB_is_split_by_size()
    {
        var big = new string('x', 30_000); // ~60 KB each in UTF-16
        var batches = TransactionBatches.Split(Enumerable.Range(0, 100).Select(i => Upsert("p", $"r{i}", big))).ToList();

        Assert.True(batches.Count >= 2);
        Assert.All(batches, b => Assert.True(b.Sum(a => TransactionBatches.EstimateBytes(a.Entity)) <= TransactionBatches.MaxPayloadBytes));
    }

    [Fact]
    public void Transactions_Azure_would_refuse_are_refused_in_code()
    {
        var mixed = new[] { Upsert("a", "1", "x"), Upsert("b", "1", "x") };
        var tooMany = Enumerable.Range(0, 101).Select(i => Upsert("a", $"{i}", "x")).ToList();

        Assert.Contains("one partition", Assert.Throws<ArgumentException>(() => TransactionBatches.Validate(mixed)).Message);
        Assert.Contains("1 to 100", Assert.Throws<ArgumentException>(() => TransactionBatches.Validate(tooMany)).Message);
    }

    [Fact]
    public void Long_text_round_trips_through_chunked_properties_and_too_long_text_is_refused()
    {
        var entity = new TableEntity("p", "r");
        var text = string.Concat(Enumerable.Range(0, 70_000).Select(i => (char)('a' + (i % 26))));

        LargeText.Write(entity, "Body", text);

        Assert.Equal(3, entity.GetInt32("BodyParts"));
        Assert.Equal(text, LargeText.Read(entity, "Body"));
        Assert.Throws<ArgumentException>(() => LargeText.Write(new TableEntity("p", "r"), "Body", new string('x', LargeText.ChunkChars * LargeText.MaxChunks + 1)));
    }

    [Fact]
    public void Buckets_spread_codes_evenly_and_never_move()
    {
        var counts = Enumerable.Range(0, 32_000).GroupBy(i => Partitions.Bucket($"C01-B{i:D6}", 32)).Select(g => g.Count()).ToList();

        Assert.Equal(32, counts.Count);
        Assert.All(counts, n => Assert.InRange(n, 800, 1200));
        Assert.Equal(Partitions.Bucket("C01-B000042", 32), Partitions.Bucket("C01-B000042", 32));
    }

    private static TableTransactionAction Upsert(string pk, string rk, string value) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(pk, rk) { ["V"] = value });
}
