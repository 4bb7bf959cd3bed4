using Azure.Data.Tables;

namespace BranchRating.Storage.Tables;

/// <summary>
/// Stores a long string (JSON) across several string properties: a table string property holds at most 64 KiB
/// (32 K UTF-16 characters); an entity holds at most 1 MiB, which bounds the text at about 480 K characters.
/// </summary>
public static class LargeText
{
    public const int ChunkChars = 30_000;
    public const int MaxChunks = 16;

    public static void Write(TableEntity entity, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chunks = (text.Length + ChunkChars - 1) / ChunkChars;
        if (chunks > MaxChunks)
        {
            throw new ArgumentException($"'{name}' is {text.Length} characters; at most {MaxChunks * ChunkChars} fit in one entity.", nameof(text));
        }

        entity[name + "Parts"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[name + i] = text.Substring(i * ChunkChars, Math.Min(ChunkChars, text.Length - i * ChunkChars));
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        var parts = entity.GetInt32(name + "Parts");
        if (parts is null)
        {
            return null;
        }

        return string.Concat(Enumerable.Range(0, parts.Value).Select(i => entity.GetString(name + i)));
    }
}
