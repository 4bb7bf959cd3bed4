using System.Globalization;

namespace BranchRating.Testing;

/// <summary>
/// Host settings that make the campaign pipeline quick under test: no settle delay and no campaign cache, few buckets,
/// and the submission and ranking queues polled often with immediate retries.
/// </summary>
public static class PipelineTestSettings
{
    public static Dictionary<string, string?> Fast(string roles, int buckets = 4)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Host:Roles"] = roles,
            ["Pipeline:CampaignCacheTtl"] = "00:00:00",
            ["Pipeline:SettleDelay"] = "00:00:00",
            ["Pipeline:Buckets"] = buckets.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var queue in new[] { "submissions", "ranking" })
        {
            settings[$"Queues:{queue}:RetryDelay"] = "00:00:00";
            settings[$"Queues:{queue}:MinPollingInterval"] = "00:00:00.050";
            settings[$"Queues:{queue}:MaxPollingInterval"] = "00:00:00.200";
        }

        return settings;
    }
}
