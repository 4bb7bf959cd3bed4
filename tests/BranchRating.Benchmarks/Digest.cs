using System.Security.Cryptography;
using System.Text.Json;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;

namespace BranchRating.Benchmarks;

/// <summary>
/// Rates N organizations of the benchmark workload and prints the SHA-256 of the whole run serialized as JSON:
/// an engine optimization must leave this digest unchanged (results identical bit for bit).
/// </summary>
public static class Digest
{
    public static void Run(int n, bool ordered = false)
    {
        var engine = new RatingEngine(Presets.Get("anyang-100"));
        var run = engine.Rate(Workload.Organizations(n, ordered: ordered));
        var json = JsonSerializer.SerializeToUtf8Bytes(run);
        Console.WriteLine($"{n} organizations{(ordered ? " (ordered scores)" : "")}, {json.Length} bytes of JSON, SHA-256 {Convert.ToHexString(SHA256.HashData(json))}");
    }
}
