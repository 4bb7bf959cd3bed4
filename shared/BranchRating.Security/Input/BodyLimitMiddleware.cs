using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Input;

/// <summary>
/// Enforces the body limit of the matched endpoint (its <see cref="BodyLimitMetadata"/> or
/// <see cref="RequestLimitsOptions.MaxBodyBytes"/>): a declared Content-Length above it is answered 413 at once; a
/// chunked body is cut off when it passes the limit (Kestrel's own limit is set to the same value, and the body
/// stream is wrapped for servers without that feature), surfacing as a 413 <see cref="BadHttpRequestException"/>.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitMetadata>()?.MaxBodyBytes ?? options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload Too Large",
                detail: $"The request body is {context.Request.ContentLength} bytes; this operation accepts at most {limit}.").ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            kestrel.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is null && HttpMethods.IsGet(context.Request.Method) is false)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }

        await next(context);
    }
}

public static class BodyLimitExtensions
{
    /// <summary>Declares this endpoint's body limit (overrides <c>RequestLimits:MaxBodyBytes</c>).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBodyBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBodyBytes);
        builder.Add(endpoint => endpoint.Metadata.Add(new BodyLimitMetadata(maxBodyBytes)));
        return builder;
    }
}
