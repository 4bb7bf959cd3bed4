using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BranchRating.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace BranchRating.Host.Storage;

/// <summary>Registers the storage clients through <c>Microsoft.Extensions.Azure</c>, the poison queue and the startup creation of queues and tables.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddBranchRatingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        // The clients are built when first resolved, from the validated options (so tests and WebApplicationFactory
        // overrides of configuration apply). DefaultAzureCredential reads AZURE_CLIENT_ID for a user-assigned identity.
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(_ => new DefaultAzureCredential());

            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = Storage(provider);
                return storage.UsesConnectionString
                    ? new TableServiceClient(storage.ConnectionString, options)
                    : new TableServiceClient(new Uri(storage.TableServiceUri!), credential, options);
            });

            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                QueueClientDefaults.Apply(options);
                options.MessageDecodingFailed += args => UndecodableMessages.MoveToPoisonAsync(args, provider);
                var storage = Storage(provider);
                return storage.UsesConnectionString
                    ? new QueueServiceClient(storage.ConnectionString, options)
                    : new QueueServiceClient(new Uri(storage.QueueServiceUri!), credential, options);
            });

            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
            {
                var storage = Storage(provider);
                return storage.UsesConnectionString
                    ? new BlobServiceClient(storage.ConnectionString, options)
                    : new BlobServiceClient(new Uri(storage.BlobServiceUri!), credential, options);
            });
        });

        services.AddSingleton(provider => new PoisonQueue(
            provider.GetRequiredService<QueueServiceClient>(), provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    private static StorageOptions Storage(IServiceProvider provider) => provider.GetRequiredService<IOptions<StorageOptions>>().Value;
}
