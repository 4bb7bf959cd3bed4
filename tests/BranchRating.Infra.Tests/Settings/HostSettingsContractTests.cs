using System.Reflection;
using System.Runtime.CompilerServices;
using BranchRating.Functions.Hosting;
using BranchRating.Host.Hosting;
using BranchRating.Infra.Tests.Bicep;
using static BranchRating.Infra.Tests.Scaling.Workloads;

namespace BranchRating.Infra.Tests.Settings;

/// <summary>
/// The names match: every environment variable the template gives a container is one the host reads
/// (<see cref="HostSettings"/>, the host's own list), and every setting the host requires in Azure is given.
/// </summary>
public sealed class HostSettingsContractTests(CompiledInfrastructure infra)
{
    /// <summary>
    /// Settings the template needs from the host that <see cref="HostSettings"/> does not list yet, with where they
    /// are used. Only the optional job variant of the scheduler uses one: the default deployment needs none.
    /// </summary>
    private static readonly Dictionary<string, string> AwaitingHost = new()
    {
        ["Host__RunOnce"] = "scheduler job (schedulerHosting = 'job'): run the due timers once, then exit",
    };

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
    public void The_job_variant_sets_only_settings_the_host_reads_or_the_listed_awaited_ones()
    {
        var names = infra.JobSnapshot.Containers().SelectMany(c => Env(c.Resource)).Select(e => (string)e["name"]!).Distinct();

        Assert.All(names, n => Assert.True(HostSettings.IsRead(n) || AwaitingHost.ContainsKey(n),
            $"the template sets {n}, which the host does not read (HostSettings.All)"));
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("job")]
    public void Every_setting_the_host_requires_in_azure_is_given_to_every_run(string variant)
    {
        var required = HostSettings.All.Where(s => s.RequiredInAzure).Select(s => s.EnvironmentVariable).ToList();

        Assert.NotEmpty(required);
        Assert.All(infra.Variant(variant).Workloads(), w =>
            Assert.All(required, name => Assert.False(string.IsNullOrWhiteSpace(Setting(w, name)), $"{w["name"]} lacks {name}")));
    }

    [Fact]
    public void The_role_values_are_ones_the_host_accepts()
    {
        Assert.All(infra.Snapshot.Workloads().Concat(infra.JobSnapshot.Workloads()), w =>
        {
            var roles = HostRoles.Parse(Setting(w, "Host__Roles"));
            Assert.NotEqual(HostRole.All, roles.Value);
            Assert.Equal(1, System.Numerics.BitOperations.PopCount((uint)roles.Value));
        });
    }

    [Fact]
    public void Every_timer_function_has_a_schedule_on_the_scheduler()
    {
        var given = Env(Scheduler(infra.Snapshot)).Select(e => ((string)e["name"]!).Replace("__", ":", StringComparison.Ordinal)).ToHashSet();

        var timers = TimerFunctions().ToList();

        Assert.All(timers, t => Assert.True(given.Contains(t.Setting),
            $"timer {t.Type.Name} reads '{t.Setting}', which the scheduler is not given (add it to timerSchedules in infra/main.bicep)"));
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
