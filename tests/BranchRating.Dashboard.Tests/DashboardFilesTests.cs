using System.Net;

namespace BranchRating.Dashboard.Tests;

/// <summary>The files are served from the assembly: page paths get the shell, missing files a problem, no CDN anywhere.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFilesTests(DashboardHost host)
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/campaigns/x")]
    [InlineData("/dashboard/campaigns/x/organizations/y")]
    public async Task A_page_path_gets_the_shell(string path)
    {
        using var response = await host.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/dashboard/js/app.js", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_404_problem()
    {
        using var response = await host.Http.GetAsync("/dashboard/js/missing.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task No_file_loads_anything_from_another_origin()
    {
        foreach (var file in BranchRating.Functions.Dashboard.DashboardFiles.Paths)
        {
            var text = await host.Http.GetStringAsync($"/dashboard/{file}", TestContext.Current.CancellationToken);
            Assert.DoesNotMatch(@"(src|href)=[""']https?://|import .* from ['""]https?://|@import url\(", text);
        }

        Assert.Contains("js/chart.js", BranchRating.Functions.Dashboard.DashboardFiles.Paths);
    }
}
