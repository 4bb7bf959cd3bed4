using System.Text.Json;
using BranchRating.Domain.Inputs;
using BranchRating.Domain.Results;
using BranchRating.Domain.Tests.Support;

namespace BranchRating.Domain.Tests.Rating;

/// <summary>Inputs and scores are plain records: stored as JSON between scoring and ranking, the run is the same.</summary>
public sealed class SerializationTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Scores_stored_as_json_rank_exactly_like_the_originals()
    {
        var inputs = Enumerable.Range(0, 30)
            .Select(i => Anyang.Subject($"O{i:00}", 60 + i * 1.25m, self: 70 + i, proposed: i % 6, county: i % 2 == 0 ? "C01" : "C02",
                events: i % 7 == 0 ? [Anyang.Event("absence", 3)] : i % 5 == 0 ? [Anyang.Event("commendation", level: "province")] : []))
            .ToArray();
        var engine = Anyang.Engine();
        var scores = inputs.Select(engine.Score).ToArray();

        var stored = scores.Select(s => JsonSerializer.Deserialize<SubjectScore>(JsonSerializer.Serialize(s, Web), Web)!).ToArray();

        Assert.Equal(JsonSerializer.Serialize(engine.Rank(scores), Web), JsonSerializer.Serialize(engine.Rank(stored), Web));
        Assert.Equal(scores[7].LevelChanges.Count, stored[7].LevelChanges.Count);
        Assert.Equal(scores[3].Explanation.PartsOf("rules"), stored[3].Explanation.PartsOf("rules"));
    }

    [Fact]
    public void An_input_read_from_json_scores_like_the_original()
    {
        var input = Anyang.Subject("A", 88.5m, events: [Anyang.Event("commendation", level: "city")], facts: new Dictionary<string, decimal> { ["election-overdue-days"] = 10 });

        var read = JsonSerializer.Deserialize<SubjectInput>(JsonSerializer.Serialize(input, Web), Web)!;

        var engine = Anyang.Engine();
        Assert.Equal(JsonSerializer.Serialize(engine.Score(input), Web), JsonSerializer.Serialize(engine.Score(read), Web));
    }
}
