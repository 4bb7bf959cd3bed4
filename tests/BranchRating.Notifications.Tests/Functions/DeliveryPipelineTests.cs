using System.Text;
using System.Text.Json;
using BranchRating.Notifications.Events;
using BranchRating.Notifications.Formats;
using BranchRating.Notifications.Queue;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Notifications;
using BranchRating.Testing;

namespace BranchRating.Notifications.Tests.Functions;

/// <summary>Outbox → queue → fan-out → delivery, on Azurite, to real receivers on 127.0.0.1.</summary>
public sealed class DeliveryPipelineTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_format_arrives_signed_with_its_own_algorithm()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var cloud = await WebhookReceiver.StartAsync();
        await using var wecom = await WebhookReceiver.StartAsync(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        await using var ding = await WebhookReceiver.StartAsync(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        await using var feishu = await WebhookReceiver.StartAsync(200, "{\"code\":0,\"msg\":\"success\"}");
        var whsec = Signing.StandardWebhookSigner.NewSecret();
        await host.SubscribeAsync(cloud.Url, WebhookFormat.CloudEvents, whsec, cancellationToken: Ct);
        await host.SubscribeAsync(new Uri(wecom.Url + "?key=robot-key"), WebhookFormat.WeCom, cancellationToken: Ct);
        await host.SubscribeAsync(new Uri(ding.Url + "?access_token=tok"), WebhookFormat.DingTalk, "SEC0123456789abcdef", cancellationToken: Ct);
        await host.SubscribeAsync(feishu.Url, WebhookFormat.Feishu, "feishu-secret-1", cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event(NotificationEventTypes.ObjectionRaised);
        await host.PublishAsync([evt], Ct);
        foreach (var receiver in new[] { cloud, wecom, ding, feishu })
        {
            await receiver.WaitUntilAsync(r => r.Accepted == 1, Patience, Ct);
        }

        var ce = cloud.Requests.Single();
        Assert.True(Verifiers.StandardWebhooks(ce, whsec));
        Assert.False(Verifiers.StandardWebhooks(ce, Signing.StandardWebhookSigner.NewSecret()));
        Assert.Equal(evt.Id, ce.Headers["webhook-id"]);
        Assert.Equal("cn.branchrating.objection.raised", JsonDocument.Parse(ce.Body).RootElement.GetProperty("type").GetString());

        Assert.Equal("/hook?key=robot-key", wecom.Requests.Single().PathAndQuery);
        Assert.Contains("【收到异议】", Encoding.UTF8.GetString(wecom.Requests.Single().Body));

        Assert.True(Verifiers.DingTalk(ding.Requests.Single(), "SEC0123456789abcdef"));
        Assert.False(Verifiers.DingTalk(ding.Requests.Single(), "SECwrong"));
        Assert.StartsWith("/hook?access_token=tok&timestamp=", ding.Requests.Single().PathAndQuery);

        Assert.True(Verifiers.Feishu(feishu.Requests.Single(), "feishu-secret-1"));
        Assert.False(Verifiers.Feishu(feishu.Requests.Single(), "other"));
        Assert.Equal("post", JsonDocument.Parse(feishu.Requests.Single().Body).RootElement.GetProperty("msg_type").GetString());
    }

    [Fact]
    public async Task A_receiver_failing_three_times_then_succeeding_gets_exactly_one_accepted_delivery()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o => o.Retry.MaxAttempts = 6, Ct);
        await using var receiver = await WebhookReceiver.StartAsync((_, n) => Task.FromResult(n <= 3 ? (503, "busy") : (200, "")));
        var subscription = await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event();
        await host.PublishAsync([evt], Ct);
        await receiver.WaitUntilAsync(r => r.Accepted == 1, Patience, Ct);
        await WaitForStateAsync(host, subscription.Id, evt.Id, DeliveryState.Delivered);
        await Task.Delay(1500, Ct); // let any stray retry surface

        Assert.Equal(4, receiver.Requests.Count);
        Assert.Equal(1, receiver.Accepted);
        Assert.Single(receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct());
        var record = await host.Storage.Records.GetAsync(subscription.Id, evt.Id, Ct);
        Assert.Equal(4, record!.Attempts);
        var log = await host.Storage.Log.ListAsync(subscription.Id, 100, Ct);
        Assert.Equal([503, 503, 503, 200], log.OrderBy(l => l.Attempt).Select(l => l.StatusCode ?? 0));
        Assert.Empty(await host.Storage.DeadLetters.ListAsync(subscription.Id, 10, Ct));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_in_the_dead_letter_store_with_the_reason()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o => o.Retry.MaxAttempts = 3, Ct);
        await using var receiver = await WebhookReceiver.StartAsync(500, "boom");
        var subscription = await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event();
        await host.PublishAsync([evt], Ct);
        await WaitForStateAsync(host, subscription.Id, evt.Id, DeliveryState.DeadLettered);

        var letter = Assert.Single(await host.Storage.DeadLetters.ListAsync(subscription.Id, 10, Ct));
        Assert.Equal(evt.Id, letter.EventId);
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("gave up after 3 attempts", letter.Reason);
        Assert.Contains("HTTP 500", letter.Reason);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_that_cannot_pass_is_dead_lettered_at_once()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var receiver = await WebhookReceiver.StartAsync(410, "gone");
        var subscription = await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event();
        await host.PublishAsync([evt], Ct);
        await WaitForStateAsync(host, subscription.Id, evt.Id, DeliveryState.DeadLettered);

        var letter = Assert.Single(await host.Storage.DeadLetters.ListAsync(subscription.Id, 10, Ct));
        Assert.Equal("not retried: HTTP 410", letter.Reason);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_robot_answering_an_error_code_in_a_200_is_retried()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var robot = await WebhookReceiver.StartAsync((_, n) => Task.FromResult(n == 1
            ? (200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}")
            : (200, "{\"errcode\":0,\"errmsg\":\"ok\"}")));
        var subscription = await host.SubscribeAsync(new Uri(robot.Url + "?access_token=t"), WebhookFormat.DingTalk, "SECabcdefgh", cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event();
        await host.PublishAsync([evt], Ct);
        await WaitForStateAsync(host, subscription.Id, evt.Id, DeliveryState.Delivered);

        Assert.Equal(2, robot.Requests.Count);
        var log = await host.Storage.Log.ListAsync(subscription.Id, 10, Ct);
        Assert.Contains(log, l => l.Error == "errcode 130101: send too fast");
    }

    [Fact]
    public async Task A_slow_receiver_does_not_delay_a_fast_one()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await WebhookReceiver.StartAsync(async (_, _) => { await release.Task; return (200, ""); });
        await using var fast = await WebhookReceiver.StartAsync();
        var slowSub = await host.SubscribeAsync(slow.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), "/32/3201/", cancellationToken: Ct);
        var fastSub = await host.SubscribeAsync(fast.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), "/32/3202/", cancellationToken: Ct);
        await using var pump = host.Pump();

        var slowEvents = Enumerable.Range(0, 10).Select(i => NotificationTestHost.Event(path: $"/32/3201/b{i}/")).ToList();
        var fastEvents = Enumerable.Range(0, 10).Select(i => NotificationTestHost.Event(path: $"/32/3202/b{i}/")).ToList();
        await host.PublishAsync(slowEvents.Concat(fastEvents), Ct);

        // Every fast delivery completes while the slow receiver still holds its first requests unanswered.
        await fast.WaitUntilAsync(r => r.Accepted == 10, Patience, Ct);
        Assert.Empty(slow.Requests);
        foreach (var evt in fastEvents)
        {
            // The record turns Delivered just after the receiver answered: wait for it, the slow receiver still blocked.
            await WaitForStateAsync(host, fastSub.Id, evt.Id, DeliveryState.Delivered);
        }

        Assert.Empty(slow.Requests);

        release.SetResult();
        await slow.WaitUntilAsync(r => r.Accepted == 10, Patience, Ct);
        foreach (var evt in slowEvents)
        {
            await WaitForStateAsync(host, slowSub.Id, evt.Id, DeliveryState.Delivered);
        }

        Assert.Equal(10, slow.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.Equal(10, (await host.Storage.Log.ListAsync(slowSub.Id, 100, Ct)).Count);
    }

    [Fact]
    public async Task Duplicates_from_queue_redelivery_are_suppressed()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var receiver = await WebhookReceiver.StartAsync(async (_, _) => { await Task.Delay(200); return (200, ""); });
        var subscription = await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        var events = Enumerable.Range(0, 20).Select(_ => NotificationTestHost.Event()).ToList();

        // The same fan-out message three times, and each resulting delivery message twice, some of them concurrently.
        var fanOut = new FanOutMessage(events).ToJson();
        for (var i = 0; i < 3; i++)
        {
            await host.Queue.SendMessageAsync(fanOut, Ct);
        }

        var deliver = new DeliverMessage(subscription.Id, events.Select(e => e.Id).ToList()).ToJson();
        await host.Queue.SendMessageAsync(deliver, Ct);
        await host.Queue.SendMessageAsync(deliver, Ct);
        await using (host.Pump())
        {
            await receiver.WaitUntilAsync(r => r.Accepted >= 20, Patience, Ct);
            await WaitForEmptyQueueAsync(host);
        }

        Assert.Equal(20, receiver.Requests.Count);
        Assert.Equal(20, receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());
    }

    [Fact]
    public async Task Events_reach_only_subscriptions_whose_scope_and_types_match()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);
        await using var city = await WebhookReceiver.StartAsync();
        await using var otherCity = await WebhookReceiver.StartAsync();
        await using var starsOnly = await WebhookReceiver.StartAsync();
        await host.SubscribeAsync(city.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), "/32/3201/", cancellationToken: Ct);
        await host.SubscribeAsync(otherCity.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), "/32/3202/", cancellationToken: Ct);
        await host.SubscribeAsync(starsOnly.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), "/32/", [NotificationEventTypes.StarLost], Ct);
        await using var pump = host.Pump();

        await host.PublishAsync([
            NotificationTestHost.Event(NotificationEventTypes.StepOpened, "/32/3201/320102/b7/"),
            NotificationTestHost.Event(NotificationEventTypes.StarLost, "/32/3201/320102/b8/"),
        ], Ct);
        await city.WaitUntilAsync(r => r.Accepted == 2, Patience, Ct);
        await starsOnly.WaitUntilAsync(r => r.Accepted == 1, Patience, Ct);
        await WaitForEmptyQueueAsync(host);

        Assert.Empty(otherCity.Requests);
        Assert.Equal("cn.branchrating.star.lost", JsonDocument.Parse(starsOnly.Requests.Single().Body).RootElement.GetProperty("type").GetString());
    }

    private static async Task WaitForStateAsync(NotificationTestHost host, string subscriptionId, string eventId, DeliveryState state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await host.Storage.Records.GetAsync(subscriptionId, eventId, Ct))?.State != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"delivery did not reach {state}");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task WaitForEmptyQueueAsync(NotificationTestHost host)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await host.Queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue did not drain");
            await Task.Delay(100, Ct);
        }

        await Task.Delay(500, Ct);
    }
}

