using System.Text.Json.Nodes;
using Cronos;
using System.Runtime.CompilerServices;
using BranchRating.Functions.Hosting;
using BranchRating.Host.Hosting;
using BranchRating.Infra.Tests.Bicep;
using static BranchRating.Infra.Tests.Scaling.Workloads;

namespace BranchRating.Infra.Tests.Settings;

/// <summary>
/// The names match: every environment variable the template gives a container is one the host reads
/// (<see cref="HostSettings"/>, the host's own list), every setting the host requires in Azure is given, and every
/// timer has a schedule.
/// </summary>
public sealed class HostSettingsContractTests(CompiledInfrastructure infra)
{
    [Fact]
    public void The_default_deployment_sets_only_settings_the_host_reads()
    {
        var unread = infra.Snapshot.Containers()
            .SelectMany(c => Env(c.Resource).Select(e => $"{c.Resource["name"]}: {e["name"]}"))
            .Where(s => !HostSettings.IsRead(s.Split(": ")[1]))
            .ToList();

        Assert.Empty(unread);
    }

    [Fact]
    public void The_app_variant_sets_only_settings_the_host_reads()
    {
        var names = infra.AppSnapshot.Containers().SelectMany(c => Env(c.Resource)).Select(e => (string)e["name"]!).Distinct();

        Assert.All(names, n => Assert.True(HostSettings.IsRead(n), $"the template sets {n}, which the host does not read (HostSettings.All)"));
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void Every_setting_the_host_requires_in_azure_is_given_to_the_runs_whose_role_needs_it(string variant)
    {
        var required = HostSettings.All.Where(s => s.RequiredInAzure && s.KeyVaultSecret is null).ToList();

        Assert.Contains(required, s => s.EnvironmentVariable == "Auth__Authority");
        Assert.All(infra.Variant(variant).Workloads(), w =>
        {
            var role = HostRoles.Parse(Setting(w, "Host__Roles")).Value;
            Assert.All(required.Where(s => s.IsRequiredInAzureBy(role)), s =>
                Assert.False(string.IsNullOrWhiteSpace(Setting(w, s.EnvironmentVariable)), $"{w["name"]} ({role}) lacks {s.EnvironmentVariable}"));
        });
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public void Secrets_the_host_requires_come_from_the_vault_never_from_a_setting(string variant)
    {
        var secrets = HostSettings.All.Where(s => s.KeyVaultSecret is not null).ToList();

        Assert.Contains(secrets, s => s.EnvironmentVariable == "Ballots__PepperKey");
        Assert.All(infra.Variant(variant).Workloads(), w =>
        {
            var role = HostRoles.Parse(Setting(w, "Host__Roles")).Value;
            Assert.All(secrets, s => Assert.DoesNotContain(Env(w), e => (string?)e["name"] == s.EnvironmentVariable));
            if (secrets.Any(s => s.IsRequiredInAzureBy(role)))
            {
                // The host loads them at start from this vault (KeyVaultSecrets), as the identity of AZURE_CLIENT_ID.
                Assert.False(string.IsNullOrWhiteSpace(Setting(w, "KeyVault__VaultUri")), $"{w["name"]} ({role}) needs a secret but lacks KeyVault__VaultUri");
            }
        });
    }

    [Fact]
    public void The_api_gets_the_token_authority_and_audience_given_as_parameters()
    {
        var api = Api(infra.Snapshot);

        Assert.Equal(CompiledInfrastructure.AuthAuthority, Setting(api, "Auth__Authority"));
        Assert.Equal(CompiledInfrastructure.AuthAudience, Setting(api, "Auth__Audience"));
        Assert.Null(Setting(Worker(infra.Snapshot), "Auth__Authority"));
    }

    [Fact]
    public void The_role_values_are_ones_the_host_accepts()
    {
        Assert.All(infra.Snapshot.Workloads().Concat(infra.AppSnapshot.Workloads()), w =>
        {
            var roles = HostRoles.Parse(Setting(w, "Host__Roles"));
            Assert.NotEqual(HostRole.All, roles.Value);
            Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)roles.Value));
        });
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("app")]
    public async Task Every_timer_function_gets_a_six_field_schedule_from_the_host_defaults_or_the_template(string variant)
    {
        // What the scheduler sees: the image's appsettings.json, then the template's environment variables over it.
        var appsettings = Path.Combine(infra.RepositoryRoot, "functions", "BranchRating.Host", "appsettings.json");
        var schedules = (JsonNode.Parse(await File.ReadAllTextAsync(appsettings, TestContext.Current.CancellationToken))!["Schedules"]?.AsObject() ?? [])
            .ToDictionary(p => "Schedules:" + p.Key, p => (string)p.Value!);
        foreach (var e in Env(Scheduler(infra.Variant(variant))).Where(e => ((string)e["name"]!).StartsWith("Schedules__", StringComparison.Ordinal)))
        {
            schedules[((string)e["name"]!).Replace("__", ":", StringComparison.Ordinal)] = (string)e["value"]!;
        }

        Assert.NotEmpty(schedules);
        Assert.All(schedules.Values, cron => CronExpression.Parse(cron, CronFormat.IncludeSeconds));
        Assert.All(TimerFunctions(), t => Assert.True(schedules.ContainsKey(t.Setting),
            $"timer {t.Type.Name} reads '{t.Setting}', which neither appsettings.json nor the template gives (the scheduler would refuse to start)"));
    }

    /// <summary>Every <see cref="ITimerFunction"/> class of the functions assembly and the setting its schedule is read from.</summary>
    private static IEnumerable<(Type Type, string Setting)> TimerFunctions() =>
        typeof(ITimerFunction).Assembly.GetTypes()
            .Where(t => typeof(ITimerFunction).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t =>
            {
                // The schedule key is a constant of the class: read it without running a constructor that wants services.
                var timer = (ITimerFunction)RuntimeHelpers.GetUninitializedObject(t);
                return (t, timer.ScheduleSetting);
            });
}
