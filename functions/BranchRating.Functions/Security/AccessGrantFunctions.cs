using System.Security.Claims;
using System.Text.Json;
using BranchRating.Security.Access;
using BranchRating.Security.Audit;
using BranchRating.Security.Authorization;
using BranchRating.Security.Input;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BranchRating.Functions.Security;

/// <summary>
/// Grants of Entra ID principals (tokens without <c>br_grant</c>; see <see cref="AccessGrantClaimsTransformation"/>):
/// <c>PUT|DELETE /api/v1/access/tenants/{tenantId}/principals/{objectId}/grants/{role}/{**scope}</c> grants or revokes
/// <c>role@/scope</c>, allowed to an administrator of that scope (<c>ManageCampaign</c>: an administrator appoints within
/// its own subtree, never above it); <c>GET …/principals/{objectId}/grants</c> lists the principal's grants the caller
/// administers. Every change is recorded in audit chain <see cref="Chain"/> with the principal's grants before and after.
/// Changes reach every instance within <c>Auth:Grants:CacheDuration</c>.
/// </summary>
public static class AccessGrantFunctions
{
    public const string Chain = "access";

    private const string Principal = "/access/tenants/{tenantId}/principals/{objectId}/grants";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPut(Principal + "/{role}/{**scope}", GrantAsync).WithName("GrantAccess")
            .RequireRating(Permission.ManageCampaign, ScopeFrom.RoutePath("scope")).RequireRateLimiting(RatingRateLimits.Submissions)
            .Produces<AccessGrantsResponse>(StatusCodes.Status201Created).Produces<AccessGrantsResponse>().ProducesValidationProblem();
        api.MapDelete(Principal + "/{role}/{**scope}", RevokeAsync).WithName("RevokeAccess")
            .RequireRating(Permission.ManageCampaign, ScopeFrom.RoutePath("scope")).RequireRateLimiting(RatingRateLimits.Submissions)
            .Produces<AccessGrantsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(Principal, ListAsync).WithName("ListAccessGrants").RequireAuthorization()
            .Produces<AccessGrantsResponse>().ProducesValidationProblem();
    }

    public static async Task<IResult> GrantAsync(
        string tenantId, string objectId, string role, string scope, HttpContext http, AccessGrantStore store, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Validate(tenantId, objectId, role, scope) is { } problem) return problem;
        var (tid, oid, grant) = (AccessGrantStore.Normalize(tenantId)!, AccessGrantStore.Normalize(objectId)!, RatingGrant.Parse($"{role}@/{scope}"));
        var before = await store.ListAsync(tid, oid, cancellationToken);
        var by = http.User.Identity?.Name ?? "unknown";
        var created = await store.GrantAsync(tid, oid, grant, by, time.GetUtcNow(), cancellationToken);
        var after = await store.ListAsync(tid, oid, cancellationToken);
        if (created)
        {
            await RecordAsync(http, audit, "GrantAccess", tid, oid, before, after, cancellationToken);
        }

        var response = Response(tid, oid, after);
        return created ? TypedResults.Created($"/api/v1/access/tenants/{tid}/principals/{oid}/grants", response) : TypedResults.Ok(response);
    }

    public static async Task<IResult> RevokeAsync(
        string tenantId, string objectId, string role, string scope, HttpContext http, AccessGrantStore store, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (Validate(tenantId, objectId, role, scope) is { } problem) return problem;
        var (tid, oid, grant) = (AccessGrantStore.Normalize(tenantId)!, AccessGrantStore.Normalize(objectId)!, RatingGrant.Parse($"{role}@/{scope}"));
        var before = await store.ListAsync(tid, oid, cancellationToken);
        if (!await store.RevokeAsync(tid, oid, grant, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"grant: the principal does not hold {grant}.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["grant"] = [$"the principal does not hold {grant}"] } });
        }

        var after = await store.ListAsync(tid, oid, cancellationToken);
        await RecordAsync(http, audit, "RevokeAccess", tid, oid, before, after, cancellationToken);
        return TypedResults.Ok(Response(tid, oid, after));
    }

    public static async Task<IResult> ListAsync(
        string tenantId, string objectId, ClaimsPrincipal user, AccessGrantStore store, RatingAuthorizer authorizer, CancellationToken cancellationToken)
    {
        if (Validate(tenantId, objectId, null, null) is { } problem) return problem;
        var (tid, oid) = (AccessGrantStore.Normalize(tenantId)!, AccessGrantStore.Normalize(objectId)!);
        var visible = (await store.ListAsync(tid, oid, cancellationToken))
            .Where(g => authorizer.Decide(user, Permission.ManageCampaign, g.Grant.Scope).IsAllowed).ToList();
        return TypedResults.Ok(Response(tid, oid, visible));
    }

    private static IResult? Validate(string tenantId, string objectId, string? role, string? scope)
    {
        if (AccessGrantStore.Normalize(tenantId) is null) return SecurityProblems.Invalid("tenantId", "the Entra ID tenant id (tid), a GUID.");
        if (AccessGrantStore.Normalize(objectId) is null) return SecurityProblems.Invalid("objectId", "the principal's Entra ID object id (oid), a GUID.");
        if (role is not null && !RatingGrant.TryParse($"{role}@/{scope}", out _, out var error)) return SecurityProblems.Invalid("grant", error ?? "not a grant");
        return null;
    }

    private static async Task RecordAsync(
        HttpContext http, AuditTrail audit, string action, string tid, string oid, IReadOnlyList<StoredAccessGrant> before, IReadOnlyList<StoredAccessGrant> after, CancellationToken cancellationToken)
    {
        var reason = http.Request.Headers["X-Change-Reason"].ToString() is { Length: > 0 } given ? given[..Math.Min(given.Length, 500)] : action;
        await audit.AppendAsync(Chain, new AuditEntry(
            http.User.Identity?.Name ?? "unknown", http.GetRatingAccess()!.Grant.ToString(), action, $"tenants/{tid}/principals/{oid}",
            JsonSerializer.Serialize(before.Select(g => g.Grant.ToString())), JsonSerializer.Serialize(after.Select(g => g.Grant.ToString())), reason), cancellationToken);
    }

    private static AccessGrantsResponse Response(string tid, string oid, IEnumerable<StoredAccessGrant> grants) =>
        new(tid, oid, grants.Select(g => new AccessGrantLine(g.Grant.ToString(), g.GrantedBy, g.GrantedAt)).ToList());
}

public sealed record AccessGrantsResponse(string TenantId, string ObjectId, IReadOnlyList<AccessGrantLine> Grants);

public sealed record AccessGrantLine(string Grant, string GrantedBy, DateTimeOffset GrantedAt);
