using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BranchRating.Security.Authentication;

/// <summary>
/// Refuses configurations that would trust the wrong issuer: the development issuer outside the Development and
/// Testing environments, both issuers at once, or neither; and a missing audience.
/// </summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    /// <summary>The only environments in which the development issuer may be trusted (not configurable on purpose).</summary>
    public static readonly IReadOnlyList<string> DevelopmentEnvironments = ["Development", "Testing"];

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Audience is required: every token must be issued for this API.");
        }

        var hasAuthority = !string.IsNullOrWhiteSpace(options.Authority);
        if (options.Development.Enabled)
        {
            if (!DevelopmentEnvironments.Contains(environment.EnvironmentName, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add(
                    $"Auth:Development:Enabled is refused in the '{environment.EnvironmentName}' environment: the development " +
                    $"issuer may only be trusted in {string.Join(" or ", DevelopmentEnvironments)}.");
            }

            if (hasAuthority)
            {
                failures.Add("Auth:Authority and Auth:Development:Enabled are both set: trust exactly one issuer.");
            }

            if (string.IsNullOrWhiteSpace(options.Development.Issuer))
            {
                failures.Add("Auth:Development:Issuer is required when the development issuer is enabled.");
            }
        }
        else if (!hasAuthority)
        {
            failures.Add("Auth:Authority is required (the OpenID Connect authority, e.g. Microsoft Entra ID), " +
                         "or enable Auth:Development in the Development environment.");
        }
        else if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) ||
                 (options.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Auth:Authority must be an absolute https URI.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add("Auth:ClockSkew must be between 0 and 10 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
