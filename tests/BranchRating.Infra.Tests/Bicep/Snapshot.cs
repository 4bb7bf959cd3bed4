using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BranchRating.Infra.Tests.Bicep;

/// <summary>The predicted resources of a <c>bicep snapshot</c>, with the lookups the tests need.</summary>
public sealed partial class Snapshot(IReadOnlyList<JsonObject> resources)
{
    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    public JsonObject Named(string type, string namePrefix) =>
        Assert.Single(OfType(type), r => ((string)r["name"]!).StartsWith(namePrefix, StringComparison.Ordinal));

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    public static string LastNameSegment(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    /// <summary>
    /// The scope of an extension resource such as a role assignment. A role assignment's id is known only at
    /// deployment time (its name hashes the principal id), so the snapshot keeps it as
    /// <c>[extensionResourceId('&lt;scope&gt;', 'Microsoft.Authorization/roleAssignments', …)]</c>.
    /// </summary>
    public static string ExtensionScope(JsonObject resource)
    {
        var id = Id(resource);
        var match = ExtensionResourceId().Match(id);
        if (match.Success)
        {
            return match.Groups["scope"].Value;
        }

        var marker = id.IndexOf("/providers/Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase);
        Assert.True(marker > 0, $"'{id}' is not the id of an extension resource");
        return id[..marker];
    }

    /// <summary>Every container of a container app or job, with the resource it belongs to.</summary>
    public IEnumerable<(JsonObject Resource, JsonObject Container)> Containers() =>
        Workloads().SelectMany(w => w["properties"]!["template"]!["containers"]!.AsArray()
            .Select(c => (w, c!.AsObject())));

    /// <summary>The container apps and the container apps jobs.</summary>
    public IReadOnlyList<JsonObject> Workloads() =>
        OfType("Microsoft.App/containerApps").Concat(OfType("Microsoft.App/jobs")).ToList();

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']+)',\s*'Microsoft\.Authorization/roleAssignments'")]
    private static partial Regex ExtensionResourceId();
}
