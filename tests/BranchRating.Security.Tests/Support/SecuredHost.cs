using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using BranchRating.Host.Hosting;
using BranchRating.Security.Authentication;
using BranchRating.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BranchRating.Security.Tests.Support;

/// <summary>The real host (HostRegistration, as Program.cs calls it) with the api role, on the test server, over the tests' Azurite.</summary>
public sealed class SecuredHost : IAsyncDisposable
{
    public const string Audience = "api://branchrating-local";

    private readonly WebApplication _app;

    private SecuredHost(WebApplication app, string connectionString, HttpClient client)
    {
        _app = app;
        Client = client;
        Tables = new TableServiceClient(connectionString);
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client of its own whose requests carry <paramref name="bearer"/> (none when null).</summary>
    public HttpClient CreateClient(string? bearer)
    {
        var client = _app.GetTestClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public TableServiceClient Tables { get; }

    public DevelopmentTokenIssuer Issuer => _app.Services.GetRequiredService<DevelopmentIssuerHolder>().Issuer!;

    /// <summary>Starts the host on the in-memory test server, or with <paramref name="kestrel"/> on a free loopback port (real HTTP parsing).</summary>
    public static async Task<SecuredHost> StartAsync(
        string connectionString, IDictionary<string, string?>? settings = null, bool kestrel = false, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>
        {
            ["Host:Roles"] = "api",
            ["Storage:ConnectionString"] = connectionString,
            ["Auth:Development:SigningKeyPath"] = "",
            ["Auth:RosterRoot"] = "/P01/C03",
            ["Auth:ProtectPipelineEndpoints"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddBranchRatingHost();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapBranchRatingHost();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return new SecuredHost(app, connectionString, client);
    }

    public string Token(string subject, params string[] grants) => Issuer.Issue(subject, grants.Select(RatingGrant.Parse));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? bearer = null, object? json = null, string? rawJson = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        else if (rawJson is not null)
        {
            request.Content = new StringContent(rawJson, System.Text.Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}
