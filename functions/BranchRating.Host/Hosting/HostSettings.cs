namespace BranchRating.Host.Hosting;

/// <summary>One setting the host reads: configuration key, environment variable, meaning, default.</summary>
/// <param name="IsPrefix">True when the entry stands for a family of settings starting with <see cref="EnvironmentVariable"/> (e.g. one per queue).</param>
/// <param name="RequiredInAzureBy">The roles whose Azure deployment (no connection string, Production) must give it.</param>
/// <param name="KeyVaultSecret">
/// Set for a secret: the name of the Key Vault secret it is read from (<c>--</c> for <c>:</c>) through
/// <c>KeyVault:VaultUri</c>. Such a setting is never given as an environment variable.
/// </param>
public sealed record HostSetting(
    string Key,
    string EnvironmentVariable,
    string Meaning,
    string Default,
    bool IsPrefix = false,
    HostRole RequiredInAzureBy = HostRole.None,
    string? KeyVaultSecret = null)
{
    /// <summary>True when some role requires it in Azure.</summary>
    public bool RequiredInAzure => RequiredInAzureBy != HostRole.None;

    /// <summary>True when a process running <paramref name="role"/> requires it in Azure.</summary>
    public bool IsRequiredInAzureBy(HostRole role) => (RequiredInAzureBy & role) != HostRole.None;
}

