using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace BranchRating.Functions.Dashboard;

/// <summary>
/// Serves the results dashboard (Dashboard/wwwroot, embedded in this assembly) under <c>/dashboard</c>: files by path,
/// every other path (<c>/dashboard/campaigns/{id}</c>, <c>…/organizations/{code}</c>, <c>…/notice</c>) gets
/// index.html, whose script routes on the address. The pages read <c>/api/v1</c> with the caller's bearer token;
/// the files themselves are public (they hold no data).
/// </summary>
public static class DashboardFiles
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, (byte[] Bytes, string ETag)>> Files = new(Load);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/dashboard", (HttpContext context) => Serve(context, "index.html")).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/dashboard/{**path}", (HttpContext context, string? path) => Serve(context, path)).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>The embedded files' paths (relative to /dashboard/).</summary>
    public static IReadOnlyCollection<string> Paths => Files.Value.Keys;

    private static IResult Serve(HttpContext context, string? path)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        if (!Files.Value.TryGetValue(name, out var file))
        {
            // A file-like path that does not exist is a 404; a page path is the single-page shell.
            if (Path.HasExtension(name)) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"The dashboard has no file '{name}'.");
            name = "index.html";
            file = Files.Value[name];
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return TypedResults.Bytes(file.Bytes, type);
    }

    private static FrozenDictionary<string, (byte[] Bytes, string ETag)> Load()
    {
        var assembly = typeof(DashboardFiles).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"").ToString();
            files[resource[Prefix.Length..].Replace('\\', '/')] = (bytes, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
