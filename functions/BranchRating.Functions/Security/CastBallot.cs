using System.Text.Json.Serialization;
using BranchRating.Security.Authorization;
using BranchRating.Security.Ballots;
using BranchRating.Security.Input;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// POST /api/v1/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/ballots: one anonymous ballot. No
/// bearer token: the single-use ballot token is the credential. 202 when accepted; 409 when the token is unknown for
/// this box or already used; rate-limited per client address. Nothing about the request is stored with the ballot.
/// </summary>
public static class CastBallot
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapPost("/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/ballots", HandleAsync)
            .WithName(nameof(CastBallot))
            .AllowAnonymous()
            .WithBodyLimit(16 * 1024)
            .RequireRateLimiting(RatingRateLimits.Ballots);

    public static async Task<IResult> HandleAsync(
        string campaignId, string step, string organization, CastBallotRequest request, BallotBox ballots, CancellationToken cancellationToken)
    {
        if (!OrganizationPath.TryParse("/" + organization.Replace('.', '/'), out var path, out var pathError))
        {
            return SecurityProblems.Invalid("organization", pathError);
        }

        BallotBoxKey box;
        BallotContent content;
        try
        {
            box = BallotBoxKey.For(campaignId, step, path);
            content = BallotContent.Create(request.Answers ?? new Dictionary<string, string>());
        }
        catch (ArgumentException e)
        {
            return SecurityProblems.Invalid(e, e.ParamName ?? "answers");
        }

        if (string.IsNullOrWhiteSpace(request.Token))
        {
            return SecurityProblems.Invalid("token", "The single-use ballot token printed on the voter's slip is required.");
        }

        var result = await ballots.CastAsync(box, request.Token, content, cancellationToken);
        if (result.Accepted)
        {
            return TypedResults.Accepted((string?)null, new CastBallotResponse(result.Group!.Value));
        }

        return result.Refusal!.Contains("mistyped", StringComparison.Ordinal)
            ? SecurityProblems.Invalid("token", result.Refusal)
            : SecurityProblems.Conflict("token", result.Refusal);
    }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CastBallotRequest(string? Token, Dictionary<string, string>? Answers);

public sealed record CastBallotResponse(BallotGroup Group);
