using Azure.Storage.Queues;
using BranchRating.Storage.Queues;

namespace BranchRating.Host.Storage;

/// <summary>
/// A received message that is not base64 (sent by a client without <see cref="QueueClientDefaults"/>) can never be
/// processed: it goes to the poison queue at once with that reason, instead of failing every receive of its queue.
/// </summary>
internal static class UndecodableMessages
{
    public const string Reason =
        "The message is not base64 encoded. Senders must use QueueMessageEncoding.Base64 (BranchRating.Storage.Queues.QueueClientDefaults).";

    public static async Task MoveToPoisonAsync(QueueMessageDecodingFailedEventArgs args, IServiceProvider provider)
    {
        if (args.ReceivedMessage is null)
        {
            return; // a peeked message: nothing to move
        }

        var poison = provider.GetRequiredService<PoisonQueue>();
        await poison.MoveAsync(args.Queue, args.ReceivedMessage, Reason, typeof(FormatException).FullName, args.CancellationToken);
        provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UndecodableMessages))
            .LogWarning("Message {MessageId} of queue {Queue} was not base64 and was moved to its poison queue", args.ReceivedMessage.MessageId, args.Queue.Name);
    }
}
