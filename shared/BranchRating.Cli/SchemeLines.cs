using System.Text;
using System.Text.Json;

namespace BranchRating.Cli;

/// <summary>
/// Maps the JSON paths of a document (<c>$.levels[0].name</c>, as <c>SchemeLoader</c> reports them) to their line,
/// so a refused scheme file's errors point at the line to edit.
/// </summary>
public sealed class SchemeLines
{
    private readonly Dictionary<string, int> _lines;

    private SchemeLines(Dictionary<string, int> lines) => _lines = lines;

    /// <summary>The line (1-based) of the path, or of its nearest enclosing value present in the file; null if none.</summary>
    public int? LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line)) return line;
        }

        return null;
    }

    public static SchemeLines Read(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<long>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') newlines.Add(i);
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        int LineAt(long offset)
        {
            var index = newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }

        var frames = new Stack<Frame>();
        string? property = null;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                var line = LineAt(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = frames.Peek().Path + "." + reader.GetString();
                        lines.TryAdd(property, line);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ValuePath(frames, ref property);
                        lines.TryAdd(path, line);
                        frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        lines.TryAdd(ValuePath(frames, ref property), line);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: the loader reports the line itself; keep what was read.
        }

        return new SchemeLines(lines);
    }

    private static string ValuePath(Stack<Frame> frames, ref string? property)
    {
        if (frames.Count == 0) return "$";
        var frame = frames.Peek();
        if (frame.IsArray) return $"{frame.Path}[{frame.Next++}]";
        var path = property ?? frame.Path;
        property = null;
        return path;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? (path == "$" ? "" : "$") : path[..cut];
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Next { get; set; }
    }
}
