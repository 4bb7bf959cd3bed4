using BenchmarkDotNet.Running;
using BranchRating.Benchmarks;

// Full run:  dotnet run -c Release --project tests/BranchRating.Benchmarks -- --filter '*'
// Quick run: dotnet run -c Release --project tests/BranchRating.Benchmarks -- --quick [--passes N]
// Digest:    dotnet run -c Release --project tests/BranchRating.Benchmarks -- --digest [N] [--ordered]  (SHA-256 of the run as JSON)
// A/B:       dotnet <build>/BranchRating.Benchmarks.dll --ab <build A> <build B> [--rounds N]  (two builds in one process)
if (args.Contains("--digest"))
{
    var at = Array.IndexOf(args, "--digest");
    Digest.Run(at + 1 < args.Length && int.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 20_000, args.Contains("--ordered"));
    return;
}
if (args.Contains("--ab"))
{
    var at = Array.IndexOf(args, "--ab");
    var rounds = Array.IndexOf(args, "--rounds");
    if (at + 2 >= args.Length)
    {
        Console.Error.WriteLine("--ab needs two build folders: --ab <build A> <build B> [--rounds N]");
        return;
    }
    var count = 12;
    if (rounds >= 0 && (rounds + 1 >= args.Length || !int.TryParse(args[rounds + 1], System.Globalization.CultureInfo.InvariantCulture, out count) || count < 3))
    {
        Console.Error.WriteLine("--rounds takes a whole number of at least 3 (the first round compiles and is not counted).");
        return;
    }
    AbRun.Run(args[at + 1], args[at + 2], count);
    return;
}
if (args.Contains("--profile"))
{
    // For a profiler (perf, dotnet-trace): the workload once, then only rating, N times.
    var at = Array.IndexOf(args, "--profile");
    var engine = new BranchRating.Domain.Rating.RatingEngine(BranchRating.Domain.Schemes.Presets.Get("anyang-100"));
    var inputs = Workload.Organizations(RatingBenchmarks.Organizations, ordered: args.Contains("--ordered"));
    Console.WriteLine("workload ready");
    for (var p = at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 10; p > 0; p--)
    {
        GC.Collect();
        GC.KeepAlive(engine.Rate(inputs));
    }
    return;
}
if (args.Contains("--quick"))
{
    var at = Array.IndexOf(args, "--passes");
    QuickRun.Run(at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RatingBenchmarks).Assembly).Run(args);
