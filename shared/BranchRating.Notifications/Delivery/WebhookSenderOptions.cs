namespace BranchRating.Notifications.Delivery;

/// <summary>Time limits and connection bounds of every webhook call.</summary>
public sealed class WebhookSenderOptions
{
    /// <summary>Whole request, connect to last response byte read.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many requests in flight to one endpoint (one subscription URL), per process.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>At most this much of a response body is read (robots answer with a short JSON).</summary>
    public int MaxResponseBytes { get; set; } = 4096;
}
