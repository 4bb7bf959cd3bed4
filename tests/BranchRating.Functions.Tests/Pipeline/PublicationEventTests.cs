using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Functions.Campaigns;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Scoring;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Notifications;
using BranchRating.Storage.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>A publication announces itself once: the results.published outbox row is written with the pointer flip.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PublicationEventTests(PipelineStorage storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publishing_writes_one_results_published_event_and_a_second_flip_of_the_same_version_writes_none()
    {
        // api + worker only: the outbox timer is not running, so the rows stay where the transaction put them.
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString);
        var campaign = await SmallCampaign.CreateAsync(host, "announce", organizations: 6);
        await campaign.SubmitAllAndPublishAsync();

        var table = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.Campaigns);
        var row = Assert.Single(await OutboxRowsAsync(table, campaign.Id));
        Assert.Equal(NotificationEventTypes.ResultsPublished, row.GetString("EventType"));
        var evt = JsonSerializer.Deserialize<NotificationEvent>(row.GetString("Event"), NotificationJson.Options)!;
        Assert.Equal(PublicationEvents.Id(campaign.Id, 1), evt.Id);
        Assert.Equal(campaign.Id, evt.Subject);
        Assert.Equal(campaign.Id, evt.Data.CampaignId);
        Assert.Equal("/", evt.OrganizationPath);
        Assert.Contains("version 1", evt.Data.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(evt.Data.Items!);

        // A redelivered publication of the same version: the pointer is already there, nothing more is written —
        // neither while the first event waits in the outbox nor after the dispatcher has removed it.
        var store = host.Services.GetRequiredService<CampaignStore>();
        Assert.True(await store.TryPublishAsync(campaign.Id, 1, "redelivered", host.Time.GetUtcNow(), evt with { Time = host.Time.GetUtcNow() }, Ct));
        Assert.Single(await OutboxRowsAsync(table, campaign.Id));
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: Ct);
        Assert.True(await store.TryPublishAsync(campaign.Id, 1, "redelivered", host.Time.GetUtcNow(), evt, Ct));
        Assert.Empty(await OutboxRowsAsync(table, campaign.Id));
        Assert.Equal(1, (await store.GetPublicationAsync(campaign.Id, Ct))!.Version);
    }

    [Fact]
    public async Task A_root_subscription_receives_the_publication_once_through_the_outbox_timer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(TestHosts.FastQueue(StorageNames.Queues.Notifications))
        {
            ["Notifications:Safety:AllowedHosts:0"] = "127.0.0.1",
        };
        await using var host = await PipelineHost.StartAsync(storage.ConnectionString, settings: settings);
        await host.Services.GetRequiredService<NotificationStorage>().EnsureCreatedAsync(Ct);
        var created = await host.Http.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            name = "县委组织部",
            scope = "/",
            eventTypes = new[] { NotificationEventTypes.ResultsPublished },
            endpoint = receiver.Url.ToString(),
            format = "cloudevents",
        }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));

        var campaign = await SmallCampaign.CreateAsync(host, "deliver", organizations: 4);
        await campaign.SubmitAllAndPublishAsync();
        var store = host.Services.GetRequiredService<CampaignStore>();
        var again = PublicationEvents.ResultsPublished((await store.GetAsync(campaign.Id, Ct))!.Campaign, 1, new PublicationSummary(0, []), host.Time.GetUtcNow());

        // The outbox timer sweeps twice, with a redelivered flip of the same version in between: one delivery.
        var timer = host.Services.GetServices<ITimerFunction>().Single(f => f.Name == "DispatchOutbox");
        var now = host.Time.GetUtcNow();
        await timer.RunAsync(new TimerContext(now, now, false), Ct);
        await receiver.WaitUntilAsync(r => Ours(r, campaign.Id).Count >= 1, TimeSpan.FromSeconds(60), Ct);
        Assert.True(await store.TryPublishAsync(campaign.Id, 1, "redelivered", now, again, Ct));
        await timer.RunAsync(new TimerContext(now, now, false), Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        // Other tests' campaigns share this emulator and the root subscription sees them too: count this campaign's.
        var (request, body) = Assert.Single(Ours(receiver, campaign.Id));
        Assert.Equal(PublicationEvents.Id(campaign.Id, 1), request.Headers["webhook-id"]);
        Assert.Equal(NotificationEventTypes.ResultsPublished, body.GetProperty("type").GetString());
        Assert.Equal(campaign.Id, body.GetProperty("subject").GetString());
    }

    private static List<(ReceivedRequest Request, JsonElement Body)> Ours(WebhookReceiver receiver, string campaignId) =>
        receiver.Requests
            .Select(r => (Request: r, Body: JsonDocument.Parse(r.Body).RootElement))
            .Where(x => x.Body.GetProperty("type").GetString() == NotificationEventTypes.ResultsPublished
                && x.Body.GetProperty("data").TryGetProperty("campaignId", out var id) && id.GetString() == campaignId)
            .ToList();

    [Fact]
    public void The_outbox_timer_sweeps_the_campaigns_table_with_the_pipeline_alone()
    {
        using var provider = new ServiceCollection().AddCampaignFunctions().BuildServiceProvider();

        var tables = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Outbox.Tables;

        Assert.Contains(StorageNames.Tables.Campaigns, tables);
        Assert.Contains(StorageNames.Tables.Outbox, tables);
    }

    private static async Task<List<TableEntity>> OutboxRowsAsync(TableClient table, string campaignId)
    {
        var rows = new List<TableEntity>();
        const string end = "outbox}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {OutboxWriter.RowKeyPrefix} and RowKey lt {end}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: Ct)) rows.Add(e);
        return rows;
    }
}