public sealed class DeliveryBudgetTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_handler_past_its_budget_requeues_the_rest_and_everything_still_arrives_once()
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o =>
        {
            o.FanOut.HandlerBudget = TimeSpan.Zero;
            o.Sender.MaxConcurrencyPerEndpoint = 1;
        }, Ct);
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await host.SubscribeAsync(receiver.Url, WebhookFormat.CloudEvents, Signing.StandardWebhookSigner.NewSecret(), cancellationToken: Ct);
        var events = Enumerable.Range(0, 5).Select(_ => NotificationTestHost.Event()).ToList();
        await host.Storage.Records.CreateAsync(subscription.Id, events, DateTimeOffset.UtcNow, Ct);

        // One message of five events: with no budget left, the handler sends one and re-queues four.
        await host.QueueFunction.HandleAsync(new("m1", new DeliverMessage(subscription.Id, events.Select(e => e.Id).ToList()).ToJson(), 1, null), Ct);
        Assert.Single(receiver.Requests);
        var rest = NotificationMessage.Parse((await host.Queue.ReceiveMessageAsync(cancellationToken: Ct)).Value.MessageText);
        Assert.Equal(4, Assert.IsType<DeliverMessage>(rest).EventIds.Count);

        await host.Queue.SendMessageAsync(rest.ToJson(), Ct);
        await using (host.Pump())
        {
            await receiver.WaitUntilAsync(r => r.Accepted == 5, TimeSpan.FromSeconds(60), Ct);
        }

        Assert.Equal(5, receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        Assert.Equal(5, receiver.Requests.Count);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\":\"mystery\",\"version\":1}")]
    [InlineData("{\"kind\":\"deliver\",\"version\":2,\"subscriptionId\":\"s\",\"eventIds\":[\"e\"]}")]
    [InlineData("{\"kind\":\"deliver\",\"version\":1,\"eventIds\":[\"e\"]}")]
    [InlineData("{\"kind\":\"fanout\",\"version\":1,\"events\":[]}")]
    public async Task A_message_that_is_not_a_notification_message_is_poison_with_its_reason(string body)
    {
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, cancellationToken: Ct);

        var poison = await Assert.ThrowsAsync<BranchRating.Functions.Hosting.PoisonMessageException>(() =>
            host.QueueFunction.HandleAsync(new("m", body, 1, null), Ct));

        Assert.False(string.IsNullOrWhiteSpace(poison.Message));
    }
}

