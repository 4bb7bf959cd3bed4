using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BranchRating.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>Every HTTP error is RFC 9457 problem details; nothing internal leaks; unbindable JSON names the field.</summary>
public sealed class ProblemDetailsTests(AzuriteFixture azurite)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().GetAsync("/v1/nothing-here", Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("/v1/nothing-here", problem.GetProperty("instance").GetString());
        Assert.Equal("There is no resource at this address.", problem.GetProperty("detail").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_message_type_or_stack_trace()
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().GetAsync("/test/boom", Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        var problem = await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret connection", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("BranchRating", text);
        Assert.DoesNotContain(" at ", text);
        Assert.DoesNotContain(".cs:line", text);
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Theory]
    [InlineData("{\"name\": }", "$.name", "invalid start of a value")]
    [InlineData("{\"name\":\"支部\",\"count\":\"three\"}", "$.count", "expected type")]
    [InlineData("{\"name\":\"支部\",\"count\":3,\"colour\":\"red\"}", "$.colour", "unknown member")]
    [InlineData("{\"name\":\"支部\"}", "$.count", "required member missing")]
    [InlineData("{\"name\":null,\"count\":3}", "$.name", "null is not allowed")]
    [InlineData("{\"name\":\"支部\",\"count\":3,\"kind\":1}", "$.kind", "expected type")]
    public async Task A_body_that_cannot_be_read_is_a_400_problem_naming_the_field_and_the_reason(string body, string field, string reason)
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().PostAsync(
            "/test/echo", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name {field}: {text}");
        Assert.Contains(reason, messages[0].GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("EchoBody", text);
        Assert.DoesNotContain("System.", text);
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem_saying_a_body_is_required()
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().PostAsync("/test/echo", new StringContent("", Encoding.UTF8, "application/json"), Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("A JSON request body is required.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().PostAsync("/test/echo", new StringContent("name=x", Encoding.UTF8, "text/plain"), Ct);

        var problem = await ReadProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_valid_body_is_read_with_camel_case_members_and_enums_as_strings()
    {
        await using var host = await StartApiAsync();
        var response = await host.GetTestClient().PostAsync(
            "/test/echo", new StringContent("{\"name\":\"支部\",\"count\":3,\"kind\":\"fieldBranch\"}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"name\":\"支部\",\"count\":3,\"kind\":\"fieldBranch\"}", await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<WebApplication> StartApiAsync()
    {
        var host = TestHosts.BuildIsolated(azurite.ConnectionString, "api");
        host.MapGet("/test/boom", string () => throw new InvalidOperationException("secret connection string at BranchRating.Storage"));
        host.MapPost("/test/echo", (EchoBody body) => TypedResults.Text(
            JsonSerializer.Serialize(body, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions),
            "application/json", Encoding.UTF8));
        await host.StartAsync(Ct);
        return host;
    }

    private async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}

public enum BranchKind
{
    VillageBranch,
    FieldBranch,
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EchoBody(string Name, int Count, BranchKind? Kind = null);
