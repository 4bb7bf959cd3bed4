using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Benchmarks;

/// <summary>
/// One command, under two minutes: rates 500,000 organizations and sorts 500,000 decimals, best of N passes,
/// measured both as wall time and as CPU time of the process (the machine may be shared), with the bytes
/// allocated per organization and the GC pause during rating.
/// </summary>
public static class QuickRun
{
    public static void Run(int passes)
    {
        var n = RatingBenchmarks.Organizations;
        var engine = new RatingEngine(Presets.Get("anyang-100"));
        var inputs = Workload.Organizations(n);
        var orderedInputs = Workload.Organizations(n, ordered: true);
        var decimals = Workload.Decimals(n);

        engine.Rate(Workload.Organizations(20_000, seed: 1)); // warm-up (JIT, tiering)
        engine.Rate(Workload.Organizations(20_000, seed: 1, ordered: true));
        Array.Sort(Workload.Decimals(20_000, seed: 1));

        var rate = Measure.Worst;
        var rateOrdered = Measure.Worst;
        long orderedAllocated = 0;
        var scorePhase = Measure.Worst;
        var rankPhase = Measure.Worst;
        var sort = Measure.Worst;
        long allocated = 0;
        var pause = TimeSpan.Zero;
        var fives = 0;
        var collections = (0, 0, 0);
        long scoreAllocated = 0;
        long twoCallAllocated = 0;
        for (var p = 0; p < passes; p++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var pauseBefore = GC.GetTotalPauseDuration();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            // engine.Rate(inputs): every input scored into the run's columns, then ranked.
            var m = Measure.Start();
            var run = engine.Rate(inputs);
            rate = Measure.Best(rate, m.Stop());
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            pause = GC.GetTotalPauseDuration() - pauseBefore;
            collections = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
            fives = run.Results.Count(r => r.FinalLevel.Ordinal == 5);
            run = null;

            // The same organizations with their scores as IndicatorScores in the scheme's order (no dictionary per submission).
            GC.Collect();
            before = GC.GetAllocatedBytesForCurrentThread();
            m = Measure.Start();
            run = engine.Rate(orderedInputs);
            rateOrdered = Measure.Best(rateOrdered, m.Stop());
            orderedAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
            run = null;

            // The two-call API: engine.Score(input) for each (a SubjectScore object each), then engine.Rank(scores).
            GC.Collect();
            before = GC.GetAllocatedBytesForCurrentThread();
            m = Measure.Start();
            var scores = new SubjectScore[inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                scores[i] = engine.Score(inputs[i]);
            }
            var scored = m.Stop();
            scoreAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
            m = Measure.Start();
            run = engine.Rank(scores);
            var ranked = m.Stop();
            scorePhase = Measure.Best(scorePhase, scored);
            rankPhase = Measure.Best(rankPhase, ranked);
            twoCallAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
            run = null;
            scores = null;

            var copy = (decimal[])decimals.Clone();
            GC.Collect();
            m = Measure.Start();
            Array.Sort(copy);
            sort = Measure.Best(sort, m.Stop());
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"organizations:          {n:N0} in {Workload.Counties} counties ({fives:N0} at 5★ after quotas)"));
        Console.WriteLine(string.Create(c, $"Rate, best of {passes}:       {rate.Wall.TotalMilliseconds,8:N0} ms wall {rate.Cpu.TotalMilliseconds,8:N0} ms CPU"));
        Console.WriteLine(string.Create(c, $"Rate, ordered scores:   {rateOrdered.Wall.TotalMilliseconds,8:N0} ms wall {rateOrdered.Cpu.TotalMilliseconds,8:N0} ms CPU (IndicatorScores in the scheme's order)"));
        Console.WriteLine(string.Create(c, $"two calls, best of {passes}:  {(scorePhase.Wall + rankPhase.Wall).TotalMilliseconds,8:N0} ms wall {(scorePhase.Cpu + rankPhase.Cpu).TotalMilliseconds,8:N0} ms CPU (Score each, then Rank)"));
        Console.WriteLine(string.Create(c, $"  Score × {n:N0}:       {scorePhase.Wall.TotalMilliseconds,8:N0} ms wall {scorePhase.Cpu.TotalMilliseconds,8:N0} ms CPU"));
        Console.WriteLine(string.Create(c, $"  Rank:                 {rankPhase.Wall.TotalMilliseconds,8:N0} ms wall {rankPhase.Cpu.TotalMilliseconds,8:N0} ms CPU"));
        Console.WriteLine(string.Create(c, $"Array.Sort, best of {passes}: {sort.Wall.TotalMilliseconds,8:N0} ms wall {sort.Cpu.TotalMilliseconds,8:N0} ms CPU"));
        Console.WriteLine(string.Create(c, $"ratio:                  {rate.Wall / sort.Wall,8:N1} x wall {rate.Cpu.Ticks / (double)Math.Max(1, sort.Cpu.Ticks),8:N1} x CPU"));
        Console.WriteLine(string.Create(c, $"ratio, ordered scores:  {rateOrdered.Wall / sort.Wall,8:N1} x wall {rateOrdered.Cpu.Ticks / (double)Math.Max(1, sort.Cpu.Ticks),8:N1} x CPU"));
        Console.WriteLine(string.Create(c, $"allocated per org:      {allocated / (double)n,8:N0} bytes (ordered scores: {orderedAllocated / (double)n:N0}; two calls: {twoCallAllocated / (double)n:N0}, of which Score {scoreAllocated / (double)n:N0})"));
        Console.WriteLine(string.Create(c, $"GC pause during rating: {pause.TotalMilliseconds,8:N0} ms (latency mode {GCSettings.LatencyMode}, server GC {GCSettings.IsServerGC})"));
        Console.WriteLine(string.Create(c, $"collections gen0/1/2:   {collections.Item1} / {collections.Item2} / {collections.Item3} (last pass)"));
        Console.WriteLine(string.Create(c, $"load average:           {LoadAverage()}"));
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private readonly record struct Measure(TimeSpan Wall, TimeSpan Cpu)
    {
        public static readonly Measure Worst = new(TimeSpan.MaxValue, TimeSpan.MaxValue);

        public static Running Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

        public static Measure Best(Measure a, Measure b) => new(a.Wall < b.Wall ? a.Wall : b.Wall, a.Cpu < b.Cpu ? a.Cpu : b.Cpu);
    }

    private readonly record struct Running(Stopwatch Watch, TimeSpan Cpu)
    {
        public Measure Stop()
        {
            Watch.Stop();
            return new Measure(Watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - Cpu);
        }
    }
}
