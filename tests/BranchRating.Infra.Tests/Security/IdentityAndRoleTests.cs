using System.Text.Json.Nodes;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Security;

/// <summary>Every workload runs as the one user-assigned identity, which holds only the roles it needs, each on one resource.</summary>
public sealed class IdentityAndRoleTests(CompiledInfrastructure infra)
{
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private string IdentityId => Snapshot.Id(infra.Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));

    private IReadOnlyList<JsonObject> RoleAssignments => infra.Snapshot.OfType("Microsoft.Authorization/roleAssignments");

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void The_api_the_worker_and_the_scheduler_all_run_as_the_user_assigned_identity_only(string variant)
    {
        var workloads = infra.Variant(variant).Workloads();

        Assert.Equal(3, workloads.Count);
        Assert.All(workloads, w =>
        {
            var identity = w["identity"]!;
            Assert.Equal("UserAssigned", (string)identity["type"]!);
            Assert.Equal([IdentityId], identity["userAssignedIdentities"]!.AsObject().Select(i => i.Key));
        });
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void Images_are_pulled_with_the_identity_not_a_registry_password(string variant)
    {
        Assert.All(infra.Variant(variant).Workloads(), w =>
        {
            var registry = Assert.Single(w["properties"]!["configuration"]!["registries"]!.AsArray())!;
            Assert.Equal(IdentityId, (string)registry["identity"]!);
            Assert.Null(registry["passwordSecretRef"]);
            Assert.Null(registry["username"]);
        });
    }

    [Fact]
    public void The_identity_gets_exactly_the_needed_roles_each_scoped_to_its_resource()
    {
        var storage = Snapshot.Id(infra.Snapshot.Single("Microsoft.Storage/storageAccounts"));
        var registry = Snapshot.Id(infra.Snapshot.Single("Microsoft.ContainerRegistry/registries"));
        var vault = Snapshot.Id(infra.Snapshot.Single("Microsoft.KeyVault/vaults"));
        var insights = Snapshot.Id(infra.Snapshot.Single("Microsoft.Insights/components"));
        (string Scope, string Role)[] expected =
        [
            (storage, StorageQueueDataContributor),
            (storage, StorageTableDataContributor),
            (storage, StorageBlobDataContributor),
            (registry, AcrPull),
            (vault, KeyVaultSecretsOfficer),
            (insights, MonitoringMetricsPublisher),
        ];

        var actual = RoleAssignments.Select(a => (Scope: Snapshot.ExtensionScope(a), Role: RoleId(a)));

        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void No_role_is_assigned_on_the_resource_group_or_the_subscription()
    {
        Assert.All(RoleAssignments, a =>
        {
            var scope = Snapshot.ExtensionScope(a);
            Assert.Contains("/providers/", scope, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"^/subscriptions/[^/]+(/resourceGroups/[^/]+)?$", scope);
        });
    }

    [Fact]
    public void Role_assignments_are_for_the_identity_and_named_by_scope_principal_and_role()
    {
        var principal = $"reference('{IdentityId}', '2023-01-31').principalId";

        Assert.NotEmpty(RoleAssignments);
        Assert.All(RoleAssignments, a =>
        {
            Assert.Equal($"[{principal}]", (string)a["properties"]!["principalId"]!);
            Assert.Equal("ServicePrincipal", (string)a["properties"]!["principalType"]!);
            Assert.Equal($"[guid('{Snapshot.ExtensionScope(a)}', {principal}, '{RoleId(a)}')]", (string)a["name"]!);
        });
    }

    [Fact]
    public void The_deploying_user_gets_only_key_vault_secrets_officer_on_the_vault_and_only_when_named()
    {
        var vault = Snapshot.Id(infra.AppSnapshot.Single("Microsoft.KeyVault/vaults"));
        var operatorAssignments = infra.AppSnapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => (string?)a["properties"]!["principalId"] == CompiledInfrastructure.OperatorPrincipalId).ToList();

        var assignment = Assert.Single(operatorAssignments);
        Assert.Equal(vault, Snapshot.ExtensionScope(assignment));
        Assert.Equal(KeyVaultSecretsOfficer, RoleId(assignment));
        Assert.Equal("User", (string)assignment["properties"]!["principalType"]!);
        Assert.Equal(RoleAssignments.Count + 1, infra.AppSnapshot.OfType("Microsoft.Authorization/roleAssignments").Count);
    }

    private static string RoleId(JsonObject assignment) =>
        ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];
}
