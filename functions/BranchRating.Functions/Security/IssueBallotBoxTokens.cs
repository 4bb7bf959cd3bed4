using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using BranchRating.Security.Ballots;
using BranchRating.Security.Input;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// POST /api/v1/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/tokens (organization as a dotted
/// path, e.g. P01.C03.X12.B0042): issues the box's tokens in the counts the rules require, once. Answers the printable
/// list (JSON, or CSV when the client accepts text/csv). The audit trail records who issued how many — never the tokens.
/// </summary>
public static class IssueBallotBoxTokens
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/tokens", HandleAsync)
            .WithName(nameof(IssueBallotBoxTokens))
            .RequireRating(Permission.IssueBallotTokens, ScopeFrom.DottedRoutePath("organization"))
            .RequireRateLimiting(RatingRateLimits.Submissions);

    public static async Task<IResult> HandleAsync(
        string campaignId, string step, string organization, IssueBallotTokensRequest request, HttpContext http,
        BallotBox ballots, AuditTrail audit, CancellationToken cancellationToken)
    {
        var access = http.GetRatingAccess()!;
        BallotBoxKey box;
        try
        {
            box = BallotBoxKey.For(campaignId, step, access.Target);
        }
        catch (ArgumentException e)
        {
            return SecurityProblems.Invalid(e, e.ParamName ?? "route");
        }

        var counts = new Dictionary<BallotGroup, int>
        {
            [BallotGroup.Member] = request.Members,
            [BallotGroup.NonMemberRepresentative] = request.NonMemberRepresentatives,
            [BallotGroup.Household] = request.Households,
            [BallotGroup.ServiceRecipient] = request.ServiceRecipients,
        };
        IssuedBallotTokens issued;
        try
        {
            issued = await ballots.IssueAsync(box, counts, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return SecurityProblems.Invalid(e, "counts");
        }
        catch (InvalidOperationException e)
        {
            return SecurityProblems.Conflict("organization", e.Message);
        }

        await audit.AppendAsync(campaignId, new AuditEntry(
            http.User.Identity?.Name ?? "unknown", access.Grant.ToString(), step, $"ballot-boxes/{box.OrganizationId}",
            null, JsonSerializer.Serialize(counts.ToDictionary(c => c.Key.ToString(), c => c.Value)),
            string.IsNullOrWhiteSpace(request.Reason) ? "ballot tokens issued" : request.Reason), cancellationToken);

        if (http.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true))
        {
            var csv = new StringWriter();
            await SpreadsheetText.WriteCsvRowAsync(csv, ["group", "token"], cancellationToken);
            foreach (var token in issued.Tokens)
            {
                await SpreadsheetText.WriteCsvRowAsync(csv, [token.Group.ToString(), token.Token], cancellationToken);
            }

            return TypedResults.Text(csv.ToString(), "text/csv", Encoding.UTF8);
        }

        return TypedResults.Ok(new IssueBallotTokensResponse(access.Target.Value, step, issued.Tokens.Select(t => new BallotTokenLine(t.Group, t.Token)).ToList()));
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IssueBallotTokensRequest(int Members = 0, int NonMemberRepresentatives = 0, int Households = 0, int ServiceRecipients = 0, string? Reason = null);

public sealed record IssueBallotTokensResponse(string Organization, string Step, IReadOnlyList<BallotTokenLine> Tokens);

public sealed record BallotTokenLine(BallotGroup Group, string Token);
