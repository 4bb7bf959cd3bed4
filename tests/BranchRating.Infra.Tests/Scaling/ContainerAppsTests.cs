using System.Text.Json.Nodes;
using BranchRating.Contracts;
using BranchRating.Infra.Tests.Bicep;
using static BranchRating.Infra.Tests.Scaling.Workloads;

namespace BranchRating.Infra.Tests.Scaling;

/// <summary>
/// The api scales on HTTP from zero; the worker on queue length from zero, with one KEDA azure-queue rule per
/// work queue authenticated with the identity; every run gets its role and reaches storage by endpoint.
/// </summary>
public sealed class ContainerAppsTests(CompiledInfrastructure infra)
{
    [Fact]
    public void The_api_has_external_https_ingress_and_scales_on_concurrent_requests_from_zero()
    {
        var api = Api(infra.Snapshot);
        var configuration = api["properties"]!["configuration"]!;
        var scale = api["properties"]!["template"]!["scale"]!;

        Assert.True((bool)configuration["ingress"]!["external"]!);
        Assert.False((bool)configuration["ingress"]!["allowInsecure"]!);
        Assert.Equal(8080, (int)configuration["ingress"]!["targetPort"]!);
        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.True((int)scale["maxReplicas"]! >= 1);
        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        Assert.True(int.Parse((string)rule["http"]!["metadata"]!["concurrentRequests"]!) > 0);
    }

    [Fact]
    public void Every_container_is_probed_on_the_host_health_endpoint_and_the_api_also_for_readiness()
    {
        Assert.Contains(Container(Api(infra.Snapshot))["probes"]!.AsArray(), p => (string?)p!["type"] == "Readiness");
        Assert.All(infra.Snapshot.OfType("Microsoft.App/containerApps"), app =>
        {
            var probes = Container(app)["probes"]!.AsArray();
            Assert.Contains(probes, p => (string?)p!["type"] == "Liveness");
            Assert.All(probes, p =>
            {
                Assert.Equal("/healthz", (string)p!["httpGet"]!["path"]!);
                Assert.Equal(8080, (int)p["httpGet"]!["port"]!);
            });
        });
    }

    [Fact]
    public void The_worker_has_no_ingress_and_scales_from_zero()
    {
        var worker = Worker(infra.Snapshot);

        Assert.Null(worker["properties"]!["configuration"]!["ingress"]);
        Assert.Equal(0, (int)worker["properties"]!["template"]!["scale"]!["minReplicas"]!);
    }

    [Fact]
    public void The_worker_has_one_azure_queue_rule_per_work_queue_using_the_identity()
    {
        var identity = Snapshot.Id(infra.Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var account = (string)infra.Snapshot.Single("Microsoft.Storage/storageAccounts")["name"]!;
        var rules = Worker(infra.Snapshot)["properties"]!["template"]!["scale"]!["rules"]!.AsArray().Select(r => r!).ToList();

        Assert.Equal(StorageNames.Queues.All.Order(), rules.Select(r => (string)r["azureQueue"]!["queueName"]!).Order());
        Assert.All(rules, r =>
        {
            var queue = r["azureQueue"]!;
            Assert.Equal(identity, (string)queue["identity"]!);
            Assert.Equal(account, (string)queue["accountName"]!);
            Assert.True((int)queue["queueLength"]! >= 1);
            Assert.Null(r["custom"]);
        });
    }

    [Theory]
    [InlineData("defaults", "ca-api-", "api")]
    [InlineData("defaults", "ca-worker-", "worker")]
    [InlineData("defaults", "caj-scheduler-", "scheduler")]
    [InlineData("app", "ca-api-", "api")]
    [InlineData("app", "ca-worker-", "worker")]
    [InlineData("app", "ca-scheduler-", "scheduler")]
    public void Each_run_of_the_image_is_given_its_role(string variant, string namePrefix, string role)
    {
        var workload = Assert.Single(infra.Variant(variant).Workloads(),
            w => ((string)w["name"]!).StartsWith(namePrefix, StringComparison.Ordinal));

        Assert.Equal(role, Setting(workload, "Host__Roles"));
        Assert.Equal(CompiledInfrastructure.ImageName, (string)Container(workload)["image"]!);
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void Every_run_reaches_storage_by_endpoint_and_identity_without_creating_it(string variant)
    {
        var snapshot = infra.Variant(variant);
        var account = Snapshot.Id(snapshot.Single("Microsoft.Storage/storageAccounts"));
        var identity = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        Assert.Equal(3, snapshot.Workloads().Count);
        Assert.All(snapshot.Workloads(), w =>
        {
            foreach (var service in new[] { "table", "queue", "blob" })
            {
                var setting = $"Storage__{char.ToUpperInvariant(service[0])}{service[1..]}ServiceUri";
                Assert.Equal($"[reference('{account}', '2023-05-01').primaryEndpoints.{service}]", Setting(w, setting));
            }

            Assert.Equal($"[reference('{Snapshot.Id(identity)}', '2023-01-31').clientId]", Setting(w, "AZURE_CLIENT_ID"));
            Assert.Equal("false", Setting(w, "Storage__CreateIfNotExists"));
            Assert.Null(Setting(w, "Storage__ConnectionString"));
        });
    }
}
