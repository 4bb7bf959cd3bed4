using System.Diagnostics;
using BranchRating.Testing;

namespace BranchRating.Functions.Tests.Hosting;

/// <summary>The host as the container runs it: <c>dotnet BranchRating.Host.dll</c> with environment variables.</summary>
public sealed class HostProcessTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task As_the_scheduler_job_the_process_runs_the_due_timers_and_exits_0()
    {
        var (exitCode, output) = await RunHostAsync(new Dictionary<string, string>
        {
            ["Host__Roles"] = "scheduler",
            ["Host__RunOnce"] = "true",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains("Run-once scheduler done", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task With_an_unknown_role_the_process_exits_with_an_error_naming_it()
    {
        var (exitCode, output) = await RunHostAsync(new Dictionary<string, string>
        {
            ["Host__Roles"] = "api,cron",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unknown role 'cron'", output);
    }

    private async Task<(int ExitCode, string Output)> RunHostAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BranchRating.Host.dll"));
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the host did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        try
        {
            await process.WaitForExitAsync(Ct).WaitAsync(ProcessTimeout, Ct);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
