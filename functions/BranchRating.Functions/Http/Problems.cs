using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchRating.Functions.Http;

/// <summary>RFC 9457 problem details with an <c>errors</c> map keyed by the field at fault.</summary>
public static class Problems
{
    public static ValidationProblem Invalid(string field, string reason, string title = "The request is invalid.") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: title);

    public static ValidationProblem Invalid(IEnumerable<(string Field, string Reason)> errors, string title = "The request is invalid.") =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()), title: title);

    public static ProblemHttpResult NotFound(string field, string reason) => Problem(StatusCodes.Status404NotFound, "Not found.", field, reason);

    public static ProblemHttpResult Conflict(string field, string reason, string title = "The request conflicts with the current state.") =>
        Problem(StatusCodes.Status409Conflict, title, field, reason);

    public static ProblemHttpResult Unprocessable(string field, string reason, string title = "The request cannot be processed.") =>
        Problem(StatusCodes.Status422UnprocessableEntity, title, field, reason);

    public static ProblemHttpResult Problem(int status, string title, string field, string reason) =>
        TypedResults.Problem(
            detail: reason,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
}
