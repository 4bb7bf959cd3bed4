namespace BranchRating.Host.Hosting;

/// <summary>What one host process does. Azure Container Apps runs one role per app; locally one process runs all.</summary>
[Flags]
public enum HostRole
{
    None = 0,

    /// <summary>Maps the HTTP functions, the OpenAPI document and serves them.</summary>
    Api = 1,

    /// <summary>Runs one queue listener per registered <c>IQueueFunction</c>.</summary>
    Worker = 2,

    /// <summary>Runs every registered <c>ITimerFunction</c> on its cron schedule.</summary>
    Scheduler = 4,

    All = Api | Worker | Scheduler,
}

/// <summary>The roles of this process, read once from <see cref="SettingKey"/> (env <c>Host__Roles</c>).</summary>
public sealed record HostRoles(HostRole Value)
{
    public const string SettingKey = "Host:Roles";

    public bool Has(HostRole role) => (Value & role) == role;

    /// <summary>Parses <c>all</c> (the default when empty) or a comma-separated list of <c>api</c>, <c>worker</c>, <c>scheduler</c>.</summary>
    public static HostRoles Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return new HostRoles(HostRole.All);
        }

        var roles = HostRole.None;
        foreach (var part in setting.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= part.ToLowerInvariant() switch
            {
                "all" => HostRole.All,
                "api" => HostRole.Api,
                "worker" => HostRole.Worker,
                "scheduler" => HostRole.Scheduler,
                _ => throw new InvalidOperationException(
                    $"Setting '{SettingKey}' (env Host__Roles) has the unknown role '{part}'. " +
                    "Use 'all' or a comma-separated list of 'api', 'worker', 'scheduler'."),
            };
        }

        return new HostRoles(roles);
    }

    public override string ToString() => Value == HostRole.All
        ? "all"
        : string.Join(",", new[] { HostRole.Api, HostRole.Worker, HostRole.Scheduler }.Where(Has).Select(r => r.ToString().ToLowerInvariant()));
}
