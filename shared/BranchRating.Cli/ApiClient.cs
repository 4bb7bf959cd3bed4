using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BranchRating.Cli;

/// <summary>The API refused a request: its status and RFC 9457 problem details (title, detail, errors by field).</summary>
public sealed class ApiRefusedException(int status, string title, IReadOnlyDictionary<string, string[]> errors)
    : Exception(title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The host could not be reached.</summary>
public sealed class ApiUnreachableException(string url, Exception inner) : Exception(inner.Message, inner)
{
    public string Url { get; } = url;
}

/// <summary>Thin client of the host's /api/v1 routes, typed with BranchRating.Contracts records.</summary>
public sealed class ApiClient(HttpClient http, Uri baseUrl, string? token)
{
    public Uri BaseUrl { get; } = baseUrl;

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>A file answer (CSV, Excel) as bytes.</summary>
    public Task<byte[]> GetBytesAsync(string path, CancellationToken cancellationToken) =>
        SendAsync<byte[]>(HttpMethod.Get, path, null, cancellationToken);

    public Task<T> PostJsonAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, JsonContent.Create(body, options: CliContext.JsonOptions), cancellationToken);

    public Task<T> PostAsync<T>(string path, HttpContent content, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, content, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUrl, "api/v1/" + path.TrimStart('/'));
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiUnreachableException(BaseUrl.ToString(), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiUnreachableException(BaseUrl.ToString(), ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await ProblemAsync(response, cancellationToken);
            if (typeof(T) == typeof(byte[])) return (T)(object)await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return (await response.Content.ReadFromJsonAsync<T>(CliContext.JsonOptions, cancellationToken))!;
        }
    }

    private static async Task<ApiRefusedException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var title = response.ReasonPhrase ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String) title = t.GetString()!;
            if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) title += " — " + d.GetString();
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    errors[p.Name] = p.Value.ValueKind == JsonValueKind.Array
                        ? p.Value.EnumerateArray().Select(x => x.ToString()).ToArray()
                        : [p.Value.ToString()];
                }
            }
        }
        catch (JsonException)
        {
            if (text.Length > 0) title += " — " + text;
        }

        return new ApiRefusedException(status, title, errors);
    }
}
