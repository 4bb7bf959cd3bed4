using System.Net.Http.Json;
using Azure.Data.Tables;
using BranchRating.Contracts;
using BranchRating.Contracts.Results;
using BranchRating.Domain.Schemes;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using BranchRating.Security.Tests.Support;
using BranchRating.Simulation;
using BranchRating.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Security.Tests.Audit;

/// <summary>
/// Each published result version anchors the campaign's audit chain head: the result shows it, the anchors endpoint
/// lists it, and verification against it catches a chain recomputed after rewriting history. Real host with the api and
/// worker roles (protection on), Azurite.
/// </summary>
public sealed class PublicationAnchorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private readonly string _campaign = "anc-" + Guid.NewGuid().ToString("N")[..8];
    private SecuredHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = PipelineTestSettings.Fast("api,worker", buckets: 2);
        settings["RateLimits:Submissions:PermitLimit"] = "100000";
        settings["RateLimits:Ballots:PermitLimit"] = "100000";

        _host = await SecuredHost.StartAsync(azurite.ConnectionString, settings);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_published_version_anchors_the_audit_head_and_a_recomputed_chain_is_caught_against_it()
    {
        var county = new CountyGenerator(Presets.Get("anyang-100"), seed: 12).Generate(4);
        var setup = new CampaignDriver(_host.CreateClient(_host.Token("setup", "admin@/P01/C03")), _campaign);
        await setup.CreateAsync("anyang-100", Steps(), "anchor test", Ct);
        await setup.ImportRosterAsync(county.Organizations.Select(o => o.Row), cancellationToken: Ct);

        // One caller who may do every step of the run: the department, the committee above, each branch's secretary.
        var resolver = _host.Services.GetRequiredService<IRatingScopeResolver>();
        var grants = new List<string> { "admin@/P01/C03", "reviewer@/P01" };
        foreach (var o in county.Organizations)
        {
            grants.Add("secretary@" + (await resolver.OrganizationPathAsync(_campaign, o.Row.Code!, Ct))!.Value);
        }

        var driver = new CampaignDriver(_host.CreateClient(_host.Token("runner", [.. grants])), _campaign);
        await driver.SubmitAllAsync(county, 2, Ct);
        foreach (var step in new[] { "self-assessment", "appraisal", "superior-review" })
        {
            await driver.CloseStepAsync(step, Ct);
        }

        var publication = await driver.CloseStepAsync("determination", Ct);
        await driver.WaitAsync(publication.StatusUrl, TimeSpan.FromSeconds(120), Ct);

        var admin = _host.Token("auditor", "admin@/P01/C03");
        var anchors = await (await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/anchors", admin)).Content.ReadFromJsonAsync<List<PublishedAuditAnchor>>(Ct);
        var result = await (await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/results/{county.Organizations[0].Row.Code}", admin))
            .Content.ReadFromJsonAsync<OrganizationResultResponse>(Ct);
        var audit = _host.Services.GetRequiredService<AuditTrail>();
        var records = new List<AuditRecord>();
        await foreach (var record in audit.ReadAsync(_campaign, Ct))
        {
            records.Add(record);
        }

        var anchor = Assert.Single(anchors!);
        Assert.Equal(1, anchor.Version);
        Assert.True(anchor.Sequence >= records.Count(r => r.Entry.Step.StartsWith("CloseStepNow", StringComparison.Ordinal)), $"anchored at {anchor.Sequence}");
        Assert.Equal(records.Single(r => r.Sequence == anchor.Sequence).Hash, anchor.HeadHash);
        Assert.Equal(anchor, result!.AuditAnchor);
        Assert.True((await VerifyAsync(admin)).IsIntact);

        // Rewrite record 2 and recompute every later hash and the head: the chain alone verifies, the anchor does not.
        var table = _host.Tables.GetTableClient(StorageNames.Tables.Audit);
        var previous = records[0].Hash;
        foreach (var original in records.Skip(1))
        {
            var forged = original with { PreviousHash = previous, Entry = original.Sequence == 2 ? original.Entry with { Reason = "rewritten" } : original.Entry };
            forged = forged with { Hash = AuditHashing.Hash(forged) };
            var stored = (await table.GetEntityAsync<TableEntity>(_campaign, "r" + forged.Sequence.ToString("D19"), cancellationToken: Ct)).Value;
            (stored["Reason"], stored["PreviousHash"], stored["Hash"]) = (forged.Entry.Reason, forged.PreviousHash, forged.Hash);
            await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace, Ct);
            previous = forged.Hash;
        }

        var head = (await table.GetEntityAsync<TableEntity>(_campaign, "head", cancellationToken: Ct)).Value;
        head["Hash"] = previous;
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, Ct);

        var alone = await audit.VerifyAsync(_campaign, Ct);
        var verified = await VerifyAsync(admin);

        Assert.True(alone.IsIntact);
        Assert.False(verified.IsIntact);
        Assert.Equal((anchor.Sequence, AuditProblemKind.AnchorMismatch), (verified.FirstProblem!.Sequence, verified.FirstProblem.Kind));
    }

    private async Task<AuditVerification> VerifyAsync(string token) =>
        (await (await _host.SendAsync(HttpMethod.Get, $"/api/v1/campaigns/{_campaign}/audit/verify", token)).Content.ReadFromJsonAsync<AuditVerification>(Json, Ct))!;


    private static List<BranchRating.Contracts.Campaigns.StepRequest> Steps() =>
    [
        new("self-assessment", DateTimeOffset.UtcNow.AddDays(5).ToOffset(Shanghai)),
        new("appraisal", DateTimeOffset.UtcNow.AddDays(10).ToOffset(Shanghai)),
        new("superior-review", DateTimeOffset.UtcNow.AddDays(15).ToOffset(Shanghai)),
        new("determination", DateTimeOffset.UtcNow.AddDays(20).ToOffset(Shanghai)),
    ];
}
