using BenchmarkDotNet.Running;
using BranchRating.Benchmarks;

// Full run:  dotnet run -c Release --project tests/BranchRating.Benchmarks -- --filter '*'
// Quick run: dotnet run -c Release --project tests/BranchRating.Benchmarks -- --quick [--passes N]
// Digest:    dotnet run -c Release --project tests/BranchRating.Benchmarks -- --digest [N]  (SHA-256 of the run as JSON)
if (args.Contains("--digest"))
{
    var at = Array.IndexOf(args, "--digest");
    Digest.Run(at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
    return;
}
if (args.Contains("--quick"))
{
    var at = Array.IndexOf(args, "--passes");
    QuickRun.Run(at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RatingBenchmarks).Assembly).Run(args);
