using System.Net;
using System.Text.Json;
using BranchRating.Contracts.Lifecycle;
using BranchRating.Domain.Schemes;
using BranchRating.Contracts.Operations;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using BranchRating.Simulation;
using BranchRating.Storage.Lifecycle;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Audit;

/// <summary>
/// The audit record's "before" of adjustments, schedule changes (schedule, extension, early close, close now) and
/// rectification closure: the stored state the change replaced, read in the same request before the handler ran.
/// Real host, protection on, Azurite.
/// </summary>
public sealed class AuditBeforeStateTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private const string Admin = "admin@/P01/C03";
    private readonly string _campaign = "abs-" + Guid.NewGuid().ToString("N")[..8];
    private SecuredHost _host = null!;
    private GeneratedCounty _county = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SecuredHost.StartAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["RateLimits:Submissions:PermitLimit"] = "100000",
        });
        _county = new CountyGenerator(Presets.Get("anyang-100"), seed: 11).Generate(6);
        var admin = Driver(Admin);
        await admin.CreateAsync("anyang-100", Steps(), "audit before test", Ct);
        await admin.ImportRosterAsync(_county.Organizations.Select(o => o.Row), cancellationToken: Ct);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task An_adjustment_is_audited_with_the_adjustments_recorded_before_it()
    {
        var code = _county.Organizations[0].Row.Code!;
        var adjustment = new CountyGenerator(Presets.Get("anyang-100"), seed: 11).Generate(200).Organizations.SelectMany(o => o.Adjustments).First();
        var url = $"/api/v1/campaigns/{_campaign}/organizations/{code}/adjustments";
        await Driver(Admin).SendAsync(HttpMethod.Post, url, adjustment, "adj-1", Ct);
        await Driver(Admin).SendAsync(HttpMethod.Post, url, adjustment with { Note = "second" }, "adj-2", Ct);

        var records = await RecordsAsync("RecordAdjustment");

        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("RecordAdjustment (determination)", r.Entry.Step));
        using var first = JsonDocument.Parse(records[0].Entry.BeforeJson!);
        Assert.Equal(0, first.RootElement.GetProperty("count").GetInt32());
        using var second = JsonDocument.Parse(records[1].Entry.BeforeJson!);
        Assert.Equal(1, second.RootElement.GetProperty("count").GetInt32());
        using var firstAfter = JsonDocument.Parse(records[0].Entry.AfterJson!);
        var stored = second.RootElement.GetProperty("adjustments")[0].GetProperty("data");
        Assert.Equal(firstAfter.RootElement.GetProperty("type").GetString(), stored.GetProperty("type").GetString());
        Assert.Equal(firstAfter.RootElement.GetProperty("note").GetString(), stored.GetProperty("note").GetString());
        Assert.Contains("second", records[1].Entry.AfterJson!, StringComparison.Ordinal);
        Assert.True((await Audit().VerifyAsync(_campaign, Ct)).IsIntact);
    }

    [Fact]
    public async Task A_schedule_change_an_extension_and_an_early_close_are_audited_with_the_timeline_they_replaced()
    {
        var opens = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(Shanghai);
        var firstDeadline = DateTimeOffset.UtcNow.AddDays(3).ToOffset(Shanghai);
        var secondDeadline = firstDeadline.AddDays(1);
        var extended = secondDeadline.AddDays(1);
        await SendOkAsync(HttpMethod.Put, "lifecycle/schedule", new ScheduleRequest { Steps = [new("self-assessment", opens, firstDeadline)] });
        await SendOkAsync(HttpMethod.Put, "lifecycle/schedule", new ScheduleRequest { Steps = [new("self-assessment", opens, secondDeadline)] });
        await SendOkAsync(HttpMethod.Post, "lifecycle/steps/self-assessment/extend", new StepActionRequest("组织部", "网络故障", extended));
        await SendOkAsync(HttpMethod.Post, "lifecycle/steps/self-assessment/close", new StepActionRequest("组织部", "全部已提交"));

        var schedule = await RecordsAsync("SetLifecycleSchedule");
        Assert.Equal(2, schedule.Count);
        Assert.All(schedule, r => Assert.Equal("SetLifecycleSchedule (schedule)", r.Entry.Step));
        Assert.Null(schedule[0].Entry.BeforeJson);
        using (var before = JsonDocument.Parse(schedule[1].Entry.BeforeJson!))
        {
            var step = before.RootElement.GetProperty("steps").EnumerateArray().Single();
            Assert.Equal("self-assessment", step.GetProperty("kind").GetString());
            Assert.Equal(firstDeadline, step.GetProperty("softDeadline").GetDateTimeOffset());
        }

        var extension = Assert.Single(await RecordsAsync("ExtendStep"));
        using (var before = JsonDocument.Parse(extension.Entry.BeforeJson!))
        {
            Assert.Equal(secondDeadline, before.RootElement.GetProperty("softDeadline").GetDateTimeOffset());
        }

        using (var after = JsonDocument.Parse(extension.Entry.AfterJson!))
        {
            Assert.Equal(extended, after.RootElement.GetProperty("softDeadline").GetDateTimeOffset());
        }

        var close = Assert.Single(await RecordsAsync("CloseStepEarly"));
        using (var before = JsonDocument.Parse(close.Entry.BeforeJson!))
        {
            Assert.Equal("open", before.RootElement.GetProperty("state").GetString());
            Assert.Equal(extended, before.RootElement.GetProperty("softDeadline").GetDateTimeOffset());
        }

        Assert.True((await Audit().VerifyAsync(_campaign, Ct)).IsIntact);
    }

    [Fact]
    public async Task Closing_a_step_now_is_audited_with_the_step_as_it_was()
    {
        await SendOkAsync(HttpMethod.Post, "operations/close-step", new CloseStepRequest("appraisal"));
        var again = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/operations/close-step", _host.Token("zhao", Admin), new CloseStepRequest("appraisal"));

        var record = Assert.Single(await RecordsAsync("CloseStepNow"));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("CloseStepNow (appraisal)", record.Entry.Step);
        using var before = JsonDocument.Parse(record.Entry.BeforeJson!);
        Assert.Equal("open", before.RootElement.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task Closing_a_rectification_is_audited_with_the_notice_as_issued()
    {
        var code = _county.Organizations[2].Row.Code!;
        var deadline = DateTimeOffset.UtcNow.AddDays(30);
        var campaign = (await _host.Services.GetRequiredService<BranchRating.Storage.Campaigns.CampaignStore>().GetAsync(_campaign, Ct))!.Campaign;
        var evt = BranchRating.Functions.Lifecycle.LifecycleEvents.Make(campaign, $"{_campaign}.rectification.{code}", BranchRating.Notifications.Events.NotificationEventTypes.RectificationIssued, code, DateTimeOffset.UtcNow, "/",
            new BranchRating.Notifications.Events.NotificationEventData { OrganizationId = code });
        Assert.True(await _host.Services.GetRequiredService<LifecycleStore>().AddRectificationAsync(
            new RectificationRecord(_campaign, code, "支部", ["downgraded"], "三会一课不规范", deadline, "组织部", DateTimeOffset.UtcNow, null, null, null, default), evt, Ct));
        var path = (await _host.Services.GetRequiredService<IRatingScopeResolver>().OrganizationPathAsync(_campaign, code, Ct))!.Value;

        var response = await _host.SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{_campaign}/lifecycle/rectifications/{code}/close", _host.Token("secretary", $"secretary@{path}"),
            new CloseRectificationRequest("支部书记", "已整改到位"));
        var record = Assert.Single(await RecordsAsync("CloseRectification"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CloseRectification (rectification)", record.Entry.Step);
        Assert.Equal($"secretary@{path}", record.Entry.Role);
        using var before = JsonDocument.Parse(record.Entry.BeforeJson!);
        Assert.Equal("三会一课不规范", before.RootElement.GetProperty("problems").GetString());
        Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("closedAt").ValueKind);
        using var after = JsonDocument.Parse(record.Entry.AfterJson!);
        Assert.Equal("已整改到位", after.RootElement.GetProperty("note").GetString());
    }

    private async Task SendOkAsync(HttpMethod method, string relative, object body)
    {
        var response = await _host.SendAsync(method, $"/api/v1/campaigns/{_campaign}/{relative}", _host.Token("zhao", Admin), body);
        Assert.True(response.IsSuccessStatusCode, $"{relative}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private AuditTrail Audit() => _host.Services.GetRequiredService<AuditTrail>();

    private async Task<List<AuditRecord>> RecordsAsync(string action)
    {
        var list = new List<AuditRecord>();
        await foreach (var record in Audit().ReadAsync(_campaign, Ct))
        {
            if (record.Entry.Step == action || record.Entry.Step.StartsWith(action + " (", StringComparison.Ordinal))
            {
                list.Add(record);
            }
        }

        return list;
    }

    private CampaignDriver Driver(string grant) => new(_host.CreateClient(_host.Token("user-" + grant, grant)), _campaign);

    private static List<BranchRating.Contracts.Campaigns.StepRequest> Steps() =>
    [
        new("self-assessment", DateTimeOffset.UtcNow.AddDays(5).ToOffset(Shanghai)),
        new("appraisal", DateTimeOffset.UtcNow.AddDays(10).ToOffset(Shanghai)),
        new("superior-review", DateTimeOffset.UtcNow.AddDays(15).ToOffset(Shanghai)),
        new("determination", DateTimeOffset.UtcNow.AddDays(20).ToOffset(Shanghai)),
    ];
}
