using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace BranchRating.Testing;

/// <summary>
/// The official storage emulator (Azurite, installed from npm by <c>npm ci</c> at the repository root),
/// started on free loopback ports for one test run and stopped with it.
/// Set <c>BRANCHRATING_TEST_STORAGE</c> to a connection string to use an emulator that is already running.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    public const string DevAccountName = "devstoreaccount1";
    public const string DevAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;
    private readonly string? _location;

    private Azurite(string connectionString, Process? process, string? location, int blobPort, int queuePort, int tablePort)
    {
        ConnectionString = connectionString;
        _process = process;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public string ConnectionString { get; }
    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>Starts a new emulator. With <paramref name="location"/> its data survives a restart on the same ports.</summary>
    public static async Task<Azurite> StartAsync(string? location = null, int blobPort = 0, int queuePort = 0, int tablePort = 0, CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable("BRANCHRATING_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(external) && location is null)
        {
            return new Azurite(external, null, null, 0, 0, 0);
        }

        var root = RepositoryRoot.Find();
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at '{executable}'. Run 'npm ci' at the repository root (the test script does it).");
        }

        blobPort = blobPort == 0 ? FreePort() : blobPort;
        queuePort = queuePort == 0 ? FreePort() : queuePort;
        tablePort = tablePort == 0 ? FreePort() : tablePort;

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            while (!await AcceptsAsync(port, cancellationToken))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on port {port}.");
                }

                if (DateTime.UtcNow > deadline)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"Azurite did not listen on port {port} within 60 s.");
                }

                await Task.Delay(100, cancellationToken);
            }
        }

        var connectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevAccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevAccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevAccountName};";
        return new Azurite(connectionString, process, location, blobPort, queuePort, tablePort);
    }

    /// <summary>Stops this emulator and starts another on the same ports and data folder (a restart).</summary>
    public async Task<Azurite> RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_location is null)
        {
            throw new InvalidOperationException("Only an emulator started with a data location can be restarted.");
        }

        await DisposeAsync();
        return await StartAsync(_location, BlobPort, QueuePort, TablePort, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>One emulator shared by every test of an assembly: <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite has not started.");

    public async ValueTask InitializeAsync() => _azurite = await Azurite.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

public static class RepositoryRoot
{
    /// <summary>The folder holding BranchRating.sln, found from the test binaries upward.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BranchRating.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("BranchRating.sln was not found above " + AppContext.BaseDirectory);
    }
}
