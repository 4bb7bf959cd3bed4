using System.Security.Claims;
using System.Security.Cryptography;
using BranchRating.Security.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BranchRating.Security.Authentication;

/// <summary>
/// Signs bearer tokens with a local ECDSA P-256 key (ES256) for local use and tests. The host validates them with
/// the same JwtBearer code path as Entra ID tokens; only the trusted key and issuer differ. Production refuses it
/// (<see cref="AuthOptionsValidator"/>). The key is generated per process or kept in a local, uncommitted PEM file.
/// </summary>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    private readonly ECDsa _key;
    private readonly SigningCredentials _credentials;
    private readonly TimeProvider _time;

    public DevelopmentTokenIssuer(DevelopmentIssuerOptions options, string audience, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        Options = options;
        Audience = audience;
        _time = time ?? TimeProvider.System;
        _key = LoadOrCreateKey(options.SigningKeyPath);
        var securityKey = new ECDsaSecurityKey(_key) { KeyId = KeyIdOf(_key) };
        _credentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256);
        ValidationKey = new ECDsaSecurityKey(ECDsa.Create(_key.ExportParameters(includePrivateParameters: false)))
        {
            KeyId = securityKey.KeyId,
        };
    }

    public DevelopmentIssuerOptions Options { get; }

    public string Audience { get; }

    public string Issuer => Options.Issuer;

    /// <summary>The public key the JwtBearer handler trusts (set as <c>IssuerSigningKey</c>).</summary>
    public SecurityKey ValidationKey { get; }

    /// <summary>Mints a token for <paramref name="subject"/> holding <paramref name="grants"/>.</summary>
    public string Issue(string subject, IEnumerable<RatingGrant> grants, TokenShape? shape = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(grants);
        shape ??= new TokenShape();
        var now = (shape.IssuedAt ?? _time.GetUtcNow()).UtcDateTime;
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        var values = grants.Select(g => g.ToString()).ToArray();
        if (values.Length > 0 || shape.ObjectId is null)
        {
            claims[shape.GrantClaimType] = values;
        }

        // Shaped like an Entra ID token: object and tenant ids, grants from the grants table (none in the token).
        if (shape.ObjectId is not null)
        {
            claims["oid"] = shape.ObjectId;
        }

        if (shape.TenantId is not null)
        {
            claims["tid"] = shape.TenantId;
        }

        if (shape.Name is not null)
        {
            claims["name"] = shape.Name;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = shape.Issuer ?? Options.Issuer,
            Audience = shape.Audience ?? Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (shape.Lifetime ?? Options.TokenLifetime),
            Claims = claims,
            SigningCredentials = _credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>
    /// The command-line entry point (see README): mints a token with the key at <paramref name="signingKeyPath"/>,
    /// the file the host's <c>Auth:Development:SigningKeyPath</c> points to.
    /// </summary>
    public static string Mint(string signingKeyPath, string audience, string subject, IEnumerable<string> grants, TimeSpan? lifetime = null)
    {
        using var issuer = new DevelopmentTokenIssuer(new DevelopmentIssuerOptions { Enabled = true, SigningKeyPath = signingKeyPath }, audience);
        return issuer.Issue(subject, grants.Select(RatingGrant.Parse), new TokenShape { Lifetime = lifetime });
    }

    public void Dispose() => _key.Dispose();

    private static ECDsa LoadOrCreateKey(string? path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (string.IsNullOrWhiteSpace(path))
        {
            return key;
        }

        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }

        // Created atomically (write a temporary file, then move it into place without overwriting): when several
        // processes start at once, one key wins and every process reads that one.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            key.ImportFromPem(File.ReadAllText(path));
        }

        return key;
    }

    private static string KeyIdOf(ECDsa key) =>
        Base64UrlEncoder.Encode(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
}

/// <summary>Overrides for a minted token (tests use them to mint expired, foreign-audience or foreign-issuer tokens).</summary>
public sealed record TokenShape
{
    public string? Name { get; init; }
    public string? Audience { get; init; }
    public string? Issuer { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }
    public TimeSpan? Lifetime { get; init; }
    public string GrantClaimType { get; init; } = "br_grant";

    /// <summary>Claim <c>oid</c> (an Entra ID object id); with it and no grants, the token carries no <c>br_grant</c> claim at all.</summary>
    public string? ObjectId { get; init; }

    /// <summary>Claim <c>tid</c> (an Entra ID tenant id).</summary>
    public string? TenantId { get; init; }
}
