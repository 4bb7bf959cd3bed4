using Microsoft.AspNetCore.Http;

namespace BranchRating.Functions.Security;

/// <summary>RFC 9457 answers naming the field and the reason.</summary>
internal static class SecurityProblems
{
    public static IResult Invalid(string field, string reason)
    {
        reason = reason.StartsWith(field + ":", StringComparison.Ordinal) ? reason[(field.Length + 1)..].TrimStart() : reason;
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, detail: $"{field}: {reason}");
    }

    /// <summary>An argument refused by the security building blocks, without the framework's "(Parameter '…')" suffix.</summary>
    public static IResult Invalid(ArgumentException refused, string field)
    {
        var message = refused.Message;
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return Invalid(field, suffix > 0 ? message[..suffix] : message);
    }

    public static IResult Conflict(string field, string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"{field}: {reason}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
}
