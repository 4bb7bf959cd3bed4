using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BranchRating.Security.Authentication;

/// <summary>JwtBearer configured from <see cref="AuthOptions"/>: one validation path for Entra ID and development tokens.</summary>
public static class BearerAuthentication
{
    public static IServiceCollection AddBranchRatingAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());

        // The development issuer exists only when enabled; the validator has refused it outside Development/Testing.
        services.TryAddSingleton(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            if (!auth.Development.Enabled)
            {
                return new DevelopmentIssuerHolder(null);
            }

            // A relative key path is relative to the content root (the host project folder under `dotnet run`).
            var development = auth.Development;
            if (!string.IsNullOrWhiteSpace(development.SigningKeyPath) && !Path.IsPathRooted(development.SigningKeyPath))
            {
                var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                development = new DevelopmentIssuerOptions
                {
                    Enabled = true,
                    Issuer = development.Issuer,
                    TokenLifetime = development.TokenLifetime,
                    SigningKeyPath = Path.Combine(root, development.SigningKeyPath),
                };
            }

            return new DevelopmentIssuerHolder(new DevelopmentTokenIssuer(development, auth.Audience, sp.GetService<TimeProvider>()));
        });

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, DevelopmentIssuerHolder>((jwt, auth, development) =>
                Configure(jwt, auth.Value, development.Issuer));
        return services;
    }

    /// <summary>The validation rules, shared by both issuers.</summary>
    internal static void Configure(JwtBearerOptions jwt, AuthOptions auth, DevelopmentTokenIssuer? development)
    {
        jwt.MapInboundClaims = false;
        jwt.IncludeErrorDetails = false;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        jwt.Audience = auth.Audience;
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = auth.ClockSkew,
            NameClaimType = auth.NameClaimType,
            RoleClaimType = auth.GrantClaimType,
        };
        if (auth.ValidIssuers.Count > 0)
        {
            parameters.ValidIssuers = auth.ValidIssuers.ToArray();
        }

        if (development is not null)
        {
            jwt.Authority = null;
            parameters.ValidIssuer = development.Issuer;
            parameters.IssuerSigningKey = development.ValidationKey;
            parameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
        }
        else
        {
            jwt.Authority = auth.Authority;
        }

        jwt.TokenValidationParameters = parameters;
    }
}

/// <summary>The development issuer when enabled (resolve it in tests and the mint command), otherwise null.</summary>
public sealed class DevelopmentIssuerHolder(DevelopmentTokenIssuer? issuer)
{
    public DevelopmentTokenIssuer? Issuer { get; } = issuer;
}
