using Azure.Data.Tables;
using BranchRating.Security.Audit;
using BranchRating.Testing;
using NodaTime;
using NodaTime.Testing;

namespace BranchRating.Security.Tests.Audit;

public sealed class AuditTrailTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 7, 1, 2, 0), Duration.FromSeconds(1));
    private readonly string _chain = "c" + Guid.NewGuid().ToString("N")[..10];

    private static AuditEntry Entry(int i) => new(
        Who: $"user-{i % 3}",
        Role: "reviewer@/P01/C03",
        Step: "review",
        Entity: $"organizations/B{i:D4}/review",
        BeforeJson: i == 0 ? null : $$"""{"score":{{i - 1}}}""",
        AfterJson: $$"""{"score":{{i}}}""",
        Reason: $"现场考评 visit {i}");

    [Fact]
    public async Task Appended_records_are_numbered_chained_and_verify_as_intact()
    {
        var (_, trail) = await CreateAsync();

        var records = new List<AuditRecord>();
        for (var i = 0; i < 5; i++)
        {
            records.Add(await trail.AppendAsync(_chain, Entry(i), Ct));
        }

        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Sequence));
        Assert.Equal(AuditHashing.Genesis(_chain), records[0].PreviousHash);
        Assert.All(records.Skip(1).Zip(records), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal("2026-07-01T02:00:00Z", records[0].At);
        var verification = await trail.VerifyAsync(_chain, Ct);
        Assert.True(verification.IsIntact);
        Assert.Equal(5, verification.VerifiedRecords);
        Assert.Equal(records[^1].Hash, verification.HeadHash);
        Assert.Equal(Entry(3), (await ToListAsync(trail.ReadAsync(_chain, Ct)))[3].Entry);
    }

    [Fact]
    public async Task An_empty_chain_verifies_as_intact_with_no_records()
    {
        var (_, trail) = await CreateAsync();

        var verification = await trail.VerifyAsync(_chain, Ct);

        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.VerifiedRecords);
    }

    [Fact]
    public async Task Editing_one_stored_record_directly_in_table_storage_is_pinpointed()
    {
        var (table, trail) = await AppendAsync(count: 8);
        var stored = await table.GetEntityAsync<TableEntity>(_chain, "r" + 5L.ToString("D19"), cancellationToken: Ct);
        stored.Value["After"] = """{"score":100}""";
        await table.UpdateEntityAsync(stored.Value, stored.Value.ETag, TableUpdateMode.Replace, Ct);

        var verification = await trail.VerifyAsync(_chain, Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(new AuditProblem(5, AuditProblemKind.Edited, "record 5's content does not match its hash: it was edited after it was written"), verification.FirstProblem);
        Assert.Equal(4, verification.VerifiedRecords);
    }

    [Fact]
    public async Task Editing_a_record_and_recomputing_its_hash_is_caught_at_the_next_link()
    {
        var (table, trail) = await AppendAsync(count: 6);
        var stored = (await table.GetEntityAsync<TableEntity>(_chain, "r" + 2L.ToString("D19"), cancellationToken: Ct)).Value;
        var original = (await ToListAsync(trail.ReadAsync(_chain, Ct)))[1];
        var forged = original with { Entry = original.Entry with { Reason = "nothing happened" } };
        stored["Reason"] = forged.Entry.Reason;
        stored["Hash"] = AuditHashing.Hash(forged);
        await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace, Ct);

        var verification = await trail.VerifyAsync(_chain, Ct);

        Assert.Equal(2, verification.FirstProblem?.Sequence);
        Assert.Equal(AuditProblemKind.Rewritten, verification.FirstProblem?.Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Deleting_a_record_in_the_middle_is_detected_and_named(long removed)
    {
        var (table, trail) = await AppendAsync(count: 7);
        await table.DeleteEntityAsync(_chain, "r" + removed.ToString("D19"), cancellationToken: Ct);

        var verification = await trail.VerifyAsync(_chain, Ct);

        Assert.False(verification.IsIntact);
        Assert.Equal(removed, verification.FirstProblem?.Sequence);
        Assert.Equal(AuditProblemKind.Removed, verification.FirstProblem?.Kind);
    }

    [Fact]
    public async Task Deleting_the_last_records_is_detected_from_the_chain_head()
    {
        var (table, trail) = await AppendAsync(count: 7);
        await table.DeleteEntityAsync(_chain, "r" + 7L.ToString("D19"), cancellationToken: Ct);
        await table.DeleteEntityAsync(_chain, "r" + 6L.ToString("D19"), cancellationToken: Ct);

        var verification = await trail.VerifyAsync(_chain, Ct);

        Assert.Equal(new AuditProblem(6, AuditProblemKind.Removed, "records 6 to 7 are missing from the end of the chain"), verification.FirstProblem);
    }

    [Fact]
    public async Task Appends_from_several_processes_at_once_never_fork_the_chain()
    {
        var (table, _) = await CreateAsync();
        // Four "processes": separate clients and trails over the same table, 10 appends each, all at once.
        var writers = Enumerable.Range(0, 4)
            .Select(w => new AuditTrail(new TableClient(azurite.ConnectionString, table.Name), clock: _clock))
            .ToList();

        var records = await Task.WhenAll(writers.SelectMany((w, wi) => Enumerable.Range(0, 10).Select(i => w.AppendAsync(_chain, Entry((wi * 10) + i), Ct))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), records.Select(r => r.Sequence).Order());
        var verification = await writers[0].VerifyAsync(_chain, Ct);
        Assert.True(verification.IsIntact, verification.FirstProblem?.Detail);
        Assert.Equal(40, verification.VerifiedRecords);
    }

    [Theory]
    [InlineData("", "reviewer@/P01", "Who")]
    [InlineData("alice", "", "Role")]
    public async Task Incomplete_entries_are_refused_naming_the_field(string who, string role, string field)
    {
        var (_, trail) = await CreateAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => trail.AppendAsync(_chain, Entry(1) with { Who = who, Role = role }, Ct));

        Assert.StartsWith($"entry.{field}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_writes_every_record_as_json_lines_and_as_csv_with_formulas_neutralized()
    {
        var (_, trail) = await AppendAsync(count: 3);
        await trail.AppendAsync(_chain, Entry(9) with { Reason = "=HYPERLINK(\"http://x\",\"click\")" }, Ct);

        var jsonl = new StringWriter();
        var jsonCount = await AuditExport.WriteJsonLinesAsync(trail.ReadAsync(_chain, Ct), jsonl, Ct);
        var csv = new StringWriter();
        var csvCount = await AuditExport.WriteCsvAsync(trail.ReadAsync(_chain, Ct), csv, Ct);

        Assert.Equal(4, jsonCount);
        Assert.Equal(4, csvCount);
        var lines = jsonl.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        using var last = System.Text.Json.JsonDocument.Parse(lines[^1]);
        Assert.Equal(4, last.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("=HYPERLINK(\"http://x\",\"click\")", last.RootElement.GetProperty("reason").GetString());
        var csvLines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, csvLines.Length);
        Assert.StartsWith("sequence,at,who,role,step,entity,before,after,reason,previousHash,hash", csvLines[0], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",", csvLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_recomputed_after_rewriting_history_verifies_alone_but_not_against_the_head_anchored_at_publication()
    {
        var (table, trail) = await AppendAsync(count: 4);
        var anchor = await trail.HeadAsync(_chain, Ct) with { Label = "published version 1" };
        for (var i = 4; i < 7; i++)
        {
            await trail.AppendAsync(_chain, Entry(i), Ct);
        }

        // Someone with full table access edits record 2 and recomputes every later hash and the head.
        var records = await ToListAsync(trail.ReadAsync(_chain, Ct));
        var previous = records[0].Hash;
        foreach (var original in records.Skip(1))
        {
            var forged = original with { PreviousHash = previous, Entry = original.Sequence == 2 ? original.Entry with { Reason = "nothing happened" } : original.Entry };
            forged = forged with { Hash = AuditHashing.Hash(forged) };
            var stored = (await table.GetEntityAsync<TableEntity>(_chain, "r" + forged.Sequence.ToString("D19"), cancellationToken: Ct)).Value;
            (stored["Reason"], stored["PreviousHash"], stored["Hash"]) = (forged.Entry.Reason, forged.PreviousHash, forged.Hash);
            await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace, Ct);
            previous = forged.Hash;
        }

        var head = (await table.GetEntityAsync<TableEntity>(_chain, "head", cancellationToken: Ct)).Value;
        head["Hash"] = previous;
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, Ct);

        var alone = await trail.VerifyAsync(_chain, Ct);
        var anchored = await trail.VerifyAsync(_chain, [anchor], Ct);

        Assert.Equal(4, anchor.Sequence);
        Assert.Equal(records[3].Hash, anchor.Hash);
        Assert.True(alone.IsIntact, "a fully recomputed chain verifies on its own: that is why heads are anchored");
        Assert.False(anchored.IsIntact);
        Assert.Equal((4L, AuditProblemKind.AnchorMismatch), (anchored.FirstProblem!.Sequence, anchored.FirstProblem.Kind));
        Assert.Contains("published version 1", anchored.FirstProblem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untouched_chain_verifies_against_its_anchors_and_records_removed_after_an_anchor_are_caught()
    {
        var (table, trail) = await AppendAsync(count: 3);
        var first = await trail.HeadAsync(_chain, Ct);
        await trail.AppendAsync(_chain, Entry(3), Ct);
        var second = await trail.HeadAsync(_chain, Ct);
        var empty = await new AuditTrail(table).HeadAsync("e" + _chain, Ct);

        var intact = await trail.VerifyAsync(_chain, [first, second], Ct);

        // The last record and the head are rolled back to record 3: consistent on its own, short of the anchor.
        await table.DeleteEntityAsync(_chain, "r" + 4L.ToString("D19"), cancellationToken: Ct);
        var head = (await table.GetEntityAsync<TableEntity>(_chain, "head", cancellationToken: Ct)).Value;
        (head["Sequence"], head["Hash"]) = (3L, first.Hash);
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, Ct);
        var alone = await trail.VerifyAsync(_chain, Ct);
        var anchored = await trail.VerifyAsync(_chain, [first, second], Ct);

        Assert.Equal((0L, AuditHashing.Genesis("e" + _chain)), (empty.Sequence, empty.Hash));
        Assert.True(intact.IsIntact);
        Assert.Equal(4, intact.VerifiedRecords);
        Assert.True(alone.IsIntact);
        Assert.Equal((4L, AuditProblemKind.Removed), (anchored.FirstProblem!.Sequence, anchored.FirstProblem.Kind));
    }

    private async Task<(TableClient Table, AuditTrail Trail)> AppendAsync(int count)
    {
        var (table, trail) = await CreateAsync();
        for (var i = 0; i < count; i++)
        {
            await trail.AppendAsync(_chain, Entry(i), Ct);
        }

        Assert.True((await trail.VerifyAsync(_chain, Ct)).IsIntact);
        return (table, trail);
    }

    private async Task<(TableClient Table, AuditTrail Trail)> CreateAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "audit" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return (table, new AuditTrail(table, clock: _clock));
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
