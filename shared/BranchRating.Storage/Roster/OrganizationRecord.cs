namespace BranchRating.Storage.Roster;

/// <summary>
/// One organization of a campaign's roster. <see cref="Path"/> is the hierarchy from the highest known ancestor
/// down to this organization, codes joined by '/', e.g. <c>C01/T03/GB07/B12</c>.
/// </summary>
public sealed record OrganizationRecord(
    string Code, string Name, string? ParentCode, string Path, string Region, string County, string Field, int MemberCount);
