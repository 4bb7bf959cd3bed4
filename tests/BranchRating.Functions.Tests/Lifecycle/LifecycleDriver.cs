using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Lifecycle;
using BranchRating.Functions.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Lifecycle;

/// <summary>The lifecycle's HTTP routes and timer on a pipeline host, and the outbox rows its changes wrote.</summary>
internal sealed class LifecycleDriver(PipelineHost host, string campaignId)
{
    public const string Department = "county-org-dept";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A pipeline host on which <see cref="Department"/> may act on the lifecycle.</summary>
    public static Task<PipelineHost> StartHostAsync(string connectionString) =>
        PipelineHost.StartAsync(connectionString, settings: new Dictionary<string, string?> { ["Lifecycle:AuthorisedDepartments:0"] = Department });

    public string Url(string path = "") => $"/api/v1/campaigns/{campaignId}/lifecycle{path}";

    public Task<HttpResponseMessage> PutAsync(string path, object body) => host.Http.PutAsJsonAsync(Url(path), body, PipelineHost.Json, Ct);

    public Task<HttpResponseMessage> PostAsync(string path, object body) => host.Http.PostAsJsonAsync(Url(path), body, PipelineHost.Json, Ct);

    public async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, PipelineHost.Json)!;
    }

    /// <summary>The problem's <c>errors</c> entry for <paramref name="field"/> (asserting the status).</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    public async Task<LifecycleResponse> LifecycleAsync() => (await host.Http.GetFromJsonAsync<LifecycleResponse>(Url(), PipelineHost.Json, Ct))!;

    public async Task<MissingReportResponse> MissingAsync(string step) => (await host.Http.GetFromJsonAsync<MissingReportResponse>(Url($"/steps/{step}/missing"), PipelineHost.Json, Ct))!;

    public async Task<LifecycleResultResponse> ResultAsync(string code) => (await host.Http.GetFromJsonAsync<LifecycleResultResponse>(Url($"/results/{code}"), PipelineHost.Json, Ct))!;

    public async Task<LifecycleResultListResponse> ResultsAsync() => (await host.Http.GetFromJsonAsync<LifecycleResultListResponse>(Url("/results"), PipelineHost.Json, Ct))!;

    /// <summary>Runs the AdvanceLifecycle timer once at the fake clock's time.</summary>
    public Task AdvanceAsync()
    {
        var now = host.Time.GetUtcNow();
        return host.Services.GetServices<ITimerFunction>().OfType<AdvanceLifecycle>().Single().RunAsync(new TimerContext(now, now, false), Ct);
    }

    /// <summary>The outbox events written in the campaign's partition of the campaigns table: (type, subject, organization id, items).</summary>
    public async Task<IReadOnlyList<(string Type, string Id, JsonElement Data)>> EventsAsync(string? type = null)
    {
        var table = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.Campaigns);
        var list = new List<(string, string, JsonElement)>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == campaignId && x.RowKey.CompareTo("outbox|") >= 0 && x.RowKey.CompareTo("outbox}") < 0, cancellationToken: Ct))
        {
            using var doc = JsonDocument.Parse(e.GetString("Event"));
            var t = doc.RootElement.GetProperty("type").GetString()!;
            if (type is null || t == type) list.Add((t, doc.RootElement.GetProperty("id").GetString()!, doc.RootElement.GetProperty("data").Clone()));
        }

        return list;
    }
}
