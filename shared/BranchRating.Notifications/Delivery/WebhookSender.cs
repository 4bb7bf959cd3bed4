using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using BranchRating.Notifications.Formats;

namespace BranchRating.Notifications.Delivery;

/// <summary>What one HTTP attempt gave: accepted, or the reason and whether a retry may help; the status and latency.</summary>
public sealed record DeliveryAttemptResult(bool Accepted, bool Retryable, int? StatusCode, TimeSpan Latency, string? Error);

/// <summary>
/// Sends webhook requests: no proxy, no redirects followed, a timeout on every call, the <see cref="EndpointGuard"/> as
/// connect callback, and at most <see cref="WebhookSenderOptions.MaxConcurrencyPerEndpoint"/> calls in flight per
/// endpoint (the subscription's URL: robots share a host but each robot URL is its own endpoint with its own rate
/// limit), so one slow endpoint holds only its own slots. Never logs bodies or signing material.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly EndpointGuard _guard;
    private readonly WebhookSenderOptions _options;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public WebhookSender(EndpointGuard guard, WebhookSenderOptions? options = null)
    {
        _guard = guard;
        _options = options ?? new WebhookSenderOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _options.ConnectTimeout,
            ConnectCallback = guard.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("BranchRating-Webhooks/1.0");
    }

    /// <summary>
    /// Sends one request. <paramref name="endpointKey"/> names the endpoint whose concurrency is bounded (the
    /// subscription's URL before signing parameters); by default the request URL without its query.
    /// </summary>
    public async Task<DeliveryAttemptResult> SendAsync(WebhookRequest request, IWebhookFormatter formatter, CancellationToken cancellationToken = default, string? endpointKey = null)
    {
        if (_guard.CheckForm(request.Uri) is { } formError)
        {
            return new DeliveryAttemptResult(false, false, null, TimeSpan.Zero, "endpoint refused: " + formError);
        }

        var gate = _gates.GetOrAdd(endpointKey ?? request.Uri.GetLeftPart(UriPartial.Path), _ => new SemaphoreSlim(Math.Max(1, _options.MaxConcurrencyPerEndpoint)));
        await gate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Uri) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadLimitedAsync(response.Content, timeout.Token);
            var verdict = formatter.Judge((int)response.StatusCode, body);
            return new DeliveryAttemptResult(verdict.Accepted, verdict.Retryable, (int)response.StatusCode, clock.Elapsed, verdict.Error);
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return new DeliveryAttemptResult(false, false, null, clock.Elapsed, "endpoint refused: " + refused.Message);
        }
        catch (EndpointRefusedException e)
        {
            return new DeliveryAttemptResult(false, false, null, clock.Elapsed, "endpoint refused: " + e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttemptResult(false, true, null, clock.Elapsed, $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttemptResult(false, true, null, clock.Elapsed, "connection failed: " + (e.InnerException?.Message ?? e.Message));
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => _http.Dispose();

    private static EndpointRefusedException? Refusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is EndpointRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[_options.MaxResponseBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
