using System.Text.Json;
using BranchRating.Domain.Results;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>
/// A run's results are assembled when read, and a score's explanation is recomputed from its input when read:
/// both must be stable (same instance, same JSON) and behave like plain records.
/// </summary>
public sealed class ResultViewTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static RatingRun Run() => Anyang.Engine().Rate(Enumerable.Range(0, 25)
        .Select(i => Anyang.Subject($"O{i:00}", 40 + i * 2.5m, self: 95, proposed: 5, county: i % 2 == 0 ? "C01" : "C02",
            satisfied: 20 + i % 21, dissatisfied: 20 - i % 21, events: i % 6 == 0 ? [Anyang.Event("absence", 3)] : [])));

    [Fact]
    public void Reading_a_result_twice_gives_the_same_result()
    {
        var run = Run();

        Assert.Same(run.Results[3], run.Results[3]);
        Assert.Same(run.Results[^1].Explanation, run.Results[^1].Explanation);
        Assert.Equal(run.Results.Count, run.Results.ToList().Count);
    }

    [Fact]
    public void A_run_serializes_the_same_whichever_results_are_read_first()
    {
        var a = Run();
        var b = Run();
        for (var i = b.Results.Count - 1; i >= 0; i--)
        {
            _ = b.Results[i].Explanation.Groups;
        }

        Assert.Equal(JsonSerializer.Serialize(a, Web), JsonSerializer.Serialize(b, Web));
    }

    [Fact]
    public void A_result_keeps_rectification_discrepancy_and_quota_changes_in_order()
    {
        var run = Run();

        var lowest = run.Results[^1];
        Assert.Equal(["discrepancy", "rectification:one-star-or-below"], lowest.Flags.Where(f => !f.StartsWith("insufficient", StringComparison.Ordinal)));
        Assert.Contains(run.Results, r => r.LevelChanges.Any(c => c.Reason == "quota-cap"));
        Assert.All(run.Results.Where(r => r.LevelChanges.Any(c => c.Reason == "quota-cap")), r => Assert.Equal(r.LevelChanges[^1].To, r.FinalLevel));
    }

    [Fact]
    public void With_changes_the_copy_only()
    {
        var original = Run().Results[0];

        var copy = original with { Code = "other", Totals = original.Totals with { Final = 1m } };

        Assert.Equal("other", copy.Code);
        Assert.Equal(1m, copy.Totals.Final);
        Assert.NotEqual("other", original.Code);
        Assert.NotEqual(1m, original.Totals.Final);
        Assert.Equal(original.FinalLevel, copy.FinalLevel);
        Assert.Same(original.Explanation, copy.Explanation);
    }

    [Fact]
    public void Results_built_with_initializers_compare_by_value()
    {
        var source = Run().Results[0];
        SubjectResult Build() => new()
        {
            Code = source.Code,
            Scopes = source.Scopes,
            Totals = source.Totals,
            BandLevel = source.BandLevel,
            ScoredLevel = source.ScoredLevel,
            FinalLevel = source.FinalLevel,
            Explanation = source.Explanation,
        };

        Assert.Equal(Build(), Build());
        Assert.Equal(source.Code, Build().Code);
        Assert.NotEqual(Build(), Build() with { Code = "other" });
    }
}
