using Azure.Data.Tables;
using BranchRating.Contracts.Campaigns;
using BranchRating.Contracts.Submissions;
using BranchRating.Functions.Http;
using BranchRating.Storage.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Submissions;

/// <summary>
/// POST …/organizations/{code}/ballots (Idempotency-Key): up to 33 anonymous ballots of one organization, each with a
/// single-use token (signed for this campaign and organization, <see cref="BallotTokens"/>). All are stored in one transaction
/// (or none); the ballots are stored without their tokens.
/// </summary>
public static class CastBallots
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/organizations/{code}/ballots", HandleAsync).WithName(nameof(CastBallots))
        .ProducesSubmissionResponses();

    public static async Task<IResult> HandleAsync(
        string campaignId, string code, BallotBatchRequest request, HttpRequest http, CampaignGate gate, SubmissionIntake intake, BallotStore ballots, ProgressRecorder progress, CancellationToken cancellationToken)
    {
        var scheme = await gate.SchemeAsync(campaignId, cancellationToken);
        if (scheme is null) return Problems.NotFound("campaignId", $"Campaign '{campaignId}' does not exist.");
        var list = request.Ballots ?? [];
        var errors = new List<(string, string)>();
        if (list.Count is 0 or > BallotBatchRequest.MaxPerRequest) errors.Add(("ballots", $"From 1 to {BallotBatchRequest.MaxPerRequest} ballots per request."));
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i].Token)) errors.Add(($"ballots[{i}].token", "Each ballot needs its single-use token."));
            errors.AddRange(SchemeChecks.Ballot(scheme, i, list[i]));
            if (list.Take(i).Any(b => b.Token == list[i].Token)) errors.Add(($"ballots[{i}].token", "The same token appears twice in this request."));
        }

        if (errors.Count > 0) return Problems.Invalid(errors);

        return await intake.AcceptAsync(http, campaignId, code, StepKinds.Appraisal, "ballots", request, list.Count, ballotTable: true,
            async (gate, key, response, ct) =>
            {
                // Signed tokens are checked here (no stored row read); a campaign without a ballot key checks them in the transaction.
                var ballotKey = gate.Campaign!.Campaign.BallotKey;
                var forged = ballotKey is null ? -1 : FirstUnsigned(list, ballotKey, campaignId, code);
                if (forged >= 0) throw new SubmissionRefusedException(422, $"ballots[{forged}].token", $"The token was not issued for organization '{code}'.");
                var cast = list.Select(b => new BallotToCast(BallotStore.HashToken(campaignId, b.Token!), b.Ballot, b.Choice, b.ApprovedStars ?? [])).ToList();
                try
                {
                    var outcome = await ballots.CastAsync(campaignId, gate.Campaign.Campaign.Buckets, code, cast, key, response, tokensVerified: ballotKey is not null, ct);
                    if (!outcome.Replayed) await progress.BallotsCastAsync(campaignId, gate.Campaign.Campaign.Buckets, gate.Organization!, cast.Count, ct);
                    return outcome;
                }
                catch (TableTransactionFailedException e) when (BallotStore.TokenRefusal(e, tokensVerified: ballotKey is not null) is { } refusal && refusal.Ballot < cast.Count)
                {
                    throw refusal.NotIssued
                        ? new SubmissionRefusedException(422, $"ballots[{refusal.Ballot}].token", $"The token was not issued for organization '{code}'.")
                        : new SubmissionRefusedException(409, $"ballots[{refusal.Ballot}].token", "The token was already used: one ballot per token.");
                }
            },
            cancellationToken);
    }

    /// <summary>The index of the first ballot whose token was not signed for this campaign and organization, −1 when none.</summary>
    private static int FirstUnsigned(IReadOnlyList<BallotRequest> ballots, byte[] key, string campaignId, string code)
    {
        for (var i = 0; i < ballots.Count; i++)
        {
            if (!BallotTokens.Verify(key, campaignId, code, ballots[i].Token!)) return i;
        }

        return -1;
    }
}
