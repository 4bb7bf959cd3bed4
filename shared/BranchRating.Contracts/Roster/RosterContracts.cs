namespace BranchRating.Contracts.Roster;

/// <summary>v1 JSON roster import: thousands of organizations per request (CSV carries the same columns).</summary>
public sealed record RosterImportRequest(IReadOnlyList<OrganizationRow>? Organizations = null);

/// <summary>One organization. CSV header: code,name,parentCode,region,county,field,memberCount.</summary>
public sealed record OrganizationRow
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? ParentCode { get; init; }
    public string? Region { get; init; }
    public string? County { get; init; }
    public string? Field { get; init; }
    public int? MemberCount { get; init; }

    public static readonly IReadOnlyList<string> CsvColumns = ["code", "name", "parentCode", "region", "county", "field", "memberCount"];
}

public sealed record RosterImportResponse(int Received, int Imported, IReadOnlyList<RefusedRow> Refused);

/// <summary>A refused row: 1-based row number (CSV: data rows after the header), the column and the reason.</summary>
public sealed record RefusedRow(int Row, string Column, string Reason);

public sealed record OrganizationResponse(
    string Code, string Name, string? ParentCode, string Path, string Region, string County, string Field, int MemberCount);
