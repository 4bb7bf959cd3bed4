using System.Net;
using System.Text.Json;
using BranchRating.Host.Hosting;
using BranchRating.Host.Queues;
using BranchRating.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>The real entry point (Program.cs) through WebApplicationFactory.</summary>
public sealed class ProgramTests(AzuriteFixture azurite)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Program_reads_its_roles_and_serves_health_and_the_OpenAPI_document()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Host:Roles", "api");
            web.UseSetting("Storage:ConnectionString", azurite.ConnectionString);
        });
        var client = factory.CreateClient();

        var health = await client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("api", JsonDocument.Parse(await health.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("roles").GetString());

        var openApi = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.True(document.RootElement.TryGetProperty("paths", out _));

        Assert.Equal(HostRole.Api, factory.Services.GetRequiredService<HostRoles>().Value);
        Assert.Null(factory.Services.GetService<QueueListeners>());
    }
}
