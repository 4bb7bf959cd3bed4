using System.Text;

namespace BranchRating.Storage.Tables;

/// <summary>
/// Partition keys. Everything keyed by an organization code lives in bucket partitions
/// <c>{campaignId}|{bucket}</c>, bucket = FNV-1a(code) mod the campaign's bucket count, so a province's load
/// spreads evenly over the buckets and a bucket's inputs can be read with one partition query.
/// </summary>
public static class Partitions
{
    public static int Bucket(string code, int buckets)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(code))
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)(hash % (uint)buckets);
    }

    public static string ForBucket(string campaignId, int bucket) => $"{campaignId}|{bucket:D3}";

    public static string ForCode(string campaignId, string code, int buckets) => ForBucket(campaignId, Bucket(code, buckets));

    /// <summary>Upper bound for a row-key prefix range query: every key starting with <paramref name="prefix"/> is below it.</summary>
    public static string PrefixEnd(string prefix) => prefix + "\uffff";

    /// <summary>Table keys may not contain / \ # ? or control characters.</summary>
    public static bool IsValidKeyPart(string value) =>
        value.Length is > 0 and <= 200 && !value.Any(c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c));
}
