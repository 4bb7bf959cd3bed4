using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using BranchRating.Functions.Notifications;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Notifications;
using BranchRating.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Notifications;

/// <summary>The notification functions inside the real host: its HTTP pipeline, its queue listener and its cron scheduler.</summary>
public sealed class NotificationsInHostTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subscription_created_over_http_receives_an_outbox_event_through_the_hosts_timer_and_listener()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var queue = "notify-" + suffix;
        var names = new NotificationTableNames("subs" + suffix, "dlv" + suffix, "outbox" + suffix);
        var settings = TestHosts.FastQueue(queue);
        settings["Notifications:Safety:AllowedHosts:0"] = "127.0.0.1";
        settings["Notifications:Outbox:Tables:0"] = names.Outbox;
        settings["Schedules:DispatchOutbox"] = "* * * * * *";
        await using var host = TestHosts.Build(azurite.ConnectionString, "all", settings, services =>
        {
            services.AddSingleton(new NotificationQueue(TestHosts.Sender(azurite.ConnectionString, queue)));
            services.AddSingleton(sp => new NotificationStorage(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<NotificationQueue>(), null, names));
        });
        await host.Services.GetRequiredService<NotificationStorage>().EnsureCreatedAsync(Ct);
        await host.StartAsync(Ct);
        var client = host.GetTestClient();

        var created = await client.PostAsJsonAsync("/api/v1/subscriptions", new
        {
            name = "玄武区委组织部",
            scope = "/32/3201/320102/",
            eventTypes = new[] { NotificationEventTypes.RectificationIssued },
            endpoint = receiver.Url.ToString(),
            format = "cloudevents",
        }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;

        // The pipeline's way: the change and its event in one transaction; the host's timer dispatches it.
        var outbox = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(names.Outbox);
        var evt = new NotificationEvent("evt-" + suffix, "/campaigns/c2026", NotificationEventTypes.RectificationIssued, "b3", DateTimeOffset.UtcNow,
            "/32/3201/320102/b3/", new NotificationEventData { CampaignName = "2026年度星级评定", OrganizationName = "第三党支部", Detail = "限期30日内完成整改" });
        await outbox.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("c2026", "rectification|b3") { ["Deadline"] = DateTimeOffset.UtcNow.AddDays(30) }),
            OutboxWriter.Action("c2026", evt),
        ], Ct);

        await receiver.WaitUntilAsync(r => r.Accepted == 1, TimeSpan.FromSeconds(60), Ct);
        var request = receiver.Requests.Single();
        Assert.True(Verifiers.StandardWebhooks(request, secret));
        Assert.Equal(evt.Id, request.Headers["webhook-id"]);
        await host.StopAsync(Ct);
    }
}
