using System.Text.Json.Nodes;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Template;

/// <summary>main.bicep compiles cleanly and main.parameters.json (what azd feeds it) fits its parameters.</summary>
public sealed class TemplateBuildTests(CompiledInfrastructure infra)
{
    [Fact]
    public void Main_bicep_compiles_without_errors_or_warnings()
    {
        Assert.DoesNotContain(" : Error ", infra.BuildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(" : Warning ", infra.BuildOutput, StringComparison.Ordinal);
        Assert.Equal("subscriptionDeploymentTemplate.json#",
            ((string)infra.Template["$schema"]!).Split('/')[^1], ignoreCase: true);
    }

    [Fact]
    public async Task Every_azd_parameter_is_declared_and_every_required_parameter_is_given()
    {
        var file = Path.Combine(infra.RepositoryRoot, "infra", "main.parameters.json");
        var given = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!["parameters"]!
            .AsObject().Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var declared = infra.Template["parameters"]!.AsObject();

        Assert.All(given, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare"));
        var required = declared.Where(p => p.Value!.AsObject()["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(given.Contains(name), $"main.bicep requires '{name}', which main.parameters.json does not give"));
    }

    [Fact]
    public async Task Azd_defaults_in_the_parameters_file_are_allowed_values()
    {
        var file = Path.Combine(infra.RepositoryRoot, "infra", "main.parameters.json");
        var given = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!["parameters"]!.AsObject();
        var declared = infra.Template["parameters"]!.AsObject();

        var checkedAny = false;
        foreach (var (name, value) in given)
        {
            // azd substitutes ${VARIABLE=default}; the default must pass the template's @allowed list.
            var match = System.Text.RegularExpressions.Regex.Match((string)value!["value"]!, @"^\$\{[A-Z0-9_]+=(?<default>[^}]*)\}$");
            if (match.Success && declared[name]!["allowedValues"] is JsonArray allowed)
            {
                checkedAny = true;
                Assert.Contains(match.Groups["default"].Value, allowed.Select(a => (string)a!));
            }
        }

        Assert.True(checkedAny, "no azd default is checked against an @allowed list");
    }

    [Theory]
    [InlineData("API_URL")]
    [InlineData("SERVICE_API_URI")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("AZURE_CONTAINER_REGISTRY_ENDPOINT")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("WORKER_APP_NAME")]
    [InlineData("SCHEDULER_NAME")]
    [InlineData("SCHEDULER_KIND")]
    public void The_template_outputs_what_azd_and_the_deploy_hook_need(string output)
    {
        Assert.True(infra.Template["outputs"]!.AsObject().ContainsKey(output), $"main.bicep has no output '{output}'");
    }

    [Fact]
    public void The_api_url_is_the_https_address_of_the_api_app_ingress()
    {
        var expression = (string)infra.Template["outputs"]!["API_URL"]!["value"]!;

        Assert.Contains("apiUrl", expression, StringComparison.Ordinal);
        // languageVersion 2.0 templates (symbolic names: used for conditional modules) key resources by symbol.
        var resources = infra.Template["resources"] is System.Text.Json.Nodes.JsonObject bySymbol
            ? bySymbol.Select(r => r.Value)
            : infra.Template["resources"]!.AsArray();
        var module = resources.Single(r => (string?)r!["name"] == "containerapps")!;
        var inner = (string)module["properties"]!["template"]!["outputs"]!["apiUrl"]!["value"]!;
        Assert.StartsWith("[format('https://{0}'", inner, StringComparison.Ordinal);
        Assert.Contains("ingress.fqdn", inner, StringComparison.Ordinal);
    }
}
