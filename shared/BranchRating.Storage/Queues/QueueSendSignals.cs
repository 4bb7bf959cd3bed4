namespace BranchRating.Storage.Queues;

/// <summary>
/// In-process notice that this process just sent a message to a queue, so that its own listener of that queue polls at
/// once instead of finishing its idle back-off (a publication's last bucket queues the rank stage for the same worker:
/// without the notice it waited up to the listener's longest polling interval). Only a hint: messages are still
/// received from the queue, with every delivery guarantee; listeners in other processes keep polling as before.
/// </summary>
public sealed class QueueSendSignals
{
    /// <summary>Raised with the queue's name after a message that is visible at once was sent.</summary>
    public event Action<string>? Sent;

    public void Notify(string queueName) => Sent?.Invoke(queueName);
}
