using System.Text.Json;

namespace BranchRating.Cli;

/// <summary>What every command gets: the API client, the output writers, the language and the output mode.</summary>
public sealed class CliContext(ApiClient api, TextWriter output, TextWriter error, Messages messages, bool json)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public ApiClient Api { get; } = api;
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    public Messages Text { get; } = messages;
    public bool Json { get; } = json;

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}
