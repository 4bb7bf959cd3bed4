using System.Text.Json;
using System.Text.Json.Serialization;
using BranchRating.Notifications.Events;

namespace BranchRating.Notifications.Queue;

/// <summary>
/// The messages of the notifications queue (version 1, base64 on the wire as the queue trigger expects). A fan-out
/// message carries many events (a province-wide reminder is a few thousand messages, not hundreds of thousands); a
/// delivery message names one subscription and the events to deliver to it (their payloads are in the delivery records).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FanOutMessage), "fanout")]
[JsonDerivedType(typeof(DeliverMessage), "deliver")]
public abstract record NotificationMessage
{
    public int Version { get; init; } = 1;

    public string ToJson() => JsonSerializer.Serialize(this, NotificationJson.Options);

    /// <summary>Parses a message; <see cref="FormatException"/> names what is wrong (the caller poisons the message).</summary>
    public static NotificationMessage Parse(string json)
    {
        NotificationMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<NotificationMessage>(json, NotificationJson.Options);
        }
        catch (JsonException e)
        {
            throw new FormatException("not a notification message: " + e.Message, e);
        }
        catch (NotSupportedException e)
        {
            throw new FormatException("not a notification message (missing or unknown 'kind'): " + e.Message, e);
        }

        return message switch
        {
            null => throw new FormatException("empty message"),
            { Version: not 1 } => throw new FormatException($"unknown version {message.Version}"),
            FanOutMessage { Events: null or { Count: 0 } } => throw new FormatException("fan-out message without 'events'"),
            DeliverMessage { SubscriptionId: null or "" } => throw new FormatException("delivery message without 'subscriptionId'"),
            DeliverMessage { EventIds: null or { Count: 0 } } => throw new FormatException("delivery message without 'eventIds'"),
            _ => message,
        };
    }
}

public sealed record FanOutMessage(IReadOnlyList<NotificationEvent> Events) : NotificationMessage;

public sealed record DeliverMessage(string SubscriptionId, IReadOnlyList<string> EventIds) : NotificationMessage;
