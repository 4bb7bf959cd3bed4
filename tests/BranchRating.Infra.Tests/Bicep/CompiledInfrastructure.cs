using System.Text.Json.Nodes;
using BranchRating.Testing;

namespace BranchRating.Infra.Tests.Bicep;

/// <summary>
/// infra/main.bicep compiled once per test run with the pinned Bicep CLI: the ARM template
/// (<c>bicep build</c>) and its evaluated form (<c>bicep snapshot</c>: every resource the deployment would
/// create, loops expanded, names and ids resolved for a fixed subscription, as ARM would see them).
/// Nothing is reused from earlier runs of .ci/lint-infra, so the facts are always those of the current files.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string Location = "eastasia";
    public const string EnvironmentName = "ci";
    public const string ImageName = "crci.azurecr.io/branchrating-host:test";
    public const string AuthAuthority = "https://login.microsoftonline.com/" + TenantId + "/v2.0";
    public const string AuthAudience = "api://branchrating-ci";

    private string? _workDirectory;

    public string RepositoryRoot { get; } = BranchRating.Testing.RepositoryRoot.Find();

    /// <summary>What <c>bicep build</c> printed (diagnostics: empty when clean).</summary>
    public string BuildOutput { get; private set; } = "";

    /// <summary>The compiled ARM template of main.bicep.</summary>
    public JsonObject Template { get; private set; } = [];

    /// <summary>The resources of a deployment of main.bicep with the parameters above and every other default (scheduler job).</summary>
    public Snapshot Snapshot { get; private set; } = new([]);

    /// <summary>The same deployment with <c>schedulerHosting = 'app'</c>, one timer schedule overridden and an operator principal.</summary>
    public Snapshot AppSnapshot { get; private set; } = new([]);

    /// <summary>A timer schedule the <see cref="AppSnapshot"/> deployment overrides.</summary>
    public const string OverriddenSchedule = "CloseDueSteps";

    public const string OverriddenCron = "0 * * * * *";

    /// <summary>The deploying user's object id given to the <see cref="AppSnapshot"/> deployment.</summary>
    public const string OperatorPrincipalId = "11111111-2222-3333-4444-555555555555";

    /// <summary><c>defaults</c> → <see cref="Snapshot"/>, <c>app</c> → <see cref="AppSnapshot"/>.</summary>
    public Snapshot Variant(string name) => name switch
    {
        "defaults" => Snapshot,
        "app" => AppSnapshot,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such snapshot"),
    };

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var infra = Path.Combine(RepositoryRoot, "infra");
        _workDirectory = Path.Combine(infra, "build", "tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_workDirectory);

        var templatePath = Path.Combine(_workDirectory, "main.json");
        var (buildExit, buildOutput) = await BicepCli.RunAsync(
            infra, ["build", Path.Combine(infra, "main.bicep"), "--outfile", templatePath], cancellationToken);
        BuildOutput = buildOutput.Trim();
        if (buildExit != 0)
        {
            throw new InvalidOperationException("bicep build infra/main.bicep failed:\n" + buildOutput);
        }

        Template = JsonNode.Parse(await File.ReadAllTextAsync(templatePath, cancellationToken))!.AsObject();

        Snapshot = await SnapshotAsync(infra, "defaults", "", cancellationToken);
        AppSnapshot = await SnapshotAsync(
            infra,
            "app",
            $"param schedulerHosting = 'app'\nparam timerSchedules = {{ {OverriddenSchedule}: '{OverriddenCron}' }}\nparam principalId = '{OperatorPrincipalId}'",
            cancellationToken);
    }

    private async Task<Snapshot> SnapshotAsync(string infra, string name, string extraParameters, CancellationToken cancellationToken)
    {
        var parameters = Path.Combine(_workDirectory!, name + ".bicepparam");
        await File.WriteAllTextAsync(parameters, $"""
            using '../../main.bicep'

            param environmentName = '{EnvironmentName}'
            param location = '{Location}'
            param imageName = '{ImageName}'
            param authAuthority = '{AuthAuthority}'
            param authAudience = '{AuthAudience}'
            {extraParameters}
            """, cancellationToken);
        var (exitCode, output) = await BicepCli.RunAsync(
            infra,
            [
                "snapshot", parameters, "--mode", "overwrite",
                "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location,
            ],
            cancellationToken);
        var snapshotPath = Path.ChangeExtension(parameters, ".snapshot.json");
        if (exitCode != 0 || !File.Exists(snapshotPath))
        {
            throw new InvalidOperationException($"bicep snapshot of infra/main.bicep ({name}) failed:\n" + output);
        }

        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(snapshotPath, cancellationToken))!.AsObject();
        return new Snapshot(snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList());
    }

    public ValueTask DisposeAsync()
    {
        if (_workDirectory is not null && Directory.Exists(_workDirectory))
        {
            Directory.Delete(_workDirectory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
