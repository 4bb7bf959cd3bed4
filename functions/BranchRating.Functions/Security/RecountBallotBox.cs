using System.Text.Json;
using BranchRating.Security.Authorization;
using BranchRating.Security.Ballots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// GET /api/v1/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/recount: the box recounted from its
/// stored ballots — tally, digest of the ballot set, exact participation — for a reviewer to compare with the
/// published figures. With <c>?digest=…</c> (and <c>tally</c>) it says whether they are reproduced.
/// </summary>
public static class RecountBallotBox
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder api) =>
        api.MapGet("/campaigns/{campaignId}/steps/{step}/ballot-boxes/{organization}/recount", HandleAsync)
            .WithName(nameof(RecountBallotBox))
            .RequireRating(Permission.VerifyBallots, ScopeFrom.DottedRoutePath("organization"));

    public static async Task<IResult> HandleAsync(
        string campaignId, string step, HttpContext http, BallotBox ballots, string? digest, string? tally, int? count, CancellationToken cancellationToken)
    {
        BallotBoxKey box;
        try
        {
            box = BallotBoxKey.For(campaignId, step, http.GetRatingAccess()!.Target);
        }
        catch (ArgumentException e)
        {
            return SecurityProblems.Invalid(e, e.ParamName ?? "route");
        }

        var recount = await BallotRecount.RunAsync(ballots, box, cancellationToken);
        IReadOnlyList<string>? differences = digest is null
            ? null
            : recount.Compare(tally ?? recount.Tally.ToCanonicalJson(), new BallotSetDigest(count ?? recount.Digest.Count, digest));
        return TypedResults.Ok(new RecountResponse(
            recount.Digest.Count,
            recount.Digest.Sha256,
            recount.Tally.ToCanonicalJson(),
            Counts(recount.Participation.Issued),
            Counts(recount.Participation.Cast),
            Counts(recount.Participation.Unused),
            recount.Participation.IsConsistent,
            differences));
    }

    /// <summary>Counts keyed by group as the API names groups elsewhere (camelCase, like the enum values).</summary>
    private static Dictionary<string, int> Counts(IReadOnlyDictionary<BallotGroup, int> counts) =>
        counts.ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Key.ToString()), p => p.Value);
}

public sealed record RecountResponse(
    int Count,
    string Digest,
    string Tally,
    IReadOnlyDictionary<string, int> Issued,
    IReadOnlyDictionary<string, int> Cast,
    IReadOnlyDictionary<string, int> Unused,
    bool ParticipationConsistent,
    IReadOnlyList<string>? Differences);
