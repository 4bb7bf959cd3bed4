using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Functions.Campaigns;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Scoring;
using BranchRating.Notifications.Events;
using BranchRating.Storage.Campaigns;
using BranchRating.Storage.Notifications;
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
        await campaign.Driver.SubmitAllAsync(campaign.County, parallelism: 2, Ct);
        await campaign.PublishAsync();

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
