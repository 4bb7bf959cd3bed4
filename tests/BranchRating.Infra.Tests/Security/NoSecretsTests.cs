using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Security;

/// <summary>No secret reaches the apps: no Container Apps secrets, no keys fetched, settings are endpoints and names.</summary>
public sealed partial class NoSecretsTests(CompiledInfrastructure infra)
{
    /// <summary>Every workload of both scheduler variants.</summary>
    private IEnumerable<Snapshot> Snapshots => [infra.Snapshot, infra.AppSnapshot];

    [Fact]
    public void No_container_app_or_job_declares_secrets()
    {
        Assert.All(Snapshots.SelectMany(s => s.Workloads()), w => Assert.Null(w["properties"]!["configuration"]!["secrets"]));
    }

    [Fact]
    public void No_setting_refers_to_a_secret()
    {
        Assert.All(Snapshots.SelectMany(s => s.Containers()), c =>
            Assert.All(Env(c.Container), e => Assert.Null(e["secretRef"])));
    }

    [Fact]
    public void No_setting_has_a_secret_like_name_or_value()
    {
        Assert.All(Snapshots.SelectMany(s => s.Containers()), c => Assert.All(Env(c.Container), e =>
        {
            var name = (string)e["name"]!;
            var value = (string)e["value"]!;
            Assert.DoesNotMatch(SecretLikeValue(), value);
            Assert.DoesNotMatch(SecretLikeName(), name);
        }));
    }

    [Fact]
    public void The_template_never_fetches_keys_or_credentials()
    {
        var compiled = infra.Template.ToJsonString();

        Assert.DoesNotMatch(ListFunction(), compiled);
    }

    [Fact]
    public void Scale_rules_authenticate_with_the_identity_not_with_secrets()
    {
        var rules = Snapshots.SelectMany(s => s.OfType("Microsoft.App/containerApps"))
            .SelectMany(a => a["properties"]!["template"]!["scale"]!["rules"]?.AsArray() ?? []);

        Assert.All(rules, r =>
        {
            Assert.Null(r!["azureQueue"]?["auth"]);
            Assert.Null(r["custom"]?["auth"]);
            Assert.Null(r["http"]?["auth"]);
        });
    }

    private static IEnumerable<JsonObject> Env(JsonObject container) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [];

    [GeneratedRegex("(?i)(AccountKey=|SharedAccessSignature=|[?&]sig=|password|secret=|listKeys|listSecrets|listCredentials)")]
    private static partial Regex SecretLikeValue();

    [GeneratedRegex("(?i)(key|secret|password|passwd|token|sas|connection_?string|credential)")]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"(?i)\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();
}
