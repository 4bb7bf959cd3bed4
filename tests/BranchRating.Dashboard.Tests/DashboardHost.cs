using System.Net.Http.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Contracts.Operations;
using BranchRating.Contracts.Submissions;
using BranchRating.Domain.Schemes;
using BranchRating.Host.Hosting;
using BranchRating.Simulation;
using BranchRating.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BranchRating.Dashboard.Tests;

/// <summary>
/// Azurite, the real host (api + worker roles, Development: endpoints open) on a real loopback port for the browser,
/// a generated campaign driven through the HTTP API to published results with one upheld objection under notice,
/// and headless Chromium from Debian (/usr/bin/chromium; never downloaded).
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const string CampaignId = "dash-demo";
    public const int Organizations = 60;

    private Azurite? _azurite;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public GeneratedCounty County { get; private set; } = null!;

    /// <summary>The organization moved by the engine's rules (a cap and a lowering).</summary>
    public string MovedCode { get; private set; } = "";

    /// <summary>The organization whose objection was upheld (and its reason code).</summary>
    public string ObjectedCode { get; private set; } = "";

    public const string ObjectionReasonCode = "objection-upheld";

    /// <summary>Where the screenshots go: a folder beside the test assembly, printed by each test.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard")).FullName;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _azurite = await Azurite.StartAsync(cancellationToken: ct);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = PipelineTestSettings.Fast("api,worker");
        settings["Storage:ConnectionString"] = _azurite.ConnectionString;
        settings["Logging:LogLevel:Default"] = "Warning";

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBranchRatingHost();
        _app = builder.Build();
        _app.MapBranchRatingHost();
        await _app.StartAsync(ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        await PublishCampaignAsync(ct);

        // Never download a browser: Debian's chromium (CI installs it; a missing one fails the tests).
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>CHROMIUM_PATH or /usr/bin/chromium.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private async Task PublishCampaignAsync(CancellationToken ct)
    {
        var driver = new CampaignDriver(Http, CampaignId);
        County = new CountyGenerator(Presets.Get("anyang-100"), seed: 8).Generate(Organizations);
        var today = DateTimeOffset.UtcNow;
        var campaign = await driver.CreateAsync("anyang-100",
            [
                new(StepKinds.SelfAssessment, today.AddDays(7)), new(StepKinds.Appraisal, today.AddDays(14)),
                new(StepKinds.SuperiorReview, today.AddDays(21)), new(StepKinds.Determination, today.AddDays(28)),
            ], "建阳区 基层党组织星级评定（演示）", ct);
        await driver.ImportRosterAsync(County.Organizations.Select(o => o.Row), cancellationToken: ct);
        await driver.SubmitAllAsync(County, 4, ct);

        // The best-reviewed organization: general election a year overdue (cap at 3★) and three unexcused absences
        // (one star lower): its page must show the engine's reason codes.
        var best = County.Organizations.MaxBy(o => o.Review.Scores!.Values.Sum())!;
        MovedCode = best.Row.Code!;
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{MovedCode}/adjustments",
            new AdjustmentEventRequest { Kind = "fact", Type = "election-overdue-days", Value = 400 }, $"dash-fact-{MovedCode}", ct);
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{MovedCode}/adjustments",
            new AdjustmentEventRequest { Kind = "event", Type = "absence", Count = 3 }, $"dash-absence-{MovedCode}", ct);
        OperationResponse? last = null;
        foreach (var step in campaign.Steps) last = await driver.CloseStepAsync(step.Kind, ct);
        await driver.WaitAsync(last!.StatusUrl, TimeSpan.FromMinutes(3), ct);

        // The public notice, one objection upheld (re-rated one level down) — the notice list and the organization page show it.
        var notice = await (await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/lifecycle/notice", new StartNoticeRequest("县委组织部"), null, ct))
            .Content.ReadFromJsonAsync<NoticeResponse>(CampaignDriver.Json, ct);
        ObjectedCode = County.Organizations.First(o => o.Row.Code != MovedCode).Row.Code!;
        var objection = await (await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/lifecycle/objections",
            new ObjectionRequest(notice!.NoticeToken, ObjectedCode, "群众反映该支部组织生活记录不实。"), null, ct)).Content.ReadFromJsonAsync<ObjectionResponse>(CampaignDriver.Json, ct);
        var result = await Http.GetFromJsonAsync<BranchRating.Contracts.Results.OrganizationResultResponse>($"/api/v1/campaigns/{CampaignId}/results/{ObjectedCode}", CampaignDriver.Json, ct);
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/lifecycle/objections/{objection!.Id}/decision",
            new ObjectionDecisionRequest("镇党委", "upheld", "经核查记录不实，降一级。", Math.Max(0, result!.LevelOrdinal - 1), ObjectionReasonCode), null, ct);
        // A second objection stays open.
        await driver.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/lifecycle/objections",
            new ObjectionRequest(notice.NoticeToken, County.Organizations[5].Row.Code, "对测评结果有疑问。"), null, ct);
    }

    /// <summary>A new page (desktop 1280×900 unless given) that fails the test on a script error.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        // A refused request is the page's business (it shows it); a script error is a failure.
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(m.Text); };
        _errors[page] = errors;
        return page;
    }

    private readonly Dictionary<IPage, List<string>> _errors = [];

    public IReadOnlyList<string> ErrorsOf(IPage page) => _errors.TryGetValue(page, out var e) ? e : [];

    /// <summary>Saves a full-page screenshot under <see cref="ArtifactsDirectory"/>, attaches it and prints its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        var bytes = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
