using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Ballots;

/// <summary>
/// Checked at startup: token length and limits in range, and outside Development/Testing a pepper of at least 32
/// bytes in base64 (a host must not start and then fail its first ballot request).
/// </summary>
public sealed class BallotBoxOptionsValidator(IHostEnvironment environment) : IValidateOptions<BallotBoxOptions>
{
    public ValidateOptionsResult Validate(string? name, BallotBoxOptions options)
    {
        var failures = new List<string>();
        if (options.RandomSymbols < BallotTokenCodec.MinimumRandomSymbols)
        {
            failures.Add($"Ballots:RandomSymbols must be at least {BallotTokenCodec.MinimumRandomSymbols} (80 bits).");
        }

        if (options.MaxTokensPerBox is < 1 or > 1_000_000)
        {
            failures.Add("Ballots:MaxTokensPerBox must be between 1 and 1,000,000.");
        }

        if (string.IsNullOrWhiteSpace(options.PepperKey))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
            {
                failures.Add($"Ballots:PepperKey is required in the '{environment.EnvironmentName}' environment (base64 of at least 32 random bytes, from Key Vault).");
            }
        }
        else if (!IsPepper(options.PepperKey))
        {
            failures.Add($"Ballots:PepperKey must be base64 of at least {BallotTokenHasher.MinimumPepperBytes} random bytes.");
        }

        if (DateTimeZoneExists(options.TimeZone) is false)
        {
            failures.Add($"Ballots:TimeZone '{options.TimeZone}' is not a known time zone (e.g. Asia/Shanghai).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsPepper(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= BallotTokenHasher.MinimumPepperBytes;
    }

    private static bool DateTimeZoneExists(string zone) => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is not null;
}
