using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BranchRating.Testing;
using Microsoft.AspNetCore.TestHost;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>
/// The OpenAPI document served at /openapi/v1.json is kept in the repository (openapi/v1.json). When the API changes,
/// regenerate it: <c>BRANCHRATING_UPDATE_OPENAPI=1 dotnet test --project tests/BranchRating.Functions.Tests
/// --filter-class "*OpenApiDocumentTests"</c>, then commit the file.
/// </summary>
public sealed class OpenApiDocumentTests(AzuriteFixture azurite)
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_served_document_is_the_one_kept_in_the_repository_and_promises_problem_details_for_every_error()
    {
        await using var host = TestHosts.Build(azurite.ConnectionString, "api"); // the application's real HTTP functions
        await host.StartAsync(Ct);
        var response = await host.GetTestClient().GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        await host.StopAsync(Ct);

        foreach (var (path, item) in served["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.True(operation!["responses"]?["4XX"] is not null, $"{method} {path} declares its 4XX problem answer");
                Assert.True(operation["responses"]?["5XX"] is not null, $"{method} {path} declares its 5XX problem answer");
            }
        }

        Assert.Null(served["servers"]);
        var text = served.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var file = Path.Combine(RepositoryRoot.Find(), "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("BRANCHRATING_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text, Ct);
        }

        Assert.True(File.Exists(file), $"{file} is missing; generate it (see {nameof(OpenApiDocumentTests)}).");
        var kept = (await File.ReadAllTextAsync(file, Ct)).ReplaceLineEndings("\n");
        Assert.True(kept == text,
            "The API changed and openapi/v1.json is out of date: run BRANCHRATING_UPDATE_OPENAPI=1 dotnet test --project " +
            "tests/BranchRating.Functions.Tests --filter-class \"*OpenApiDocumentTests\" and commit openapi/v1.json.");
    }
}
