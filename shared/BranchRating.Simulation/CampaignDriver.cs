using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Operations;
using BranchRating.Contracts.Roster;
using BranchRating.Contracts.Submissions;

namespace BranchRating.Simulation;

/// <summary>
/// Runs a generated county through the HTTP API as its users would: roster import, self-assessments (draft, then
/// submit), ballot tokens and ballots, superior reviews, adjustments; then closes the steps and waits for publication.
/// Every submission carries an Idempotency-Key derived from what it is, so a rerun replays instead of double-counting.
/// </summary>
public sealed class CampaignDriver(HttpClient http, string campaignId)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string CampaignId { get; } = campaignId;

    public int Requests => _requests;

    private int _requests;

    public async Task<CampaignResponse> CreateAsync(string presetId, IReadOnlyList<StepRequest> steps, string name, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/campaigns", new CreateCampaignRequest { Id = CampaignId, Name = name, PresetId = presetId, Steps = steps }, null, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<CampaignResponse>(Json, cancellationToken))!;
    }

    public async Task<RosterImportResponse> ImportRosterAsync(IEnumerable<OrganizationRow> rows, int chunk = 2000, CancellationToken cancellationToken = default)
    {
        int received = 0, imported = 0;
        var refused = new List<RefusedRow>();
        foreach (var part in rows.Chunk(chunk))
        {
            var response = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations", new RosterImportRequest(part), null, cancellationToken);
            var report = (await response.Content.ReadFromJsonAsync<RosterImportResponse>(Json, cancellationToken))!;
            received += report.Received;
            imported += report.Imported;
            refused.AddRange(report.Refused);
        }

        return new RosterImportResponse(received, imported, refused);
    }

    /// <summary>Self-assessment draft + submit, review, tokens + ballots, adjustments of every organization.</summary>
    public Task SubmitAllAsync(GeneratedCounty county, int parallelism = 8, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(county.Organizations, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (o, ct) =>
            {
                await SubmitSelfAssessmentAsync(o, ct);
                await CastBallotsAsync(o, ct);
                await ReviewAsync(o, ct);
                await AdjustAsync(o, ct);
            });

    public async Task SubmitSelfAssessmentAsync(GeneratedOrganization o, CancellationToken cancellationToken = default)
    {
        var code = o.Row.Code!;
        await SendAsync(HttpMethod.Put, $"/api/v1/campaigns/{CampaignId}/organizations/{code}/self-assessment", o.SelfAssessment, null, cancellationToken);
        await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{code}/self-assessment/submit", new { }, $"self-{code}", cancellationToken);
    }

    public async Task<int> CastBallotsAsync(GeneratedOrganization o, CancellationToken cancellationToken = default)
    {
        if (o.Ballots.Count == 0) return 0;
        var code = o.Row.Code!;
        var tokens = await IssueTokensAsync(code, o.Ballots.Count, cancellationToken);
        var withTokens = o.Ballots.Select((b, i) => b with { Token = tokens[i] }).ToList();
        var part = 0;
        foreach (var chunk in withTokens.Chunk(BallotBatchRequest.MaxPerRequest))
        {
            await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{code}/ballots", new BallotBatchRequest(chunk), $"ballots-{code}-{part++}", cancellationToken);
        }

        return withTokens.Count;
    }

    public async Task<IReadOnlyList<string>> IssueTokensAsync(string code, int count, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/ballot-tokens", new BallotTokensRequest(code, count), null, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<BallotTokensResponse>(Json, cancellationToken))!.Tokens;
    }

    public Task ReviewAsync(GeneratedOrganization o, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{o.Row.Code}/reviews", o.Review, $"review-{o.Row.Code}", cancellationToken);

    public async Task AdjustAsync(GeneratedOrganization o, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < o.Adjustments.Count; i++)
        {
            await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/organizations/{o.Row.Code}/adjustments", o.Adjustments[i], $"adjustment-{o.Row.Code}-{i}", cancellationToken);
        }
    }

    public async Task<OperationResponse> CloseStepAsync(string step, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/campaigns/{CampaignId}/operations/close-step", new CloseStepRequest(step), null, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<OperationResponse>(Json, cancellationToken))!;
    }

    /// <summary>Polls an operation's status URL until it completes (or fails, which throws).</summary>
    public async Task<OperationResponse> WaitAsync(string statusUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var operation = (await http.GetFromJsonAsync<OperationResponse>(statusUrl, Json, cancellationToken))!;
            if (operation.Status == OperationStatuses.Completed) return operation;
            if (operation.Status == OperationStatuses.Failed) throw new InvalidOperationException($"Operation {operation.Id} failed: {operation.Detail}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Operation {operation.Id} still {operation.Status} ({operation.Done}/{operation.Total}) after {timeout}.");
            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object body, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            Interlocked.Increment(ref _requests);
            var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return response;
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            // A transient refusal (503) or a storage hiccup is retried with the same Idempotency-Key: it can never double-count.
            if ((response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError) && attempt < 5 && idempotencyKey is not null)
            {
                await Task.Delay(100 * attempt, cancellationToken);
                continue;
            }

            throw new HttpRequestException($"{method} {url} → {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }
    }
}
