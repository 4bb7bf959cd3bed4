using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchRating.Notifications.Tests.Support;

/// <summary>A request as a receiver saw it, and the status it answered.</summary>
public sealed record ReceivedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At, int Status);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a free port) for webhook tests. <c>respond</c> is given the request
/// and its 1-based number and returns the status and body to answer with.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    public int Accepted => _requests.Count(r => r.Status is >= 200 and < 300);

    public static Task<WebhookReceiver> StartAsync(int status = 200, string body = "{\"errcode\":0,\"code\":0}") =>
        StartAsync((_, _) => Task.FromResult((status, body)));

    public static async Task<WebhookReceiver> StartAsync(Func<ReceivedRequest, int, Task<(int Status, string Body)>> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var seen = new ReceivedRequest(context.Request.Path + context.Request.QueryString, headers, buffer.ToArray(), DateTimeOffset.UtcNow, 0);
            var number = Interlocked.Increment(ref receiver._count);
            var (status, body) = await respond(seen, number);
            receiver._requests.Enqueue(seen with { Status = status, At = DateTimeOffset.UtcNow });
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.Replace("[::]", "127.0.0.1") + "/hook");
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws with what was seen when it does not within the timeout.</summary>
    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Receiver {Url}: condition not met within {timeout}; {Requests.Count} requests, {Accepted} accepted.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
