using Microsoft.Extensions.Options;

namespace BranchRating.Host.Storage;

/// <summary>
/// Where the storage account is, bound from section <c>Storage</c>. Locally a connection string (Azurite:
/// <c>UseDevelopmentStorage=true</c>); in Azure the three service URIs, reached with <c>DefaultAzureCredential</c>
/// (managed identity; a user-assigned identity is chosen with <c>AZURE_CLIENT_ID</c>). Never both.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Account connection string (shared key); for Azurite and development only.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://&lt;account&gt;.table.core.windows.net</c>.</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>e.g. <c>https://&lt;account&gt;.queue.core.windows.net</c>.</summary>
    public string? QueueServiceUri { get; set; }

    /// <summary>e.g. <c>https://&lt;account&gt;.blob.core.windows.net</c>.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>At startup, create the queues (with their poison queues) and tables of <c>StorageNames</c> when absent.</summary>
    public bool CreateIfNotExists { get; set; } = true;

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>Refuses a storage configuration that cannot work, naming the environment variable to set.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var uris = new (string Setting, string? Value, string Example)[]
        {
            ("Storage__TableServiceUri", options.TableServiceUri, "https://<account>.table.core.windows.net"),
            ("Storage__QueueServiceUri", options.QueueServiceUri, "https://<account>.queue.core.windows.net"),
            ("Storage__BlobServiceUri", options.BlobServiceUri, "https://<account>.blob.core.windows.net"),
        };

        if (options.UsesConnectionString)
        {
            var alsoSet = uris.Where(u => !string.IsNullOrWhiteSpace(u.Value)).Select(u => u.Setting).ToList();
            return alsoSet.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Storage: set either Storage__ConnectionString or the service URIs, not both (also set: {string.Join(", ", alsoSet)}).");
        }

        var failures = new List<string>();
        foreach (var (setting, value, example) in uris)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"Storage: {setting} is required when Storage__ConnectionString is not set (e.g. {example}; " +
                             "locally set Storage__ConnectionString=UseDevelopmentStorage=true for Azurite).");
            }
            else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"Storage: {setting} must be an absolute http(s) URI such as {example}, not '{value}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
