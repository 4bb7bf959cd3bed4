using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Security;

/// <summary>No secret reaches the apps: no Container Apps secrets, no keys fetched, settings are endpoints and names.</summary>
public sealed partial class NoSecretsTests(CompiledInfrastructure infra)
{
    /// <summary>
    /// The one setting named like a secret that is allowed: the Application Insights connection string holds an
    /// instrumentation key that is not a credential once local auth is disabled (telemetry then needs an
    /// Entra token; the identity holds Monitoring Metrics Publisher). Checked below to come from that component.
    /// </summary>
    private const string InsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    [Fact]
    public void No_container_app_or_job_declares_secrets()
    {
        Assert.All(infra.Snapshot.Workloads(), w => Assert.Null(w["properties"]!["configuration"]!["secrets"]));
    }

    [Fact]
    public void No_setting_refers_to_a_secret()
    {
        Assert.All(infra.Snapshot.Containers(), c =>
            Assert.All(Env(c.Container), e => Assert.Null(e["secretRef"])));
    }

    [Fact]
    public void No_setting_has_a_secret_like_name_or_value()
    {
        Assert.All(infra.Snapshot.Containers(), c => Assert.All(Env(c.Container), e =>
        {
            var name = (string)e["name"]!;
            var value = (string)e["value"]!;
            Assert.DoesNotMatch(SecretLikeValue(), value);
            if (name != InsightsConnectionString)
            {
                Assert.DoesNotMatch(SecretLikeName(), name);
            }
        }));
    }

    [Fact]
    public void The_insights_connection_string_comes_from_the_component_that_refuses_local_auth()
    {
        var insights = infra.Snapshot.Single("Microsoft.Insights/components");
        var settings = infra.Snapshot.Containers()
            .SelectMany(c => Env(c.Container)).Where(e => (string?)e["name"] == InsightsConnectionString).ToList();

        Assert.All(settings, e => Assert.Equal(
            $"[reference('{Snapshot.Id(insights)}', '2020-02-02').ConnectionString]", (string)e["value"]!));
        Assert.True((bool)insights["properties"]!["DisableLocalAuth"]!);
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
        var rules = infra.Snapshot.OfType("Microsoft.App/containerApps")
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
