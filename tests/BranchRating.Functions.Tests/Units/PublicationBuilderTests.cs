using BranchRating.Functions.Scoring;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Tests.Units;

public sealed class PublicationBuilderTests
{
    private static readonly Dictionary<string, OrganizationRecord> Roster = new()
    {
        ["A"] = new("A", "甲", null, "A", "R1", "C01", "rural", 10),
        ["B"] = new("B", "乙", null, "B", "R1", "C01", "organ", 10),
        ["C"] = new("C", "丙", null, "C", "R2", "C01", "rural", 10),
        ["D"] = new("D", "丁", null, "D", "R1", "C01", "rural", 10),
    };

    [Fact]
    public void Rankings_use_the_engines_rank_where_it_ranked_and_competition_ranks_by_total_elsewhere()
    {
        var ranked = new[]
        {
            Subject("A", 90, 5, county: 2), Subject("B", 95, 5, county: 1), Subject("C", 80, 4, county: 3), Subject("D", 90, 5, county: 2),
        };

        var content = PublicationBuilder.Build(ranked, Roster, ["county", "region"], ["region"]);

        Assert.Equal([("B", 1), ("A", 2), ("D", 2), ("C", 3)], content.Rankings[("county", "C01")].Select(e => (e.Code, e.Rank)));
        Assert.Equal([("B", 1), ("A", 2), ("D", 2)], content.Rankings[("region", "R1")].Select(e => (e.Code, e.Rank)));
        Assert.Equal([("C", 1)], content.Rankings[("region", "R2")].Select(e => (e.Code, e.Rank)));
        var r1 = content.Distributions["region"].Single(d => d.Value == "R1");
        Assert.Equal(3, r1.Total);
        Assert.Equal(3, r1.Levels["5★"]);
        Assert.Equal(4, content.Results.Count);
    }

    [Fact]
    public void Subjects_missing_from_the_roster_are_not_published()
    {
        var content = PublicationBuilder.Build([Subject("A", 90, 5, 1), Subject("GONE", 99, 5, 1)], Roster, ["county"], ["region"]);

        Assert.Equal(["A"], content.Results.Select(r => r.Code));
    }

    private static RankedSubject Subject(string code, decimal total, int level, int county) =>
        new(code, total, level, $"{level}★", new Dictionary<string, int> { ["county"] = county }, "{}");
}
