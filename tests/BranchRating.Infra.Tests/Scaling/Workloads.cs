using System.Text.Json.Nodes;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Scaling;

/// <summary>Lookups of the api, worker and scheduler in a snapshot, and of their settings.</summary>
public static class Workloads
{
    public static JsonObject Api(Snapshot snapshot) => snapshot.Named("Microsoft.App/containerApps", "ca-api-");

    public static JsonObject Worker(Snapshot snapshot) => snapshot.Named("Microsoft.App/containerApps", "ca-worker-");

    /// <summary>The scheduler, whether a container app (<c>ca-scheduler-</c>) or a job (<c>caj-scheduler-</c>).</summary>
    public static JsonObject Scheduler(Snapshot snapshot) =>
        Assert.Single(snapshot.Workloads(), w => ((string)w["name"]!).Contains("-scheduler-", StringComparison.Ordinal));

    public static JsonObject Container(JsonObject workload) =>
        Assert.Single(workload["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    public static IReadOnlyList<JsonObject> Env(JsonObject workload) =>
        Container(workload)["env"]?.AsArray().Select(e => e!.AsObject()).ToList() ?? [];

    public static string? Setting(JsonObject workload, string name) =>
        (string?)Env(workload).SingleOrDefault(e => (string?)e["name"] == name)?["value"];
}
