using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BranchRating.Security.Audit;

/// <summary>
/// The chain's arithmetic. A record's hash is SHA-256 over the previous record's hash, a newline, and the record's
/// canonical content (a JSON object with fixed member order; strings as given). The first record's "previous hash"
/// is SHA-256 of the chain's name, so records cannot be moved between chains.
/// </summary>
public static class AuditHashing
{
    public static string Genesis(string chain) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("branchrating/audit/v1/" + chain)));

    public static string CanonicalContent(string chain, long sequence, string at, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("chain", chain);
            writer.WriteNumber("seq", sequence);
            writer.WriteString("at", at);
            writer.WriteString("who", entry.Who);
            writer.WriteString("role", entry.Role);
            writer.WriteString("step", entry.Step);
            writer.WriteString("entity", entry.Entity);
            writer.WriteString("before", entry.BeforeJson);
            writer.WriteString("after", entry.AfterJson);
            writer.WriteString("reason", entry.Reason);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Hash(string previousHash, string canonicalContent) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + canonicalContent)));

    public static string Hash(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Hash(record.PreviousHash, CanonicalContent(record.Chain, record.Sequence, record.At, record.Entry));
    }
}
