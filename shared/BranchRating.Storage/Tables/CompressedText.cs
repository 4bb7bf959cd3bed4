using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;

namespace BranchRating.Storage.Tables;

/// <summary>
/// Stores a long text (JSON) Brotli-compressed in one binary property <c>{name}Br</c> (≤ 64 KiB), or, when it does not
/// compress that small, as <see cref="LargeText"/>. A result's explanation (≈ 1.6 KB of JSON) becomes ≈ 0.7 KB: fewer
/// bytes for the table service to parse and keep per row (in Azurite, 20,000 such rows inserted 1.3–1.4× faster).
/// <see cref="Read"/> takes either form, so rows written before compression still read.
/// </summary>
public static class CompressedText
{
    /// <summary>Largest compressed payload kept in the binary property (a binary property holds at most 64 KiB).</summary>
    public const int MaxCompressedBytes = 60_000;

    public static string PropertyName(string name) => name + "Br";

    public static void Write(TableEntity entity, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text));
        }

        if (buffer.Length <= MaxCompressedBytes)
        {
            entity[PropertyName(name)] = buffer.ToArray();
        }
        else
        {
            LargeText.Write(entity, name, text);
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetBinary(PropertyName(name)) is not { } compressed)
        {
            return LargeText.Read(entity, name);
        }

        using var brotli = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
