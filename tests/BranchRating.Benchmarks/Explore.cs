using System.Diagnostics;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Schemes;
namespace BranchRating.Benchmarks;
public static class Explore
{
    public static void Run()
    {
        var engine = new RatingEngine(Presets.Get("anyang-100"));
        var inputs = Workload.Organizations(500_000);
        for (var i = 0; i < 20_000; i++) engine.Score(inputs[i]);
        GC.Collect();
        var p = Process.GetCurrentProcess();
        var cpu = p.TotalProcessorTime; var w = Stopwatch.StartNew(); var pause = GC.GetTotalPauseDuration();
        long sum = 0;
        for (var i = 0; i < inputs.Length; i++) sum += engine.Score(inputs[i]).Level.Ordinal;
        Console.WriteLine($"score, discarded: wall {w.ElapsedMilliseconds} ms cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds} ms pause {(GC.GetTotalPauseDuration()-pause).TotalMilliseconds} {sum}");
        var kept = new BranchRating.Domain.Results.SubjectScore[inputs.Length];
        GC.Collect();
        cpu = Process.GetCurrentProcess().TotalProcessorTime; w.Restart(); pause = GC.GetTotalPauseDuration();
        for (var i = 0; i < inputs.Length; i++) kept[i] = engine.Score(inputs[i]);
        Console.WriteLine($"score, kept: wall {w.ElapsedMilliseconds} ms cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds} ms pause {(GC.GetTotalPauseDuration()-pause).TotalMilliseconds}");
        cpu = Process.GetCurrentProcess().TotalProcessorTime; w.Restart(); pause = GC.GetTotalPauseDuration();
        var run = engine.Rank(kept);
        Console.WriteLine($"rank: wall {w.ElapsedMilliseconds} ms cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds} ms pause {(GC.GetTotalPauseDuration()-pause).TotalMilliseconds} {run.Results.Count}");
    }
}
