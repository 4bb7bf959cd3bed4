using BenchmarkDotNet.Running;
using BranchRating.Benchmarks;

// Full run:  dotnet run -c Release --project tests/BranchRating.Benchmarks -- --filter '*'
// Quick run: dotnet run -c Release --project tests/BranchRating.Benchmarks -- --quick [--passes N]
if (args.Contains("--quick"))
{
    var at = Array.IndexOf(args, "--passes");
    QuickRun.Run(at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RatingBenchmarks).Assembly).Run(args);
