using BenchmarkDotNet.Attributes;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Rating;
using BranchRating.Domain.Results;
using BranchRating.Domain.Schemes;

namespace BranchRating.Benchmarks;

/// <summary>Rating 500,000 organizations under anyang-100 against Array.Sort of 500,000 decimals.</summary>
[MemoryDiagnoser]
public class RatingBenchmarks
{
    public const int Organizations = 500_000;

    private RatingEngine _engine = null!;
    private SubjectInput[] _inputs = [];
    private SubjectInput[] _orderedInputs = [];
    private decimal[] _decimals = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = new RatingEngine(Presets.Get("anyang-100"));
        _inputs = Workload.Organizations(Organizations);
        _orderedInputs = Workload.Organizations(Organizations, ordered: true);
        _decimals = Workload.Decimals(Organizations);
    }

    [Benchmark(Description = "Rate 500k organizations (anyang-100)")]
    public RatingRun Rate() => _engine.Rate(_inputs);

    [Benchmark(Description = "Rate 500k organizations (anyang-100), scores as IndicatorScores")]
    public RatingRun RateOrderedScores() => _engine.Rate(_orderedInputs);

    [Benchmark(Baseline = true, Description = "Array.Sort 500k decimals")]
    public decimal[] Sort()
    {
        var copy = (decimal[])_decimals.Clone();
        Array.Sort(copy);
        return copy;
    }
}
