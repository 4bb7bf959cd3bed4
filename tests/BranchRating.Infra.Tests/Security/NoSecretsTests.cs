using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Security;

/// <summary>
/// No secret reaches the apps through the template: no Container Apps secrets, no keys fetched, no secret value or
/// Key Vault secret deployed, settings are endpoints and names. The one secret (the ballot pepper) stays in Key Vault:
/// the api gets the vault's URI and reads it at start as the user-assigned identity.
/// </summary>
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
            if (!NotSecrets.Contains(name))
            {
                Assert.DoesNotMatch(SecretLikeName(), name);
            }
        }));
    }

    [Fact]
    public void The_name_rule_catches_secret_settings_but_not_the_vault_address()
    {
        Assert.Matches(SecretLikeName(), "Ballots__PepperKey");
        Assert.Matches(SecretLikeName(), "Notifications__SigningKey");
        Assert.DoesNotMatch(SecretLikeName(), "KeyVault__VaultUri");
    }

    [Fact]
    public void The_template_creates_no_key_vault_secret_and_takes_no_secure_parameter()
    {
        // A secret value would have to arrive through one of these: neither exists, so none is in any deployment.
        Assert.All(Snapshots, s => Assert.Empty(s.OfType("Microsoft.KeyVault/vaults/secrets")));
        var compiled = infra.Template.ToJsonString();
        Assert.DoesNotContain("securestring", compiled, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secureObject", compiled, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Ballots__PepperKey", compiled, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_reads_the_vault_of_this_deployment_as_the_user_assigned_identity_which_may_read_its_secrets()
    {
        var api = Scaling.Workloads.Api(infra.Snapshot);
        var vault = infra.Snapshot.Single("Microsoft.KeyVault/vaults");
        var identity = infra.Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        var vaultUri = Scaling.Workloads.Setting(api, "KeyVault__VaultUri");
        Assert.NotNull(vaultUri);
        Assert.Contains(Snapshot.Id(vault), vaultUri, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("vaultUri", vaultUri, StringComparison.Ordinal);
        Assert.Contains(Snapshot.Id(identity), Scaling.Workloads.Setting(api, "AZURE_CLIENT_ID"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([Snapshot.Id(identity)], api["identity"]!["userAssignedIdentities"]!.AsObject().Select(i => i.Key));

        // Key Vault Secrets User (read) or Secrets Officer (read, write) for that identity, on that vault.
        string[] canRead = ["4633458b-17de-408a-b874-0445c86b69e6", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"];
        Assert.Contains(infra.Snapshot.OfType("Microsoft.Authorization/roleAssignments"), a =>
            Snapshot.ExtensionScope(a) == Snapshot.Id(vault)
            && canRead.Contains(((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1])
            && ((string)a["properties"]!["principalId"]!).Contains(Snapshot.Id(identity), StringComparison.OrdinalIgnoreCase));
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

    /// <summary>
    /// Settings whose names look secret but whose values are not: the Application Insights connection string names the
    /// resource; with local auth disabled on it (asserted below) it cannot write telemetry without an Entra ID token.
    /// </summary>
    private static readonly HashSet<string> NotSecrets = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

    [Fact]
    public void The_application_insights_connection_string_grants_nothing_because_local_auth_is_disabled()
    {
        var insights = infra.Snapshot.Single("Microsoft.Insights/components");
        var api = Scaling.Workloads.Api(infra.Snapshot);

        Assert.True((bool)insights["properties"]!["DisableLocalAuth"]!);
        Assert.Contains(Snapshot.Id(insights), Scaling.Workloads.Setting(api, "APPLICATIONINSIGHTS_CONNECTION_STRING"), StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<JsonObject> Env(JsonObject container) =>
        container["env"]?.AsArray().Select(e => e!.AsObject()) ?? [];

    [GeneratedRegex("(?i)(AccountKey=|SharedAccessSignature=|[?&]sig=|password|secret=|listKeys|listSecrets|listCredentials)")]
    private static partial Regex SecretLikeValue();

    // "KeyVault" names the service whose address is given, not a key.
    [GeneratedRegex("(?i)(key(?!vault)|secret|password|passwd|token|sas|connection_?string|credential)")]
    private static partial Regex SecretLikeName();

    [GeneratedRegex(@"(?i)\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();
}
