using BranchRating.Contracts;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Notifications.Delivery;
using BranchRating.Notifications.Queue;

namespace BranchRating.Functions.Notifications.Queues;

/// <summary>
/// The notifications queue: fan-out messages (events → delivery records + delivery messages) and delivery messages
/// (one subscription's events → HTTP). A message that is not a notification message of a known version is poison.
/// </summary>
public sealed class NotificationQueueFunction(FanOutHandler fanOut, DeliveryHandler delivery, NotificationStorage storage) : IQueueFunction
{
    /// <summary><see cref="StorageNames.Queues.Notifications"/>, unless the registered <see cref="NotificationStorage"/> names another queue (tests).</summary>
    public string QueueName => storage.Queue.Client.Name;

    public Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        NotificationMessage parsed;
        try
        {
            parsed = NotificationMessage.Parse(message.Body);
        }
        catch (FormatException e)
        {
            throw new PoisonMessageException(e.Message, e);
        }

        return parsed switch
        {
            FanOutMessage f => fanOut.HandleAsync(f, cancellationToken),
            DeliverMessage d => delivery.HandleAsync(d, cancellationToken),
            _ => throw new PoisonMessageException($"unknown notification message {parsed.GetType().Name}"),
        };
    }
}
