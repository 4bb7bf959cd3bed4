using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Functions.Hosting;
using BranchRating.Functions.Tests.Hosting;
using BranchRating.Functions.Timers;
using BranchRating.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BranchRating.Functions.Tests.Pipeline;

/// <summary>The pipeline's own emulator: its queues are not shared with the other tests' hosts.</summary>
public sealed class PipelineStorage : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async ValueTask InitializeAsync() => _azurite = await Azurite.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineStorage>
{
    public const string Name = "pipeline";
}

/// <summary>
/// The real host (api + worker roles, same registration as Program.cs) on a test server against Azurite, with a
/// fake clock for deadlines. The scheduler role is not started: tests run CloseDueSteps when their clock says so.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;

    private PipelineHost(WebApplication app, FakeTimeProvider time)
    {
        _app = app;
        Time = time;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PipelineHost> StartAsync(string connectionString, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null, string roles = "api,worker")
    {
        time ??= new FakeTimeProvider(Start);
        var configuration = new Dictionary<string, string?>(TestHosts.FastQueue("submissions"));
        foreach (var (k, v) in TestHosts.FastQueue("ranking")) configuration[k] = v;
        configuration["Pipeline:SettleDelay"] = "00:00:00";
        configuration["Pipeline:Buckets"] = "8";
        configuration["Pipeline:CampaignCacheTtl"] = "00:00:00";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) configuration[k] = v;
        var app = TestHosts.Build(connectionString, roles, configuration, services => services.AddSingleton<TimeProvider>(time));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new PipelineHost(app, time);
    }

    /// <summary>Runs the CloseDueSteps timer function once, as the scheduler would at the fake clock's time.</summary>
    public Task CloseDueStepsAsync(bool pastDue = false)
    {
        var now = Time.GetUtcNow();
        return Services.GetServices<ITimerFunction>().OfType<CloseDueSteps>().Single().RunAsync(new TimerContext(now, now, pastDue), TestContext.Current.CancellationToken);
    }

    public async Task<CampaignResponse> CampaignAsync(string campaignId) =>
        (await Http.GetFromJsonAsync<CampaignResponse>($"/api/v1/campaigns/{campaignId}", Json, TestContext.Current.CancellationToken))!;

    /// <summary>Waits until the campaign's published version is at least <paramref name="version"/>.</summary>
    public async Task<CampaignResponse> PublishedAsync(string campaignId, long version = 1, int seconds = 60)
    {
        CampaignResponse? campaign = null;
        await TestHosts.EventuallyAsync(async () => (campaign = await CampaignAsync(campaignId)).PublishedVersion >= version, TimeSpan.FromSeconds(seconds), $"version {version} of {campaignId} is published");
        return campaign!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

internal static class Steps
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Self-assessment by 5 June 18:00, appraisal by 10 June, review by 15 June, determination (final) by 20 June, Beijing time.</summary>
    public static IReadOnlyList<StepRequest> Standard() =>
    [
        new(StepKinds.SelfAssessment, new DateTimeOffset(2026, 6, 5, 18, 0, 0, Shanghai)),
        new(StepKinds.Appraisal, new DateTimeOffset(2026, 6, 10, 18, 0, 0, Shanghai)),
        new(StepKinds.SuperiorReview, new DateTimeOffset(2026, 6, 15, 18, 0, 0, Shanghai)),
        new(StepKinds.Determination, new DateTimeOffset(2026, 6, 20, 18, 0, 0, Shanghai)),
    ];
}