/// <summary>
/// Every setting the host reads, for people (README) and for the infrastructure test that compares them with the
/// environment variables of the Bicep template. Settings read by ASP.NET Core and Azure.Identity themselves are
/// listed too, marked in their meaning.
/// </summary>
public static class HostSettings
{
    public static IReadOnlyList<HostSetting> All { get; } =
    [
        new("Host:Roles", "Host__Roles", "Roles of this process: 'all', or a comma-separated list of 'api', 'worker', 'scheduler'.", "all"),
        new("Storage:ConnectionString", "Storage__ConnectionString", "Storage account connection string (local Azurite: UseDevelopmentStorage=true). Not with the URIs.", "(none; UseDevelopmentStorage=true in Development)"),
        new("Storage:TableServiceUri", "Storage__TableServiceUri", "Table service URI, reached with DefaultAzureCredential (managed identity).", "(none)", RequiredInAzureBy: HostRole.All),
        new("Storage:QueueServiceUri", "Storage__QueueServiceUri", "Queue service URI, reached with DefaultAzureCredential (managed identity).", "(none)", RequiredInAzureBy: HostRole.All),
        new("Storage:BlobServiceUri", "Storage__BlobServiceUri", "Blob service URI, reached with DefaultAzureCredential (managed identity).", "(none)", RequiredInAzureBy: HostRole.All),
        new("Storage:CreateIfNotExists", "Storage__CreateIfNotExists", "Create the queues (with poison queues) and tables of StorageNames at startup when absent.", "true"),
        new("AZURE_CLIENT_ID", "AZURE_CLIENT_ID", "Client id of the user-assigned managed identity (read by Azure.Identity's DefaultAzureCredential).", "(system-assigned identity)", RequiredInAzureBy: HostRole.All),
        new("Queues:Defaults", "Queues__Defaults__", "Listener options of every queue (worker role): MaxDequeueCount, BatchSize, MaxConcurrency, VisibilityTimeout, RetryDelay, MinPollingInterval, MaxPollingInterval, ShutdownGracePeriod.", "5, 16, 16, 00:02:00, 00:00:05, 00:00:00.1, 00:00:02, 00:00:10", IsPrefix: true),
        new("Queues:<queue>", "Queues__", "Listener options of one queue, over the defaults, e.g. Queues__ranking__BatchSize.", "(Queues:Defaults)", IsPrefix: true),
        new("Schedules:<timer>", "Schedules__", "Six-field cron schedule (second minute hour day month weekday, UTC) of a timer function, e.g. Schedules__CloseDueSteps (scheduler role; required for each timer).", "(none: the host refuses to start)", IsPrefix: true),
        new("Notifications", "Notifications__", "Webhook notifications (NotificationOptions): Retry (MaxAttempts, BaseDelay, MaxDelay, MinDelay), Sender (RequestTimeout, ConnectTimeout, MaxConcurrencyPerEndpoint), Safety (AllowedHosts, RequireHttps), Limits (robot message sizes), FanOut, Outbox:Tables; schedule in Schedules__DispatchOutbox.", "(NotificationOptions defaults: 8 attempts over ~6 h, 10 s timeout, https + public addresses only)", IsPrefix: true),
        new("Pipeline", "Pipeline__", "Campaign pipeline (PipelineOptions, read by AddCampaignFunctions): Buckets, SettleDelay, MaxAcceptanceLatency, CampaignCacheTtl, RankingScopes, DistributionScopes, MaxRosterRows, MaxTokensPerRequest, ScoreOnSubmit, WatermarkSkew, MaxIncrementalRescores, PrepareAhead.", "32, 00:00:15, 00:00:05, 00:00:02, region/county/field, region/county/field, 20000, 2000, true, 00:00:05, 100, true", IsPrefix: true),
        new("Lifecycle", "Lifecycle__", "Campaign lifecycle (LifecycleOptions, read by AddLifecycleFunctions): ReminderLeadTimes, NoticeDays, MinNoticeDays, FiledUpward (level ordinal → body), AuthorisedDepartments, BottomShare, YearsWithoutStar, AdvancedFrom, LaggingUpTo; schedule in Schedules__AdvanceLifecycle.", "3.00:00:00 and 1.00:00:00, 7, 7, 4 → city and 5 → province, (any named department), 0.1, 3, 4, 1", IsPrefix: true),
        new("Auth:Authority", "Auth__Authority", "OpenID Connect authority whose tokens the api accepts: https://login.microsoftonline.com/<tenant>/v2.0 (Microsoft Entra ID). Required unless the development issuer is enabled (Development/Testing only).", "(none)", RequiredInAzureBy: HostRole.Api),
        new("Auth:Audience", "Auth__Audience", "Audience every accepted token must carry: the API's application ID URI, e.g. api://branchrating.", "(none; api://branchrating-local in Development)", RequiredInAzureBy: HostRole.Api),
        new("Auth", "Auth__", "Other bearer-token and authorization options (AuthOptions, api role): ValidIssuers, ClockSkew, GrantClaimType, NameClaimType, RequireHttpsMetadata, RosterRoot, ProtectPipelineEndpoints, Development (Development/Testing only); Grants (Entra ID grants table: Enabled, CacheDuration, MaxCachedPrincipals, ObjectIdClaimType, TenantIdClaimType).", "(AuthOptions defaults: skew 00:02:00, claims br_grant and sub, root /ROOT)", IsPrefix: true),
        new("Ballots:PepperKey", "Ballots__PepperKey", "Secret from which every campaign's ballot-token HMAC key is derived (base64, >= 32 random bytes). In Azure only from Key Vault secret Ballots--PepperKey; never an app setting.", "(none; a random pepper per process in Development/Testing)", RequiredInAzureBy: HostRole.Api, KeyVaultSecret: "Ballots--PepperKey"),
        new("Ballots", "Ballots__", "Other ballot options (BallotBoxOptions, api role): RandomSymbols, MaxTokensPerBox, TimeZone.", "19, 20000, Asia/Shanghai", IsPrefix: true),
        new("KeyVault:VaultUri", "KeyVault__VaultUri", "Key Vault the host reads its secrets from at start (the settings with a Key Vault secret name, for the roles of the process), with DefaultAzureCredential (managed identity).", "(none: secrets come from configuration)", RequiredInAzureBy: HostRole.Api),
        new("RateLimits", "RateLimits__", "Per-caller rate limits (RateLimitingOptions, api role): Submissions and Ballots, each PermitLimit and Window.", "60 and 120 per 00:01:00", IsPrefix: true),
        new("RequestLimits", "RequestLimits__", "Body size limits (RequestLimitsOptions, api role): MaxBodyBytes of endpoints without their own limit.", "1048576", IsPrefix: true),
        new("Audit", "Audit__", "Audit trail options (AuditTrailOptions; every role: the worker anchors the head in each published version): MaxAppendAttempts, MaxStateLength, MaxReasonLength.", "50, 30000, 2000", IsPrefix: true),
        new("Host:RunOnce", "Host__RunOnce", "Scheduler role alone as a Container Apps job: run each timer with an occurrence within Scheduler:RunOnceWindow once, then exit (1 if a timer failed).", "false"),
        new("Scheduler:RunOnceWindow", "Scheduler__RunOnceWindow", "With Host:RunOnce, how far back an occurrence makes a timer due: the interval of the job's cron trigger.", "00:05:00"),
        new("Scheduler:PastDueTolerance", "Scheduler__PastDueTolerance", "A timer run starting later than this after its occurrence is reported IsPastDue.", "00:00:02"),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_CONNECTION_STRING", "Application Insights resource (instrumentation key, ingestion endpoint): the host exports OpenTelemetry traces, metrics and logs to it with an Entra ID token of DefaultAzureCredential. Not a secret with local auth disabled.", "(none: no export)"),
        new("ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTP_PORTS", "Port Kestrel listens on (read by ASP.NET Core; the container image sets 8080).", "8080 in the container"),
        new("ASPNETCORE_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "Environment name (read by ASP.NET Core); Development loads appsettings.Development.json (Azurite).", "Production"),
        new("Logging:LogLevel:Default", "Logging__LogLevel__Default", "Least log level written (read by Microsoft.Extensions.Logging).", "Information"),
    ];

    /// <summary>The environment variable names of <see cref="All"/> (prefix entries end with <c>__</c>).</summary>
    public static IReadOnlyList<string> EnvironmentVariables { get; } = All.Select(s => s.EnvironmentVariable).ToList();

    /// <summary>True when the host reads <paramref name="environmentVariable"/> (exactly, or through a prefix entry).</summary>
    public static bool IsRead(string environmentVariable) =>
        All.Any(s => s.IsPrefix
            ? environmentVariable.StartsWith(s.EnvironmentVariable, StringComparison.Ordinal) && environmentVariable.Length > s.EnvironmentVariable.Length
            : string.Equals(s.EnvironmentVariable, environmentVariable, StringComparison.Ordinal));
}