public sealed class SecretLoggingTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_log_line_of_a_delivery_retry_or_dead_letter_carries_a_secret_or_a_robot_key()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await NotificationTestHost.StartAsync(azurite.ConnectionString, o => o.Retry.MaxAttempts = 2, Ct, logs);
        await using var failing = await WebhookReceiver.StartAsync(500, "");
        await using var robot = await WebhookReceiver.StartAsync(200, "{\"errcode\":0}");
        var whsec = Signing.StandardWebhookSigner.NewSecret();
        const string dingSecret = "SECdingtalk-signing-secret-42";
        const string robotToken = "access-token-7f3a9";
        var dead = await host.SubscribeAsync(failing.Url, WebhookFormat.CloudEvents, whsec, cancellationToken: Ct);
        await host.SubscribeAsync(new Uri(robot.Url + "?access_token=" + robotToken), WebhookFormat.DingTalk, dingSecret, cancellationToken: Ct);
        await using var pump = host.Pump();

        var evt = NotificationTestHost.Event();
        await host.PublishAsync([evt], Ct);
        await robot.WaitUntilAsync(r => r.Accepted == 1, TimeSpan.FromSeconds(60), Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await host.Storage.Records.GetAsync(dead.Id, evt.Id, Ct))?.State != DeliveryState.DeadLettered)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(100, Ct);
        }

        Assert.Contains(logs.Lines, l => l.Contains("dead-lettered"));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(whsec[6..]) || l.Contains(dingSecret) || l.Contains(robotToken));
        var log = await host.Storage.Log.ListAsync(dead.Id, 10, Ct);
        Assert.DoesNotContain(log, l => (l.Error ?? "").Contains(whsec[6..]));
    }
}
