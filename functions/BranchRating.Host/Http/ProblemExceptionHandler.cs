using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace BranchRating.Host.Http;

/// <summary>
/// Every exception of an HTTP function ends here: a request the framework could not bind becomes a 400 (or 415…)
/// naming the field and the reason; anything else a 500 that says nothing about the code (no message, no stack trace,
/// no type name) and carries the <c>traceId</c> to find the logged exception.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer, nothing went wrong on our side.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = BadRequestProblems.From(bad);
            LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Status ?? 400, problem.Detail);
        }
        else
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, Activity.Current?.Id ?? httpContext.TraceIdentifier);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged. Quote the traceId when reporting it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var written = await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
        if (!written)
        {
            // The client did not accept JSON: answer problem+json all the same.
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }

    [LoggerMessage(LogLevel.Information, "Refused {Method} {Path}: {Status} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string? detail);

    [LoggerMessage(LogLevel.Error, "Unhandled exception in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
