using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace BranchRating.Host.Http;

/// <summary>
/// Turns a request the framework could not bind (malformed or mistyped JSON, missing body, bad route or query value)
/// into problem details that name the field and the reason, without .NET type names or parameter types.
/// </summary>
public static partial class BadRequestProblems
{
    public static ProblemDetails From(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var (field, reason) = Describe(json);
                return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this operation.",
                    Detail = $"{field}: {reason}",
                };
            }
        }

        var status = exception.StatusCode;
        return new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = Scrub(exception.Message),
        };
    }

    /// <summary>The JSON path of the offending member and why it was refused.</summary>
    public static (string Field, string Reason) Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var message = exception.Message;

        if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            return (Join(path, unmapped.Groups["name"].Value), "unknown member; it is not accepted here.");
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var names = missing.Groups["names"].Value.Trim().TrimEnd('.');
            var first = NameInQuotes().Match(names);
            return (first.Success ? Join(path, first.Groups["name"].Value) : path, $"required member missing ({names}).");
        }

        if (NullNotAllowed().Match(message) is { Success: true } nullMember)
        {
            // The message names the .NET member; the client knows it by its camelCase JSON name.
            return (Join(path, JsonNamingPolicy.CamelCase.ConvertName(nullMember.Groups["name"].Value)), "null is not allowed; give a value.");
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return (path, "the value does not have the expected type or format.");
        }

        // Syntax errors: the reader's own words, e.g. "'}' is an invalid start of a value.", plus where.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = Scrub(cut > 0 ? message[..cut] : message);
        if (exception.LineNumber is { } line && exception.BytePositionInLine is { } position)
        {
            reason += $" (line {line + 1}, byte {position + 1})";
        }

        return (path, reason);
    }

    /// <summary>Removes parameter types and .NET type names from a framework message.</summary>
    public static string Scrub(string message)
    {
        if (message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "A JSON request body is required.";
        }

        var scrubbed = TypedParameter().Replace(message, "parameter \"${name}\"");
        scrubbed = TypeName().Replace(scrubbed, "the expected type");
        return scrubbed.Replace(" Did you mean to use a Service instead?", "", StringComparison.Ordinal);
    }

    private static string Join(string path, string name) =>
        path.EndsWith("." + name, StringComparison.OrdinalIgnoreCase) || path.EndsWith("['" + name + "']", StringComparison.OrdinalIgnoreCase)
            ? path
            : path + "." + name;

    [GeneratedRegex("The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("missing required properties including: (?<names>.*)$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("'(?<name>[^']*)'")]
    private static partial Regex NameInQuotes();

    [GeneratedRegex("'(?<name>[^']*)' on type '[^']*' doesn't allow (getting |setting )?null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\"")]
    private static partial Regex TypedParameter();

    [GeneratedRegex(@"(BranchRating|System|Microsoft|NodaTime)(\.[A-Za-z_][\w`]*)+(\[[^\]]*\])?")]
    private static partial Regex TypeName();
}
