using System.Security.Cryptography;
using Azure.Data.Tables;
using BranchRating.Storage.Tables;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Storage;

/// <summary>Long texts stored compressed in one binary property, or as plain parts when they do not compress; both read back.</summary>
public sealed class CompressedTextTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_result_is_stored_compressed_and_reads_back_whole()
    {
        var table = await TableAsync();
        var json = string.Concat(Enumerable.Range(0, 40).Select(i => $$"""{"indicator":"组织健全{{i}}","score":{{i}}.5,"reason":"上级党组织考评"},"""));
        var entity = new TableEntity("p", "r");
        CompressedText.Write(entity, "Result", json);
        await table.AddEntityAsync(entity, Ct);

        var stored = (await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value;

        Assert.Equal(json, CompressedText.Read(stored, "Result"));
        Assert.True(stored.GetBinary("ResultBr")!.Length < json.Length / 2); // compressed, not copied
        Assert.Null(stored.GetInt32("ResultParts"));
    }

    [Fact]
    public async Task Text_that_does_not_compress_below_the_limit_is_stored_in_parts()
    {
        var table = await TableAsync();
        var noise = Convert.ToBase64String(RandomNumberGenerator.GetBytes(90_000)); // 120,000 characters, ≈ 90 KB compressed
        var entity = new TableEntity("p", "r");
        CompressedText.Write(entity, "Result", noise);
        await table.AddEntityAsync(entity, Ct);

        var stored = (await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value;

        Assert.Null(stored.GetBinary("ResultBr"));
        Assert.Equal(4, stored.GetInt32("ResultParts"));
        Assert.Equal(noise, CompressedText.Read(stored, "Result"));
    }

    [Fact]
    public void A_row_written_before_compression_still_reads()
    {
        var entity = new TableEntity("p", "r");
        LargeText.Write(entity, "Result", """{"code":"B001"}""");

        Assert.Equal("""{"code":"B001"}""", CompressedText.Read(entity, "Result"));
        Assert.Null(CompressedText.Read(new TableEntity("p", "r"), "Result"));
    }

    private async Task<TableClient> TableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, "compressed" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(Ct);
        return table;
    }
}
