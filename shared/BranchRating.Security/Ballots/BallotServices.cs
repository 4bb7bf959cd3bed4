using System.Security.Cryptography;
using Azure.Data.Tables;
using BranchRating.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Ballots;

public static class BallotServices
{
    /// <summary>
    /// Registers <see cref="BallotBox"/> over the <c>ballots</c> table of the host's <see cref="TableServiceClient"/>.
    /// <c>Ballots:PepperKey</c> is required outside Development/Testing; there, without one, a random pepper per
    /// process is used (tokens then do not survive a restart).
    /// </summary>
    public static IServiceCollection AddBranchRatingBallots(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BallotBoxOptions>().Bind(configuration.GetSection(BallotBoxOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BallotBoxOptions>, BallotBoxOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BallotBoxOptions>>().Value;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return new BallotTokenHasher(Pepper(options, environment));
        });
        services.TryAddSingleton(provider => new BallotBox(
            provider.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.Ballots),
            provider.GetRequiredService<BallotTokenHasher>(),
            provider.GetRequiredService<IOptions<BallotBoxOptions>>().Value,
            provider.GetService<NodaTime.IClock>()));
        return services;
    }

    private static byte[] Pepper(BallotBoxOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.PepperKey))
        {
            try
            {
                return Convert.FromBase64String(options.PepperKey);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException("Ballots:PepperKey must be base64 (at least 32 random bytes).", e);
            }
        }

        return environment.IsDevelopment() || environment.IsEnvironment("Testing")
            ? RandomNumberGenerator.GetBytes(32)
            : throw new InvalidOperationException(
                $"Ballots:PepperKey is required in the '{environment.EnvironmentName}' environment (base64 of at least 32 random bytes, from Key Vault).");
    }
}
