using System.Text.Json;
using Azure;
using BranchRating.Contracts;
using BranchRating.Contracts.Messages;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Queues;
using BranchRating.Storage.Submissions;
using BranchRating.Storage.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Submissions;

/// <summary>How a submission handler stores its submission once the gate has accepted it.</summary>
public delegate Task<IdempotentOutcome> StoreSubmission(GateResult gate, string? idempotencyKey, StoredResponse response, CancellationToken cancellationToken);

/// <summary>
/// The common path of every submission: Idempotency-Key → replay of an earlier answer → step gate → durable write
/// (with the idempotency row, one transaction) → queue the scoring → 202 with the status URL.
/// </summary>
public sealed class SubmissionIntake(CampaignGate gate, SubmissionStore submissions, BallotStore ballots, MessageQueue queue, IOptions<PipelineOptions> options)
{
    public static string StatusUrl(string campaignId, string code) => $"/api/v1/campaigns/{campaignId}/organizations/{code}/status";

    public async Task<IResult> AcceptAsync<TRequest>(
        HttpRequest http, string campaignId, string code, string stepKind, string kind, TRequest request, int count, bool ballotTable,
        StoreSubmission store, CancellationToken cancellationToken)
    {
        var (key, keyError) = IdempotencyKeys.Read(http);
        if (key is null)
        {
            return Problems.Invalid(IdempotencyKeys.Header, keyError!);
        }

        var requestHash = IdempotencyKeys.Hash(request);
        var check = await gate.CheckAsync(campaignId, code, stepKind, cancellationToken);
        if (!check.Accepted)
        {
            // A retry of a submission accepted before the step closed still gets its first answer.
            var campaign = await gate.GetCampaignAsync(campaignId, cancellationToken);
            if (campaign is not null && Partitions.IsValidKeyPart(code)
                && await FindAsync(campaignId, campaign.Campaign.Buckets, code, key, ballotTable, cancellationToken) is { } earlier)
            {
                return Replay(new IdempotentOutcome(earlier, true), requestHash, campaignId, code);
            }

            return check.ToProblem();
        }

        var accepted = new SubmissionAccepted(Guid.NewGuid().ToString("N"), kind, "accepted", StatusUrl(campaignId, code), check.CheckedAt, count);
        var response = new StoredResponse(StatusCodes.Status202Accepted, JsonSerializer.Serialize(accepted, JsonSerializerOptions.Web), requestHash);
        if (!gate.StillInTime(check.CheckedAt))
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Too slow to accept safely.", "step", "The request took too long between the step check and its write; retry it with the same Idempotency-Key.");
        }

        IdempotentOutcome outcome;
        try
        {
            outcome = await store(check, key, response, cancellationToken);
        }
        catch (SubmissionRefusedException e)
        {
            // A concurrent duplicate may have stored the submission (spending its tokens…) first: replay its answer.
            return await ReplayIfStoredAsync(campaignId, code, key, ballotTable, requestHash, check, cancellationToken)
                ?? (e.Status == 409 ? Problems.Conflict(e.Field, e.Message) : Problems.Unprocessable(e.Field, e.Message));
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await ReplayIfStoredAsync(campaignId, code, key, ballotTable, requestHash, check, cancellationToken)
                ?? Problems.Conflict(kind, $"The {kind} changed concurrently or already exists; read it again and retry.");
        }

        if (!outcome.Replayed && options.Value.ScoreOnSubmit)
        {
            await queue.SendAsync(StorageNames.Queues.Submissions, new ScoreSubjectsMessage(ScoreSubjectsMessage.Version1, campaignId, [code]), cancellationToken: cancellationToken);
        }

        return Replay(outcome, requestHash, campaignId, code);
    }

    private async Task<IResult?> ReplayIfStoredAsync(string campaignId, string code, string key, bool ballotTable, string requestHash, GateResult check, CancellationToken cancellationToken) =>
        await FindAsync(campaignId, check.Campaign!.Campaign.Buckets, code, key, ballotTable, cancellationToken) is { } earlier
            ? Replay(new IdempotentOutcome(earlier, true), requestHash, campaignId, code)
            : null;

    private Task<StoredResponse?> FindAsync(string campaignId, int buckets, string code, string key, bool ballotTable, CancellationToken cancellationToken) =>
        ballotTable
            ? ballots.FindResponseAsync(campaignId, buckets, code, key, cancellationToken)
            : submissions.FindResponseAsync(campaignId, buckets, code, key, cancellationToken);

    private static IResult Replay(IdempotentOutcome outcome, string requestHash, string campaignId, string code)
    {
        if (outcome.KeyReusedForAnotherRequest(requestHash))
        {
            return Problems.Unprocessable(IdempotencyKeys.Header, "This Idempotency-Key was already used for a different request.");
        }

        return new StoredJsonResult(outcome.Response.Status, outcome.Response.Body, StatusUrl(campaignId, code), outcome.Replayed);
    }
}

/// <summary>Writes a stored JSON answer as is (first answer or replay), with the status URL as Location.</summary>
public sealed class StoredJsonResult(int status, string body, string location, bool replayed) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.Headers.Location = location;
        if (replayed)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(body);
    }
}

/// <summary>Thrown by a <see cref="StoreSubmission"/> callback when the current state forbids the submission.</summary>
public sealed class SubmissionRefusedException(int status, string field, string reason) : Exception(reason)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
}
