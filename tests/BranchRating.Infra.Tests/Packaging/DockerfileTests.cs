using System.Text.RegularExpressions;
using System.Xml.Linq;
using BranchRating.Infra.Tests.Bicep;

namespace BranchRating.Infra.Tests.Packaging;

/// <summary>
/// functions/BranchRating.Host/Dockerfile cannot be built here (no Docker daemon), so its facts are read:
/// it restores every project the host needs, starts the host assembly and runs unprivileged.
/// </summary>
public sealed partial class DockerfileTests(CompiledInfrastructure infra)
{
    private const string HostProject = "functions/BranchRating.Host/BranchRating.Host.csproj";

    private string[] Lines => File.ReadAllLines(Path.Combine(infra.RepositoryRoot, "functions", "BranchRating.Host", "Dockerfile"));

    [Fact]
    public void The_restore_layer_copies_every_project_the_host_references()
    {
        var copied = Lines.Select(l => CopyProject().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value).ToHashSet();

        var needed = ProjectClosure(HostProject).ToList();

        Assert.Contains(HostProject, needed);
        Assert.All(needed, p => Assert.True(copied.Contains(p), $"The Dockerfile does not copy {p} before 'dotnet restore'"));
    }

    [Fact]
    public void The_image_starts_the_host_assembly_as_a_non_root_user_on_port_8080()
    {
        var finalStage = Lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal)).ToList();
        var assembly = typeof(Program).Assembly.GetName().Name;

        Assert.NotEmpty(finalStage);
        Assert.Contains(finalStage, l => l.Trim() == "USER $APP_UID");
        Assert.DoesNotContain(finalStage, l => Regex.IsMatch(l, @"^USER\s+(root|0)\b"));
        Assert.Contains(finalStage, l => l.Trim() == $"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]");
        Assert.Contains(finalStage, l => l.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal));
        Assert.Contains(Lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", StringComparison.Ordinal));
    }

    [Fact]
    public void Azd_builds_the_host_dockerfile_from_the_repository_root()
    {
        var yaml = File.ReadAllText(Path.Combine(infra.RepositoryRoot, "azure.yaml"));
        var project = Regex.Match(yaml, @"(?m)^\s+project:\s*(\S+)").Groups[1].Value;
        var dockerfile = Regex.Match(yaml, @"(?m)^\s+path:\s*(\./Dockerfile)\s*$").Groups[1].Value;
        var context = Regex.Match(yaml, @"(?m)^\s+context:\s*(\S+)").Groups[1].Value;
        var hook = Regex.Match(yaml, @"(?m)^\s+run:\s*(\S+)").Groups[1].Value;

        var projectDirectory = Path.GetFullPath(Path.Combine(infra.RepositoryRoot, project));
        Assert.True(File.Exists(Path.Combine(projectDirectory, dockerfile)), "azure.yaml points at a missing Dockerfile");
        Assert.Equal(Path.TrimEndingDirectorySeparator(infra.RepositoryRoot),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(projectDirectory, context))));
        Assert.True(File.Exists(Path.Combine(infra.RepositoryRoot, hook)), $"azure.yaml runs a missing hook {hook}");
    }

    [Fact]
    public void The_deploy_hook_uses_only_values_the_template_outputs_or_azd_sets()
    {
        var script = File.ReadAllText(Path.Combine(infra.RepositoryRoot, "infra", "scripts", "postdeploy.sh"));
        var outputs = infra.Template["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        string[] setByAzd = ["SERVICE_API_IMAGE_NAME"];

        var used = Regex.Matches(script, @"\$\{?([A-Z][A-Z0-9_]+)").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, v => Assert.True(outputs.Contains(v) || setByAzd.Contains(v), $"postdeploy.sh reads {v}, which nothing sets"));
    }

    /// <summary>The project and every project it references, transitively, as paths from the repository root.</summary>
    private IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            var xml = XDocument.Load(Path.Combine(infra.RepositoryRoot, current));
            foreach (var reference in xml.Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!))
            {
                var full = Path.GetFullPath(Path.Combine(infra.RepositoryRoot, directory, reference.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(infra.RepositoryRoot, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^COPY\s+(?<path>\S+\.csproj)\s+\S+/?\s*$")]
    private static partial Regex CopyProject();
}
