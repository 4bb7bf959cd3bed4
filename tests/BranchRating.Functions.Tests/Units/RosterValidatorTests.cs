using BranchRating.Contracts.Roster;
using BranchRating.Functions.Roster;
using BranchRating.Storage.Roster;

namespace BranchRating.Functions.Tests.Units;

public sealed class RosterValidatorTests
{
    [Fact]
    public async Task Hierarchy_paths_follow_parents_in_the_import_then_on_the_roster_and_cycles_are_refused()
    {
        var rows = new List<OrganizationRow>
        {
            Row("B1", "GB1"), Row("GB1", "T01"), Row("X1", "X2"), Row("X2", "X1"), Row("B9", "GB-STORED"),
        };
        var stored = new OrganizationRecord("GB-STORED", "总支", "T02", "C01/T02/GB-STORED", "R", "C01", "rural", 30);
        var (valid, refused) = RosterValidator.Check(rows);

        var records = await RosterValidator.BuildPathsAsync(valid, code => Task.FromResult(code == "GB-STORED" ? stored : null), refused);

        Assert.Equal("T01/GB1/B1", records.Single(r => r.Code == "B1").Path);
        Assert.Equal("C01/T02/GB-STORED/B9", records.Single(r => r.Code == "B9").Path);
        Assert.Equal([3, 4], refused.Where(r => r.Column == "parentCode").Select(r => r.Row).Order());
    }

    private static OrganizationRow Row(string code, string parent) =>
        new() { Code = code, Name = code, ParentCode = parent, Region = "R", County = "C01", Field = "rural", MemberCount = 10 };
}
