using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace BranchRating.Benchmarks;

/// <summary>
/// An engine change measured against the code before it in one process: two builds of this project (each with its own
/// BranchRating.Domain) loaded side by side, each with its own workload from the same seed, <c>Rate</c> alternated
/// round by round (A B, B A, …; an even count of rounds gives each build the first turn equally often) with a full
/// collection before each. On a shared machine the ratio B/A of one round is what to compare: a neighbour slows both
/// alike, where two processes minutes apart differ by 10–20 %.
/// </summary>
public static class AbRun
{
    public static void Run(string buildA, string buildB, int rounds)
    {
        if (rounds < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "At least 3 rounds: the first compiles and is not counted.");
        }
        var a = Load(buildA);
        var b = Load(buildB);
        var sort = SortBaseline();
        var times = new[] { new List<double>(), new List<double>() };
        var runs = new[] { a, b };
        for (var r = 0; r < rounds; r++)
        {
            for (var k = 0; k < 2; k++)
            {
                var i = r % 2 == 0 ? k : 1 - k;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var watch = Stopwatch.StartNew();
                GC.KeepAlive(runs[i]());
                times[i].Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        // The first round also compiles: it is shown, not counted.
        var counted = times.Select(t => t.Skip(1).ToList()).ToArray();
        var ratios = counted[1].Zip(counted[0], (y, x) => y / x).Order().ToList();
        Console.WriteLine($"A {buildA}");
        Console.WriteLine($"B {buildB}");
        for (var i = 0; i < 2; i++)
        {
            Console.WriteLine($"{"AB"[i]}: Rate min {counted[i].Min(),5:F0} ms, median {Median(counted[i]),5:F0} ms; {Ratio(counted[i].Min(), sort)} the sort"
                + $"  [{string.Join(" ", times[i].Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}]");
        }
        Console.WriteLine($"Array.Sort {RatingBenchmarks.Organizations:N0} decimals: best {sort:F0} ms (this process)");
        Console.WriteLine($"B/A per round: median {Median(ratios):F3} (min {ratios[0]:F3}, max {ratios[^1]:F3}); best B / best A {counted[1].Min() / counted[0].Min():F3}");
    }

    private static string Ratio(double rate, double sort) => (rate / sort).ToString("F1", CultureInfo.InvariantCulture) + "×";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double SortBaseline()
    {
        var best = double.MaxValue;
        for (var p = 0; p < 5; p++)
        {
            var values = Workload.Decimals(RatingBenchmarks.Organizations);
            var watch = Stopwatch.StartNew();
            Array.Sort(values);
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>The build's workload and a call of its engine's Rate, through reflection (its types are its own).</summary>
    private static Func<object> Load(string build)
    {
        var path = Path.GetFullPath(Path.Combine(build, "BranchRating.Benchmarks.dll"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No build of the benchmarks in '{build}' (dotnet build -c Release -o <folder> tests/BranchRating.Benchmarks).", path);
        }
        var context = new BuildContext(Path.GetDirectoryName(path)!);
        var benchmarks = context.LoadFromAssemblyPath(path);
        var domain = context.LoadFromAssemblyName(new AssemblyName("BranchRating.Domain"));
        var inputs = benchmarks.GetType("BranchRating.Benchmarks.Workload", throwOnError: true)!
            .GetMethod(nameof(Workload.Organizations))!
            .Invoke(null, [RatingBenchmarks.Organizations, 20260701, false])!;
        var scheme = domain.GetType("BranchRating.Domain.Schemes.Presets", throwOnError: true)!
            .GetMethod("Get", [typeof(string)])!
            .Invoke(null, ["anyang-100"])!;
        var engineType = domain.GetType("BranchRating.Domain.Rating.RatingEngine", throwOnError: true)!;
        var engine = Activator.CreateInstance(engineType, [scheme, null])!;
        var rate = engineType.GetMethod("Rate")!;
        return () => rate.Invoke(engine, [inputs])!;
    }

    /// <summary>Loads the build's own assemblies from its folder; the framework's come from the default context.</summary>
    private sealed class BuildContext(string folder) : AssemblyLoadContext(name: null)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
