using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Roster;
using BranchRating.Exports;
using BranchRating.Functions.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using BranchRating.Simulation;
using BranchRating.Storage.Roster;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Lifecycle;

[Collection(PipelineCollection.Name)]
public sealed class RosterXlsxImportTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_roster_in_Excel_with_Chinese_column_labels_is_imported_and_bad_rows_are_refused_by_row_and_column()
    {
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var id = "lc-xlsx-" + Guid.NewGuid().ToString("N")[..8];
        var driver = new CampaignDriver(host.Http, id);
        await driver.CreateAsync("anyang-100", Steps.Standard(), "花名册导入", Ct);

        string[] header = ["组织代码", "组织名称", "上级组织代码", "区域", "县", "领域", "党员人数"];
        IReadOnlyList<object?>[] rows =
        [
            ["T01", "城关镇党委", "", "城关镇", "C01", "乡镇", 120],
            ["B01", "城关镇第一村党支部", "T01", "城关镇", "C01", "农村", 35],
            ["B02", "城关镇社区党支部", "T01", "城关镇", "C01", "社区", "三十"],
        ];
        using var content = new ByteArrayContent(XlsxExport.Write("花名册", header, rows));
        content.Headers.ContentType = new MediaTypeHeaderValue(LedgerEndpoints.XlsxType);
        var response = await host.Http.PostAsync($"/api/v1/campaigns/{id}/roster/xlsx", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = JsonSerializer.Deserialize<RosterImportResponse>(text, PipelineHost.Json)!;
        Assert.Equal((3, 2), (result.Received, result.Imported));
        var refused = Assert.Single(result.Refused);
        Assert.Equal("memberCount", refused.Column);

        var store = host.Services.GetRequiredService<RosterStore>();
        var b01 = await store.GetAsync(id, buckets: 8, "B01", Ct); // PipelineHost sets Pipeline:Buckets = 8
        Assert.NotNull(b01);
        Assert.Equal(("城关镇第一村党支部", "T01/B01", 35), (b01.Name, b01.Path, b01.MemberCount));

        using var notExcel = new ByteArrayContent("code,name\n"u8.ToArray());
        notExcel.Headers.ContentType = new MediaTypeHeaderValue(LedgerEndpoints.XlsxType);
        var bad = await host.Http.PostAsync($"/api/v1/campaigns/{id}/roster/xlsx", notExcel, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Not an Excel", (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("body")[0].GetString());
    }
}
