using System.Text.Json.Nodes;
using BranchRating.Contracts;
using BranchRating.Infra.Tests.Bicep;
using Cronos;

namespace BranchRating.Infra.Tests.Scaling;

/// <summary>
/// The three runs of the host image: the api scales on HTTP from zero, the worker on queue length from zero
/// (one KEDA azure-queue rule per work queue, authenticated with the identity), the scheduler is a cron job
/// whose executions cannot overlap.
/// </summary>
public sealed class ContainerAppsTests(CompiledInfrastructure infra)
{
    private JsonObject Api => infra.Snapshot.Named("Microsoft.App/containerApps", "ca-api-");

    private JsonObject Worker => infra.Snapshot.Named("Microsoft.App/containerApps", "ca-worker-");

    private JsonObject Scheduler => infra.Snapshot.Single("Microsoft.App/jobs");

    [Fact]
    public void The_api_has_external_https_ingress_and_scales_on_concurrent_requests_from_zero()
    {
        var configuration = Api["properties"]!["configuration"]!;
        var scale = Api["properties"]!["template"]!["scale"]!;

        Assert.True((bool)configuration["ingress"]!["external"]!);
        Assert.False((bool)configuration["ingress"]!["allowInsecure"]!);
        Assert.Equal(8080, (int)configuration["ingress"]!["targetPort"]!);
        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.True((int)scale["maxReplicas"]! >= 1);
        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        Assert.True(int.Parse((string)rule["http"]!["metadata"]!["concurrentRequests"]!) > 0);
    }

    [Fact]
    public void The_api_is_probed_on_the_host_health_endpoint()
    {
        var probes = Container(Api)["probes"]!.AsArray();

        Assert.Contains(probes, p => (string?)p!["type"] == "Readiness");
        Assert.All(probes, p =>
        {
            Assert.Equal("/healthz", (string)p!["httpGet"]!["path"]!);
            Assert.Equal(8080, (int)p["httpGet"]!["port"]!);
        });
    }

    [Fact]
    public void The_worker_has_no_ingress_and_scales_from_zero()
    {
        Assert.Null(Worker["properties"]!["configuration"]!["ingress"]);
        Assert.Equal(0, (int)Worker["properties"]!["template"]!["scale"]!["minReplicas"]!);
    }

    [Fact]
    public void The_worker_has_one_azure_queue_rule_per_work_queue_using_the_identity()
    {
        var identity = Snapshot.Id(infra.Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var account = (string)infra.Snapshot.Single("Microsoft.Storage/storageAccounts")["name"]!;
        var rules = Worker["properties"]!["template"]!["scale"]!["rules"]!.AsArray().Select(r => r!).ToList();

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

    [Fact]
    public void The_scheduler_is_a_cron_job_with_one_replica_per_execution_and_no_retries()
    {
        var configuration = Scheduler["properties"]!["configuration"]!;
        var trigger = configuration["scheduleTriggerConfig"]!;

        Assert.Equal("Schedule", (string)configuration["triggerType"]!);
        Assert.Equal(1, (int)trigger["parallelism"]!);
        Assert.Equal(1, (int)trigger["replicaCompletionCount"]!);
        Assert.Equal(0, (int)configuration["replicaRetryLimit"]!);
    }

    [Fact]
    public void A_scheduler_execution_ends_before_the_next_one_can_start()
    {
        var configuration = Scheduler["properties"]!["configuration"]!;
        var cron = CronExpression.Parse((string)configuration["scheduleTriggerConfig"]!["cronExpression"]!);
        var timeout = TimeSpan.FromSeconds((int)configuration["replicaTimeout"]!);

        // The shortest gap between two executions over a week (cron schedules repeat at least weekly, UTC).
        var from = new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc);
        var occurrences = cron.GetOccurrences(from, from.AddDays(7)).ToList();
        var shortestGap = occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).Min();

        Assert.True(timeout < shortestGap, $"replicaTimeout {timeout} must be shorter than the shortest cron interval {shortestGap}");
    }

    [Theory]
    [InlineData("ca-api-", "api")]
    [InlineData("ca-worker-", "worker")]
    [InlineData("caj-scheduler-", "scheduler")]
    public void Each_run_of_the_image_is_given_its_role(string namePrefix, string role)
    {
        var workload = infra.Snapshot.Workloads().Single(w => ((string)w["name"]!).StartsWith(namePrefix, StringComparison.Ordinal));

        Assert.Equal(role, Setting(workload, "Host__Roles"));
        Assert.Equal(CompiledInfrastructure.ImageName, (string)Container(workload)["image"]!);
    }

    [Fact]
    public void The_scheduler_job_runs_the_due_timers_once_and_exits()
    {
        Assert.Equal("true", Setting(Scheduler, "Host__RunOnce"));
        Assert.Null(Setting(Api, "Host__RunOnce"));
        Assert.Null(Setting(Worker, "Host__RunOnce"));
    }

    [Fact]
    public void Every_run_reaches_storage_by_endpoint_and_identity()
    {
        var account = (string)infra.Snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var identity = infra.Snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");

        Assert.All(infra.Snapshot.Workloads(), w =>
        {
            foreach (var service in new[] { "table", "queue", "blob" })
            {
                var setting = $"Storage__{char.ToUpperInvariant(service[0])}{service[1..]}ServiceUri";
                Assert.Equal($"[reference('{account}', '2023-05-01').primaryEndpoints.{service}]", Setting(w, setting));
            }

            Assert.Equal($"[reference('{Snapshot.Id(identity)}', '2023-01-31').clientId]", Setting(w, "AZURE_CLIENT_ID"));
            Assert.Null(Setting(w, "Storage__ConnectionString"));
        });
    }

    private static JsonObject Container(JsonObject workload) =>
        Assert.Single(workload["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    private static string? Setting(JsonObject workload, string name) =>
        (string?)Container(workload)["env"]!.AsArray().SingleOrDefault(e => (string?)e!["name"] == name)?["value"];
}
