using BranchRating.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BranchRating.Functions.Lifecycle;

/// <summary>Shared pieces of the lifecycle endpoints: problem details for refusals, the department check.</summary>
public static class LifecycleHttp
{
    public static async Task<IResult> RunAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ScheduleInvalid e)
        {
            return Problems.Invalid(e.Errors);
        }
        catch (LifecycleProblem p)
        {
            return p.Status == 400 ? Problems.Invalid(p.Field, p.Message) : Problems.Problem(p.Status, Title(p.Status), p.Field, p.Message);
        }
    }

    /// <summary>The acting department must be named and, when a list is configured, be on it.</summary>
    public static string Department(string? by, IOptions<LifecycleOptions> options)
    {
        if (string.IsNullOrWhiteSpace(by)) throw LifecycleProblem.Invalid("by", "Name the department acting (who), e.g. 'county-org-dept'.");
        var allowed = options.Value.AuthorisedDepartments;
        if (allowed.Count > 0 && !allowed.Contains(by.Trim(), StringComparer.Ordinal))
        {
            throw LifecycleProblem.Forbidden("by", $"'{by}' is not a department authorised to act on the campaign's procedure.");
        }

        return by.Trim();
    }

    public static string Reason(string? reason, string field = "reason")
    {
        if (string.IsNullOrWhiteSpace(reason)) throw LifecycleProblem.Invalid(field, "A reason is required and is recorded.");
        if (reason.Length > 2000) throw LifecycleProblem.Invalid(field, "At most 2000 characters.");
        return reason.Trim();
    }

    private static string Title(int status) => status switch
    {
        403 => "Not authorised.",
        404 => "Not found.",
        409 => "The request conflicts with the current state.",
        _ => "The request cannot be processed.",
    };
}
