using Azure;
using Azure.Security.KeyVault.Secrets;
using BranchRating.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>
/// Secrets come from Key Vault by name when KeyVault:VaultUri is set, only those the process's roles need.
/// No Key Vault emulator exists: <see cref="InMemoryVault"/> stands in for the service behind <see cref="SecretClient"/>.
/// </summary>
public sealed class KeyVaultSecretsTests
{
    private const string Vault = "https://kv-test.vault.azure.net/";

    [Fact]
    public void The_api_reads_the_ballot_pepper_from_the_vault_into_its_setting()
    {
        var vault = new InMemoryVault(new() { ["Ballots--PepperKey"] = "cGVwcGVy", ["whsec-subscription-1"] = "webhook secret" });

        var configuration = Load("api", vault);

        Assert.Equal("cGVwcGVy", configuration["Ballots:PepperKey"]);
        Assert.Equal(new Uri(Vault), vault.Uri);
        Assert.Equal(["Ballots--PepperKey"], vault.Requested);
    }

    [Fact]
    public void The_vault_value_wins_over_one_from_an_earlier_source()
    {
        var configuration = Load("api", new InMemoryVault(new() { ["Ballots--PepperKey"] = "ZnJvbS12YXVsdA==" }),
            new() { ["Ballots:PepperKey"] = "ZnJvbS1lbnY=" });

        Assert.Equal("ZnJvbS12YXVsdA==", configuration["Ballots:PepperKey"]);
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("scheduler")]
    public void Roles_that_need_no_secret_do_not_call_the_vault(string roles)
    {
        var vault = new InMemoryVault(new() { ["Ballots--PepperKey"] = "cGVwcGVy" });

        var configuration = Load(roles, vault);

        Assert.Null(configuration["Ballots:PepperKey"]);
        Assert.Null(vault.Uri);
    }

    [Fact]
    public void Without_a_vault_setting_nothing_is_read()
    {
        var vault = new InMemoryVault(new() { ["Ballots--PepperKey"] = "cGVwcGVy" });

        var configuration = Load("api", vault, vaultUri: null);

        Assert.Null(configuration["Ballots:PepperKey"]);
        Assert.Null(vault.Uri);
    }

    [Fact]
    public void A_missing_secret_stops_the_host_naming_it_and_how_to_create_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load("api", new InMemoryVault([])));

        Assert.Contains("'Ballots--PepperKey'", error.Message);
        Assert.Contains("Ballots__PepperKey", error.Message);
        Assert.Contains("az keyvault secret set", error.Message);
    }

    [Fact]
    public void A_refused_read_names_the_role_the_identity_needs()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load("api", new InMemoryVault([]) { Status = 403 }));

        Assert.Contains("Key Vault Secrets User", error.Message);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("http://kv-test.vault.azure.net/")]
    public void A_vault_uri_that_is_not_https_is_refused(string uri)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load("api", new InMemoryVault([]), vaultUri: uri));

        Assert.Contains("KeyVault__VaultUri must be an absolute https URI", error.Message);
    }

    [Fact]
    public void Every_secret_setting_is_read_from_a_vault_secret_named_after_its_key()
    {
        var secrets = HostSettings.All.Where(s => s.KeyVaultSecret is not null).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, s =>
        {
            Assert.Equal(s.Key.Replace(":", "--", StringComparison.Ordinal), s.KeyVaultSecret);
            Assert.True(s.RequiredInAzure);
        });
        Assert.Equal(["Ballots:PepperKey"], KeyVaultSecrets.For(HostRoles.Parse("api")).Select(s => s.Key));
        Assert.Empty(KeyVaultSecrets.For(HostRoles.Parse("worker,scheduler")));
    }

    private static IConfiguration Load(string roles, InMemoryVault vault, Dictionary<string, string?>? earlier = null, string? vaultUri = Vault)
    {
        var builder = new ConfigurationManager();
        builder.AddInMemoryCollection(new Dictionary<string, string?>(earlier ?? []) { [KeyVaultSecrets.VaultUriSetting] = vaultUri });
        KeyVaultSecrets.AddTo(builder, builder, HostRoles.Parse(roles), uri =>
        {
            vault.Uri = uri;
            return vault;
        });
        return builder;
    }

    /// <summary>A vault holding <paramref name="secrets"/>: answers GetSecret like the service (404 when absent, or <see cref="Status"/>).</summary>
    private sealed class InMemoryVault(Dictionary<string, string> secrets) : SecretClient
    {
        public Uri? Uri { get; set; }

        public int? Status { get; init; }

        public List<string> Requested { get; } = [];

        public override Response<KeyVaultSecret> GetSecret(string name, string? version = null, SecretContentType? outContentType = null, CancellationToken cancellationToken = default)
        {
            Requested.Add(name);
            if (Status is { } status)
            {
                throw new RequestFailedException(status, "refused");
            }

            return secrets.TryGetValue(name, out var value)
                ? Response.FromValue(SecretModelFactory.KeyVaultSecret(new SecretProperties(name), value), null!)
                : throw new RequestFailedException(404, $"A secret with (name/id) {name} was not found in this key vault.");
        }
    }
}
