using System.Text;

namespace BranchRating.Notifications.Formats;

/// <summary>One message of a split list: its items, its position (1-based) among <see cref="Count"/>, and how many items were left out.</summary>
public sealed record MessagePart(IReadOnlyList<string> Items, int Index, int Count, int Omitted);

/// <summary>
/// Packs a list into as few messages as fit a vendor's size limit. <c>measure</c> returns the size of the message
/// a part would produce (in whatever unit <c>limit</c> is: body bytes, content bytes or characters). After
/// <c>maxParts</c> messages the rest of the list is summarised by a count ("另有 N 个未列出") instead of sent.
/// </summary>
public static class MessageSplitter
{
    public static IReadOnlyList<MessagePart> Split(IReadOnlyList<string> items, int limit, int maxParts, Func<MessagePart, int> measure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParts, 1);
        var empty = new MessagePart([], 1, 1, 0);
        if (measure(empty) > limit)
        {
            throw new ArgumentException($"The message without its list already exceeds the limit {limit} ({measure(empty)}).", nameof(items));
        }

        if (items.Count == 0)
        {
            return [empty];
        }

        var parts = new List<List<string>>();
        var omitted = 0;
        var next = 0;
        while (next < items.Count)
        {
            var isLast = parts.Count == maxParts - 1;
            var current = new List<string>();
            while (next < items.Count)
            {
                var candidate = new List<string>(current) { items[next] };
                var rest = items.Count - next - 1;
                var probe = new MessagePart(candidate, 99, 99, isLast ? rest : 0);
                if (measure(probe) <= limit)
                {
                    current = candidate;
                    next++;
                    continue;
                }

                if (current.Count == 0)
                {
                    // A single item too long for a message on its own: cut it until it fits.
                    var cut = Truncate(items[next], limit, isLast ? rest : 0, measure);
                    current.Add(cut);
                    next++;
                }

                break;
            }

            parts.Add(current);
            if (isLast && next < items.Count)
            {
                omitted = items.Count - next;
                break;
            }
        }

        return parts.Select((p, i) => new MessagePart(p, i + 1, parts.Count, i == parts.Count - 1 ? omitted : 0)).ToList();
    }

    /// <summary>The UTF-8 size of a string, the unit of the WeCom and body limits.</summary>
    public static int Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Truncate(string item, int limit, int omitted, Func<MessagePart, int> measure)
    {
        var length = item.Length;
        while (length > 0)
        {
            length /= 2;
            var cut = item[..length] + "…";
            if (measure(new MessagePart([cut], 99, 99, omitted)) <= limit)
            {
                // grow back towards the longest prefix that fits
                var step = Math.Max(1, length / 2);
                while (step >= 1 && length + step < item.Length)
                {
                    var longer = item[..(length + step)] + "…";
                    if (measure(new MessagePart([longer], 99, 99, omitted)) <= limit)
                    {
                        length += step;
                    }
                    else
                    {
                        step /= 2;
                    }
                }

                if (length == 0)
                {
                    return "…";
                }

                return char.IsHighSurrogate(item[length - 1]) ? item[..(length - 1)] + "…" : item[..length] + "…";
            }
        }

        return "…";
    }
}
