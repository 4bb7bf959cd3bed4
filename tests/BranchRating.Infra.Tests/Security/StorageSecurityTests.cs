using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Security;

/// <summary>Storage, registry, vault and monitoring accept Entra identities only.</summary>
public sealed class StorageSecurityTests(CompiledInfrastructure infra)
{
    [Fact]
    public void The_storage_account_refuses_shared_keys_public_blobs_old_tls_and_plain_http()
    {
        var properties = infra.Snapshot.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["isLocalUserEnabled"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string)properties["minimumTlsVersion"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void The_registry_has_no_admin_user()
    {
        var registry = infra.Snapshot.Single("Microsoft.ContainerRegistry/registries");

        Assert.False((bool)registry["properties"]!["adminUserEnabled"]!);
    }

    [Fact]
    public void The_key_vault_is_governed_by_azure_rbac_without_access_policies()
    {
        var properties = infra.Snapshot.Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.Null(properties["accessPolicies"]);
        Assert.True((bool)properties["enableSoftDelete"]!);
    }

    [Fact]
    public void Monitoring_accepts_no_local_keys()
    {
        var insights = infra.Snapshot.Single("Microsoft.Insights/components")["properties"]!;
        var workspace = infra.Snapshot.Single("Microsoft.OperationalInsights/workspaces")["properties"]!;

        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.True((bool)workspace["features"]!["disableLocalAuth"]!);
    }
}
