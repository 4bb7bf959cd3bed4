using System.Text.Json;

namespace BranchRating.Storage.Queues;

/// <summary>
/// What the host writes to <c>&lt;queue&gt;-poison</c>: the original message and why it could not be processed.
/// <para>JSON, camelCase: <c>{"poisonFormat":1,"queue":"ranking","messageId":"…","dequeueCount":5,"insertedOn":"…",
/// "failedAt":"…","reason":"…","exceptionType":"System.InvalidOperationException","originalMessage":…}</c>.
/// <c>originalMessage</c> is the original body embedded as JSON when it is a JSON object or array (byte for byte,
/// so nothing is re-escaped), otherwise as a JSON string. <see cref="PoisonQueue.ReplayAsync"/> restores it exactly.</para>
/// </summary>
public sealed record PoisonMessage(
    string Queue,
    string MessageId,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset FailedAt,
    string Reason,
    string? ExceptionType,
    string OriginalMessage)
{
    public const int FormatVersion = 1;

    /// <summary>Longest reason kept; a longer exception message is cut (the poison message must stay under 64 KiB).</summary>
    public const int MaxReasonLength = 2048;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep Chinese text and quotes readable in Storage Explorer; the text is data, never HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("poisonFormat", FormatVersion);
            writer.WriteString("queue", Queue);
            writer.WriteString("messageId", MessageId);
            writer.WriteNumber("dequeueCount", DequeueCount);
            if (InsertedOn is { } inserted)
            {
                writer.WriteString("insertedOn", inserted);
            }

            writer.WriteString("failedAt", FailedAt);
            writer.WriteString("reason", Reason.Length > MaxReasonLength ? Reason[..MaxReasonLength] + "…" : Reason);
            if (ExceptionType is not null)
            {
                writer.WriteString("exceptionType", ExceptionType);
            }

            writer.WritePropertyName("originalMessage");
            if (IsJsonContainer(OriginalMessage))
            {
                writer.WriteRawValue(OriginalMessage, skipInputValidation: true);
            }
            else
            {
                writer.WriteStringValue(OriginalMessage);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a poison message written by <see cref="ToJson"/>; null when <paramref name="text"/> is not one (e.g. a body copied as is by Azure Functions).</summary>
    public static PoisonMessage? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("poisonFormat", out var format) || format.ValueKind != JsonValueKind.Number
                || !root.TryGetProperty("originalMessage", out var original))
            {
                return null;
            }

            return new PoisonMessage(
                Queue: root.TryGetProperty("queue", out var q) ? q.GetString() ?? "" : "",
                MessageId: root.TryGetProperty("messageId", out var id) ? id.GetString() ?? "" : "",
                DequeueCount: root.TryGetProperty("dequeueCount", out var count) ? count.GetInt64() : 0,
                InsertedOn: root.TryGetProperty("insertedOn", out var inserted) ? inserted.GetDateTimeOffset() : null,
                FailedAt: root.TryGetProperty("failedAt", out var failed) ? failed.GetDateTimeOffset() : default,
                Reason: root.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "",
                ExceptionType: root.TryGetProperty("exceptionType", out var type) ? type.GetString() : null,
                OriginalMessage: original.ValueKind == JsonValueKind.String ? original.GetString()! : original.GetRawText());
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsJsonContainer(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.IsEmpty || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return false;
        }

        // Embedded raw only when it is exactly one valid JSON value and has no surrounding whitespace to lose.
        if (trimmed.Length != text.Length || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }

        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
