using Azure.Storage.Queues;

namespace BranchRating.Storage.Queues;

/// <summary>
/// The one place that sets how queue messages are encoded. The Functions queue trigger expects base64, so both
/// sides use <see cref="QueueMessageEncoding.Base64"/>: the host's listener, every sender and the poison queue.
/// The host registers its <see cref="QueueServiceClient"/> with these options; a client built anywhere else
/// (tools, benchmarks, tests) must come from <see cref="CreateServiceClient"/> or <see cref="Apply"/>.
/// </summary>
public static class QueueClientDefaults
{
    public const QueueMessageEncoding MessageEncoding = QueueMessageEncoding.Base64;

    /// <summary>Sets the shared encoding on <paramref name="options"/> and returns it.</summary>
    public static QueueClientOptions Apply(QueueClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MessageEncoding = MessageEncoding;
        return options;
    }

    /// <summary>New options with the shared encoding.</summary>
    public static QueueClientOptions CreateOptions() => Apply(new QueueClientOptions());

    /// <summary>A service client for a connection string (Azurite: <c>UseDevelopmentStorage=true</c>) with the shared encoding.</summary>
    public static QueueServiceClient CreateServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new QueueServiceClient(connectionString, CreateOptions());
    }
}
