using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace BranchRating.Host.Hosting;

/// <summary>
/// Loads the host's secrets (the <see cref="HostSettings.All"/> entries with a <see cref="HostSetting.KeyVaultSecret"/>)
/// from the Key Vault named by <c>KeyVault:VaultUri</c> into configuration, once at start, with
/// <see cref="DefaultAzureCredential"/> (the managed identity given by <c>AZURE_CLIENT_ID</c>). Only the secrets the
/// roles of this process need are read, by name: nothing else in the vault (e.g. webhook signing secrets) reaches
/// configuration. Without <c>KeyVault:VaultUri</c> nothing is read and the settings come from configuration as usual
/// (local runs, tests). A missing secret stops the host, naming it.
/// </summary>
public static class KeyVaultSecrets
{
    public const string VaultUriSetting = "KeyVault:VaultUri";

    /// <summary>The settings read from Key Vault by a process with <paramref name="roles"/>.</summary>
    public static IReadOnlyList<HostSetting> For(HostRoles roles) =>
        HostSettings.All.Where(s => s.KeyVaultSecret is not null && (s.RequiredInAzureBy & roles.Value) != HostRole.None).ToList();

    /// <summary>Adds the secrets of <paramref name="roles"/> to <paramref name="configuration"/> when a vault is configured.</summary>
    /// <param name="createClient">Builds the client for a vault URI (tests); default: <see cref="SecretClient"/> with <see cref="DefaultAzureCredential"/>.</param>
    public static void AddTo(IConfigurationBuilder configuration, IConfiguration current, HostRoles roles, Func<Uri, SecretClient>? createClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(roles);
        var setting = current[VaultUriSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return;
        }

        if (!Uri.TryCreate(setting, UriKind.Absolute, out var vaultUri) || vaultUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"KeyVault__VaultUri must be an absolute https URI (the vault's AZURE_KEY_VAULT_ENDPOINT), not '{setting}'.");
        }

        var wanted = For(roles);
        if (wanted.Count == 0)
        {
            return;
        }

        var client = (createClient ?? (uri => new SecretClient(uri, new DefaultAzureCredential())))(vaultUri);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var secret in wanted)
        {
            try
            {
                values[secret.Key] = client.GetSecret(secret.KeyVaultSecret).Value.Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                throw new InvalidOperationException(
                    $"Key Vault secret '{secret.KeyVaultSecret}' (setting {secret.EnvironmentVariable}) is missing in {vaultUri}: create it once, " +
                    $"e.g. az keyvault secret set --vault-name <vault> --name {secret.KeyVaultSecret} --value \"$(openssl rand -base64 32)\".", e);
            }
            catch (RequestFailedException e) when (e.Status == 403)
            {
                throw new InvalidOperationException(
                    $"Key Vault secret '{secret.KeyVaultSecret}' in {vaultUri} may not be read by this identity (AZURE_CLIENT_ID): it needs Key Vault Secrets User on the vault.", e);
            }
        }

        configuration.AddInMemoryCollection(values);
    }
}
