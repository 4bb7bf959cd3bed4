using System.Diagnostics;
using System.Reflection;

namespace BranchRating.Infra.Tests.Bicep;

/// <summary>
/// The Bicep CLI restored from NuGet with this test project (the same pinned package as .ci/lint-infra).
/// <c>BRANCHRATING_BICEP</c> overrides its path (e.g. on a machine that is not linux-x64).
/// </summary>
public static class BicepCli
{
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("BRANCHRATING_BICEP");
            if (string.IsNullOrWhiteSpace(path))
            {
                path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "BicepPath").Value;
            }

            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The Bicep CLI is not at '{path}': restore tests/BranchRating.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64) or set BRANCHRATING_BICEP.");
            }

            return path;
        }
    }

    /// <summary>Runs <c>bicep args…</c> in <paramref name="workingDirectory"/>; returns the exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var bicep = Path;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit everywhere.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + bicep);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
