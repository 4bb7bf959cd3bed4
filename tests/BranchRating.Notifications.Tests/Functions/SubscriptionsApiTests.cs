using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Functions.Notifications;
using BranchRating.Notifications.Tests.Support;
using BranchRating.Storage.Notifications;
using BranchRating.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchRating.Notifications.Tests.Functions;

/// <summary>The /api/v1/subscriptions endpoints over HTTP (Kestrel on 127.0.0.1), storage on Azurite.</summary>
public sealed class SubscriptionsApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private QueuePump? _pump;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var queue = NotificationTestHost.AddServices(builder.Services, azurite.ConnectionString, o => o.Retry.MaxAttempts = 2);
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.MapNotificationFunctions();
        await _app.StartAsync();
        await _app.Services.GetRequiredService<NotificationStorage>().EnsureCreatedAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
        var function = _app.Services.GetServices<BranchRating.Functions.Hosting.IQueueFunction>().Single();
        _pump = new QueuePump(queue, (body, n, ct) => function.HandleAsync(new(Guid.NewGuid().ToString(), body, n, null), ct)).Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_pump is not null)
        {
            await _pump.DisposeAsync();
        }

        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> CreateAsync(object body) => _http.PostAsJsonAsync("/api/v1/subscriptions", body, Ct);

    private static object Valid(Uri endpoint, string format = "cloudevents", string? secret = null) => new
    {
        name = "南京市委组织部",
        scope = "/32/3201/",
        eventTypes = new[] { "cn.branchrating.step.opened", "cn.branchrating.star.lost" },
        endpoint = endpoint.ToString(),
        format,
        secret,
    };

    [Fact]
    public async Task The_secret_is_shown_once_at_creation_and_never_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await CreateAsync(Valid(receiver.Url));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", secret);

        var one = await _http.GetStringAsync($"/api/v1/subscriptions/{id}", Ct);
        var all = await _http.GetStringAsync("/api/v1/subscriptions", Ct);
        var ping = await _http.PostAsync($"/api/v1/subscriptions/{id}/ping", null, Ct);
        var log = await _http.GetStringAsync($"/api/v1/subscriptions/{id}/deliveries", Ct);

        Assert.Contains(id, one);
        Assert.Contains(id, all);
        foreach (var text in new[] { one, all, await ping.Content.ReadAsStringAsync(Ct), log })
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(secret[6..20], text);
        }

        // The ping reached the receiver signed with that secret.
        Assert.True((await ping.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetBoolean());
        Assert.True(Verifiers.StandardWebhooks(receiver.Requests.Single(), secret));
        Assert.Contains("cn.branchrating.ping", log);
    }

    [Fact]
    public async Task Robot_urls_are_masked_in_answers()
    {
        var created = await CreateAsync(Valid(new Uri("http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-secret-key"), "wecom"));
        var body = await created.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("693a91f6", body);
        Assert.Contains("key=***", body);
    }

    [Theory]
    [InlineData("endpoint", "https://10.0.0.8/hook", "cloudevents", null)]
    [InlineData("endpoint", "http://192.168.1.20/hook", "cloudevents", null)]
    [InlineData("endpoint", "https://169.254.169.254/latest/meta-data", "cloudevents", null)]
    [InlineData("endpoint", "https://[::1]/hook", "cloudevents", null)]
    [InlineData("endpoint", "not a url", "cloudevents", null)]
    [InlineData("format", "https://127.0.0.1/hook", "slack", null)]
    [InlineData("secret", "http://127.0.0.1:9/hook", "cloudevents", "plain-secret")]
    [InlineData("secret", "http://127.0.0.1:9/hook", "wecom", "anything")]
    public async Task Refusals_are_problem_details_naming_the_field(string field, string endpoint, string format, string? secret)
    {
        var response = await CreateAsync(new { name = "x", scope = "/32/", eventTypes = new[] { "cn.branchrating.step.opened" }, endpoint, format, secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var response = await CreateAsync(new { name = "", scope = "32/3201", eventTypes = new[] { "cn.branchrating.unknown" }, endpoint = "ftp://x", format = "cloudevents" });

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["endpoint", "eventTypes", "name", "scope"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("cn.branchrating.unknown", errors.GetProperty("eventTypes")[0].GetString());
    }

    [Fact]
    public async Task A_deleted_subscription_is_gone()
    {
        var id = (await (await CreateAsync(Valid(new Uri("http://127.0.0.1:9/h")))).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/subscriptions/{id}", Ct)).StatusCode);
        var again = await _http.GetAsync($"/api/v1/subscriptions/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync($"/api/v1/subscriptions/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_dead_lettered_delivery_is_redelivered_by_hand_once_the_endpoint_is_fixed()
    {
        var broken = true;
        await using var receiver = await WebhookReceiver.StartAsync((_, _) => Task.FromResult(broken ? (500, "") : (200, "")));
        var created = await (await CreateAsync(Valid(receiver.Url))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetString()!;
        var storage = _app.Services.GetRequiredService<NotificationStorage>();
        var evt = NotificationTestHost.Event(BranchRating.Notifications.Events.NotificationEventTypes.StepOpened, "/32/3201/b9/");
        await storage.Queue.SendAsync(new BranchRating.Notifications.Queue.FanOutMessage([evt]), cancellationToken: Ct);

        await WaitAsync(async () => (await storage.Records.GetAsync(id, evt.Id, Ct))?.State == DeliveryState.DeadLettered);
        var letters = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/dead-letters", Ct);
        Assert.Contains("HTTP 500", letters[0].GetProperty("reason").GetString());

        broken = false;
        var redeliver = await _http.PostAsync($"/api/v1/subscriptions/{id}/deliveries/{evt.Id}/redeliver", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await WaitAsync(async () => (await storage.Records.GetAsync(id, evt.Id, Ct))?.State == DeliveryState.Delivered);

        Assert.Equal(1, receiver.Accepted);
        Assert.Empty(await _http.GetFromJsonAsync<JsonElement[]>($"/api/v1/subscriptions/{id}/dead-letters", Ct) ?? []);
        var status = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/deliveries/{evt.Id}", Ct);
        Assert.Equal("Delivered", status.GetProperty("state").GetString());

        // A delivered event cannot be redelivered.
        var refused = await _http.PostAsync($"/api/v1/subscriptions/{id}/deliveries/{evt.Id}/redeliver", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("eventId", await refused.Content.ReadAsStringAsync(Ct));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 60 s");
            await Task.Delay(100, Ct);
        }
    }
}
